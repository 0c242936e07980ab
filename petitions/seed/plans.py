"""The demo's petition histories, planned before anything is written.

A plan is what happens to one petition: what the resident writes and when it is submitted, then the
steps in time order — a transition of the workflow's table (or ``approve_message``, a moderator
publishing a held follow-up question), its moment, who acts and the data it takes. ``make_plans`` draws
them from ``demo.random`` alone, so one seed always gives the same histories, and both executors
(``perform`` for the default demo, ``bulk`` for large ones) write the same rows from the same plans.

A step planned after *now* is not taken, nor any after it: the petition waits where it is, as on a
real board. The shares below make a board that is mostly answered, with some waiting at every step,
some answered late (a share that differs per department, so the on-time rates differ), some returned,
extended, supervised, and some rated 不满意 and handled a second time.
"""

import functools
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from ..models import new_tracking_code
from ..workflow import deadlines
from .texts import (
    BUREAUS,
    COMMENTS,
    DEMO_CODES,
    DISPATCH_NOTES,
    EXTENSIONS,
    FOLLOW_UPS,
    HELD_TAIL,
    PLACES,
    REJECTIONS,
    REPLY,
    RETURNS,
    SECOND_REPLY,
    STORIES,
    STREETS,
)

WEEKS = 12
# The demo's hot topic (热点诉求) of this week: a dozen heating complaints of the last five days, so the
# admin's rising topics and the board's 本周热点 have something to show (petitions after the demo codes).
SURGE = range(len(DEMO_CODES), len(DEMO_CODES) + 12)
SURGE_STORY = 2  # "{place}小区供暖不热"
#: two petitions of a few weeks ago that the demo always has: rated 不满意, reopened and answered again
SHOWCASE = range(SURGE.stop, SURGE.stop + 2)
#: ... and one it did not accept (不予受理), so every state shows however few petitions there are
REJECTED = SHOWCASE.stop
PHOTO_POOL = 8
EDITOR, RESIDENT, SYSTEM = "editor", "resident", "system"  # any other actor is a department's slug
#: the share of late replies per department: the bureaus in turn from 4% to 28%, the others 10%
LATE = {slug: 0.04 + 0.06 * (index % 5) for index, (_name, _short, slug) in enumerate(BUREAUS)}


@dataclass
class Step:
    name: str
    at: object
    actor: str
    data: dict = field(default_factory=dict)

    def __post_init__(self):
        self.at = _whole_second(self.at)


@dataclass
class Plan:
    sequence: int
    code: str
    fields: dict  # the petition as the resident writes it; ``topic`` and departments by slug
    submitted_at: object
    photos: list  # indexes into the demo's photo pool
    steps: list


@functools.lru_cache(maxsize=8192)
def _due_on(day, days):
    return deadlines.add_working_days(day, days)


def due(moment, days):
    """``deadlines.add_working_days``, remembered per day: the seed asks for the same days many times."""
    return _due_on(timezone.localtime(moment).date(), days)


def clear_deadlines():
    """Forget the remembered deadlines: editors' calendar corrections may have changed since."""
    _due_on.cache_clear()


def make_plans(rng, now, first, count, reply_days):
    """Plans for petitions number ``first`` to ``first + count - 1`` of the demo; ``reply_days`` maps
    each topic's slug to its reply deadline in working days."""
    planner = _Planner(rng, now, reply_days)
    return [planner.plan(sequence) for sequence in range(first, first + count)]


