"""Every public form at 320 px, the narrowest phone in use: the page does not scroll sideways, and the
form's submit button is on screen, inside the width, and clickable (nothing covers it). The other widths
are ``test_every_page.py``'s; this file adds only the forms at 320 px."""

import json
import urllib.parse

import pytest

from .test_every_page import FOLDER, addresses, read  # noqa: F401 - the fixture of every page's address

pytestmark = pytest.mark.e2e

WIDTH = 320
#: (name of the page in ``addresses``, the form on it)
FORMS = [
    ("petition-form", "form.petition-form"),
    ("petition-track", "main form[method=post]"),
    ("merchant-application", "main form[method=post]"),
    ("ad-form", "form.ad-form"),
    ("survey", "form.survey-form"),
    ("qa-session", "main form.petition-form"),
    ("search", "main form.search-form"),
]


@pytest.fixture(scope="module")
def form_addresses(site_url, addresses):  # noqa: F811
    """``addresses``, with a Q&A session that takes questions (the first one may have ended)."""
    found = dict(addresses)
    listing = json.loads(read(f"{site_url}/api/v2/pages/?type=newsroom.QASessionPage&locale=zh-hans"))
    for item in listing["items"]:
        url = site_url + urllib.parse.urlsplit(item["meta"]["html_url"]).path
        if 'id="qa-ask"' in (html := read(url)) and 'class="petition-form"' in html:
            found["qa-session"] = url
            break
    return found


@pytest.fixture(scope="module")
def narrow_page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": WIDTH, "height": 640}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(("name", "form"), FORMS)
def test_the_form_fits_320_px_and_its_submit_button_can_be_pressed(narrow_page, form_addresses, name, form):
    if name not in form_addresses:
        pytest.fail(f"the demo site has no {name} page: the seed should make one")
    page = narrow_page
    response = page.goto(form_addresses[name], wait_until="load")
    assert response.status < 400, f"{form_addresses[name]} answered {response.status}"
    FOLDER.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(FOLDER / f"form-{name}-{WIDTH}.png"), full_page=True)
    wide = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    widest = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))"""
    )
    assert wide <= 0, f"{name} scrolls {wide} px sideways at {WIDTH} px: {widest}"
    submit = page.locator(f"{form} [type=submit]").last
    assert submit.count() == 1, f"{name} has no submit button in {form}"
    submit.scroll_into_view_if_needed()
    assert submit.is_visible() and submit.is_enabled()
    box = submit.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"{name}'s submit button is cut off: {box}"
    submit.click(trial=True, timeout=5000)  # Playwright's actionability checks: visible, stable, not covered
