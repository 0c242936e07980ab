"""Opening hours: the rows a merchant may enter, and "open now" in Asia/Shanghai, computed in the query."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from merchants import hours
from merchants.factories import MerchantPageFactory, OpeningHoursFactory
from merchants.models import MerchantPage

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0, tz=SHANGHAI):
    """A moment in the week of Monday 2026-11-16 (day 0 = Monday)."""
    return datetime(2026, 11, 16 + day, hour, minute, tzinfo=tz)


def test_a_row_that_ends_before_it_starts_is_refused_with_a_hint_about_overnight_hours():
    message = hours.row_error(time(18, 0), time(2, 0), False)
    assert "次日" in message


def test_an_overnight_row_is_accepted_when_marked_next_day():
    assert hours.row_error(time(18, 0), time(2, 0), True) is None


def test_a_next_day_row_longer_than_a_day_is_refused():
    assert hours.row_error(time(10, 0), time(11, 0), True) is not None


def test_overlapping_rows_on_one_day_are_reported_against_the_later_row():
    rows = [(0, time(10, 0), time(14, 0), False), (0, time(13, 0), time(20, 0), False)]
    errors = hours.overlap_errors(rows)
    assert list(errors) == [1]
    assert "第 1 行" in errors[1]


def test_a_lunch_and_a_dinner_opening_do_not_overlap():
    rows = [(0, time(10, 0), time(14, 0), False), (0, time(17, 0), time(21, 0), False)]
    assert hours.overlap_errors(rows) == {}


def test_sunday_night_running_into_monday_morning_overlaps_an_early_monday_opening():
    rows = [(6, time(20, 0), time(3, 0), True), (0, time(1, 0), time(9, 0), False)]
    assert list(hours.overlap_errors(rows)) == [1]


@pytest.fixture
def merchants(food):
    lunch = MerchantPageFactory(parent=food, title="午市面馆")
    OpeningHoursFactory(merchant=lunch, weekday=0, opens=time(10, 0), closes=time(14, 0))
    bar = MerchantPageFactory(parent=food, title="深夜烧烤")
    OpeningHoursFactory(merchant=bar, weekday=6, opens=time(18, 0), closes=time(2, 0), closes_next_day=True)
    OpeningHoursFactory(merchant=bar, weekday=0, opens=time(18, 0), closes=time(2, 0), closes_next_day=True)
    return lunch, bar


def open_titles(now):
    return sorted(MerchantPage.objects.open_now(now).values_list("title", flat=True))


def test_a_merchant_is_open_inside_its_hours_and_closed_outside(merchants):
    assert open_titles(at(0, 11)) == ["午市面馆"]
    assert open_titles(at(0, 15)) == []


def test_a_merchant_closes_at_its_closing_minute(merchants):
    assert open_titles(at(0, 13, 59)) == ["午市面馆"]
    assert open_titles(at(0, 14, 0)) == []


def test_overnight_hours_keep_a_merchant_open_after_midnight(merchants):
    assert open_titles(at(1, 1, 30)) == ["深夜烧烤"]  # Tuesday 01:30, from Monday night
    assert open_titles(at(1, 2, 30)) == []


def test_sunday_night_hours_run_into_monday_morning(merchants):
    assert open_titles(at(0, 1, 0)) == ["深夜烧烤"]  # Monday 01:00, from Sunday night


def test_open_now_is_reckoned_in_shanghai_time_whatever_the_clock_zone(merchants):
    utc_monday_3am = at(0, 3, tz=ZoneInfo("UTC"))  # 11:00 in Shanghai
    assert open_titles(utc_monday_3am) == ["午市面馆"]


def test_the_page_and_the_query_agree_on_open_now(merchants):
    lunch, bar = merchants
    for moment in [at(0, 1), at(0, 11), at(0, 15), at(1, 1, 30), at(3, 12)]:
        expected = set(open_titles(moment))
        actual = {page.title for page in (lunch, bar) if page.is_open_at(moment)}
        assert actual == expected, moment