class _Planner:
    def __init__(self, rng, now, reply_days):
        self.rng = rng
        self.now = now
        self.reply_days = reply_days
        self.showcase = self.rejected = False

    def chance(self, share):
        """True with probability ``share``; never for a showcase petition, which takes every step."""
        return self.rng.random() < share and not self.showcase

    def hours(self, low, high):
        return timedelta(hours=self.rng.uniform(low, high))

    def plan(self, sequence):
        rng = self.rng
        surge = sequence in SURGE
        story = SURGE_STORY if surge else rng.randrange(len(STORIES))
        topic, department, kind, title, content, reply = STORIES[story]
        place = PLACES[rng.randrange(len(PLACES))]
        days = rng.uniform(0.2, 5) if surge else rng.uniform(0.2, 7 * WEEKS)
        days = rng.uniform(20, 40) if sequence in SHOWCASE or sequence == REJECTED else days
        submitted = _whole_second(self.now - timedelta(days=days, minutes=rng.randrange(600)))
        self.showcase = sequence in SHOWCASE
        self.rejected = sequence == REJECTED
        held = not (surge or self.rejected) and self.chance(0.03)  # a held word: it waits for a moderator
        fields = {
            "kind": kind,
            "topic": topic,
            "requested_department": department if rng.random() < 0.4 else None,
            "title": title.format(place=place)[:60],
            "content": content.format(place=place) + (HELD_TAIL if held else ""),
            "address": place,
            "contact_name": rng.choice(["张女士", "李先生", "王阿姨", "刘师傅", "陈同学", ""]),
            "contact_phone": f"13{rng.randrange(5, 10)}{rng.randrange(10**8):08d}",
            "is_anonymous": True,
            "is_public": rng.random() > 0.08,
            "support_count": int(rng.paretovariate(1.6)) - 1,
        }
        photos = [rng.randrange(PHOTO_POOL) for _ in range(rng.randint(1, 3))] if rng.random() < 0.25 else []
        steps = [] if held else self.decision(submitted, topic, department, reply)
        code = DEMO_CODES[sequence] if sequence < len(DEMO_CODES) else new_tracking_code()
        return Plan(
            sequence,
            code,
            fields,
            submitted,
            photos,
            _until_now(sorted(steps, key=lambda step: step.at), self.now),
        )

    def decision(self, submitted, topic, department, reply):
        """受理 or 不予受理 (a few still waiting), then the dispatch."""
        rng = self.rng
        if self.chance(0.04) or self.rejected:
            return [Step("reject", submitted + self.hours(1, 30), EDITOR, {"reason": rng.choice(REJECTIONS)})]
        if self.chance(0.03):
            return []
        accepted = Step("accept", submitted + self.hours(0.5, 20), EDITOR)
        if self.chance(0.05):
            return [accepted]  # waiting to be dispatched
        return [accepted, *self.dispatch(accepted.at, topic, department, reply)]

    def dispatch(self, moment, topic, department, reply):
        """转办 to the story's department; some first go to a street, which returns them (退回)."""
        rng = self.rng
        steps = []
        if self.chance(0.12):
            street = rng.choice(STREETS)[1]
            moment += self.hours(0.5, 12)
            steps.append(Step("dispatch", moment, EDITOR, {"department": street, "note": ""}))
            moment += self.hours(2, 30)
            steps.append(Step("return", moment, street, {"reason": rng.choice(RETURNS)}))
        moment += self.hours(0.5, 24)
        note = rng.choice(DISPATCH_NOTES)
        steps.append(Step("dispatch", moment, EDITOR, {"department": department, "note": note}))
        reply_due = due(moment, self.reply_days[topic])
        if self.chance(0.06):
            return steps  # not claimed yet
        moment += self.hours(1, 30)
        steps.append(Step("claim", moment, department))
        return steps + self.handling(moment, reply_due, department, reply)

    def handling(self, claimed, reply_due, department, reply):
        """Extension, supervision of a late one, follow-up questions, the reply (or none yet)."""
        rng = self.rng
        steps = []
        if self.chance(0.1):
            days = rng.randint(3, 7)
            asked = claimed + self.hours(2, 24)
            data = {"reason": rng.choice(EXTENSIONS), "days": days}
            steps += [
                Step("request_extension", asked, department, data),
                Step("extend", asked + self.hours(1, 20), EDITOR),
            ]
            reply_due = due(reply_due, days)
        late = self.chance(LATE.get(department, 0.1))
        unanswered = self.chance(0.08)
        if late or unanswered:
            replied = reply_due + self.hours(3, 96)
            steps.append(Step("supervise", reply_due + (replied - reply_due) * rng.uniform(0.2, 0.6), EDITOR))
        else:
            start = claimed + timedelta(hours=2)
            replied = start + (max(start, reply_due - timedelta(hours=1)) - start) * rng.random()
        if steps and steps[0].name == "request_extension":
            replied = max(replied, steps[1].at + self.hours(1, 24))
        if self.chance(0.3):
            asked = claimed + (replied - claimed) * rng.uniform(0.1, 0.9)
            body = {"body": rng.choice(FOLLOW_UPS)}
            steps += [
                Step("follow_up", asked, RESIDENT, body),
                Step("approve_message", asked + self.hours(0.5, 8), EDITOR),
            ]
        if unanswered:
            return steps
        steps.append(Step("reply", replied, department, {"body": REPLY.format(reply=reply)}))
        return steps + self.after_reply(replied, department, reply)

    def rating(self):
        rating = self.rng.choices(["satisfied", "fair", "dissatisfied"], weights=[70, 17, 13])[0]
        return {"rating": rating, "comment": COMMENTS[rating] if self.rng.random() < 0.5 else ""}

    def after_reply(self, replied, department, reply):
        """The resident rates (不满意 reopens: a second reply, rated again), or it is closed unrated."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.55 or self.showcase:
            rating = {**self.rating(), "rating": "dissatisfied"} if self.showcase else self.rating()
            rated = Step("rate", replied + self.hours(2, 60), RESIDENT, rating)
            if rated.data["rating"] != "dissatisfied":
                return [rated]
            again = rated.at + self.hours(4, 72)
            data = {"body": SECOND_REPLY.format(reply=reply)}
            rating = {"rating": rng.choice(["satisfied", "fair"]), "comment": ""}
            return [
                rated,
                Step("reply", again, department, data),
                Step("rate", again + self.hours(2, 48), RESIDENT, rating),
            ]
        if roll < 0.85:
            closed = Step("close", replied + self.hours(1, 72), EDITOR)
            if rng.random() < 0.4:
                return [closed, Step("rate", closed.at + self.hours(1, 48), RESIDENT, self.rating())]
            return [closed]
        # nobody rated it: the tick closes it after the rating period
        return [Step("close", replied + timedelta(days=deadlines.RATING_DAYS, minutes=5), SYSTEM)]


def _whole_second(moment):
    """Moments of whole seconds: the clock the perform executor sets keeps them exactly."""
    return moment.replace(microsecond=0)


def _until_now(steps, now):
    """The steps up to the first one after ``now``."""
    taken = []
    for step in steps:
        if step.at > now:
            break
        taken.append(step)
    return taken
