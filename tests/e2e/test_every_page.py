"""Every public page type of the demo site in a real browser, at 390, 768 and 1280 px: a full-page
screenshot of each (written to ``var/screenshots/``, or ``E2E_SCREENSHOTS``, never committed), no
horizontal scroll at any width, and axe-core (vendored in ``tests/e2e/vendor``, so it runs offline)
finding no serious or critical accessibility violation."""

import json
import os
import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WIDTHS = [390, 768, 1280]
FOLDER = Path(os.environ.get("E2E_SCREENSHOTS") or ROOT / "var" / "screenshots")

#: (name, Wagtail page type) of every page type a visitor can open
PAGE_TYPES = [
    ("home", "home.HomePage"),
    ("standard", "home.StandardPage"),
    ("services", "home.ServiceIndexPage"),
    ("service-category", "home.ServiceCategoryPage"),
    ("service-guide", "home.ServiceGuidePage"),
    ("life-event", "home.LifeEventPage"),
    ("survey", "home.SurveyPage"),
    ("contest", "home.ContestPage"),
    ("news-channel", "newsroom.NewsIndexPage"),
    ("news-article", "newsroom.NewsArticlePage"),
    ("departments", "newsroom.DepartmentIndexPage"),
    ("department-channel", "newsroom.DepartmentChannelPage"),
    ("channel-post", "newsroom.ChannelPostPage"),
    ("live", "newsroom.LivePage"),
    ("qa-session", "newsroom.QASessionPage"),
    ("petition-board", "petitions.PetitionBoardPage"),
    ("weekly-reports", "petitions.PetitionReportIndexPage"),
    ("directory", "merchants.DirectoryIndexPage"),
    ("directory-category", "merchants.DirectoryCategoryPage"),
    ("merchant", "merchants.MerchantPage"),
    ("ads", "merchants.ClassifiedBoardPage"),
    ("products", "merchants.ProductIndexPage"),
    ("product", "merchants.ProductPage"),
]
#: (name, the page type it hangs off, the route below it)
ROUTES = [
    ("news-reading", "newsroom.NewsArticlePage", "read/"),
    ("contest-entry-form", "home.ContestPage", "enter/"),
    ("petition-form", "petitions.PetitionBoardPage", "new/"),
    ("petition-track", "petitions.PetitionBoardPage", "track/"),
    ("merchant-application", "merchants.DirectoryIndexPage", "apply/"),
    ("ad-form", "merchants.ClassifiedBoardPage", "new/?board=housing"),
]
#: (name, the page type whose page links to it, a pattern of the link)
LINKED = [
    ("petition", "petitions.PetitionBoardPage", r'href="([^"]+/MS-\d{4}-\d+/)"'),
    ("weekly-report", "petitions.PetitionReportIndexPage", r'href="([^"]+/\d{4}-\d{2}-\d{2}/)"'),
    ("ad", "merchants.ClassifiedBoardPage", r'class="ad-item">.*?href="([^"]+)"'),
]
NAMES = (
    [name for name, _ in PAGE_TYPES]
    + [name for name, *_ in ROUTES]
    + [name for name, *_ in LINKED]
    + ["search"]
)


def read(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


@pytest.fixture(scope="module")
def addresses(site_url):
    """``{name: absolute url}`` of one page of each kind, found through the page API and the pages."""
    found = {}
    for name, page_type in PAGE_TYPES:
        listing = json.loads(read(f"{site_url}/api/v2/pages/?type={page_type}&locale=zh-hans&limit=1"))
        if listing["items"]:
            # the path only: the Site's hostname need not be the address the test serves the site on
            path = urllib.parse.urlsplit(listing["items"][0]["meta"]["html_url"]).path
            found[name] = site_url + path
    by_type = dict(PAGE_TYPES)
    for name, page_type, route in ROUTES:
        parent = next((n for n, t in by_type.items() if t == page_type), None)
        if parent in found:
            found[name] = found[parent] + route
    for name, page_type, pattern in LINKED:
        parent = next(n for n, t in by_type.items() if t == page_type)
        if parent in found and (link := re.search(pattern, read(found[parent]), re.S)):
            found[name] = urllib.parse.urljoin(found[parent], link[1])
    found["search"] = f"{site_url}/zh-hans/search/?q=民声"
    return found


@pytest.fixture(scope="module")
def browser_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("name", NAMES)
def test_the_page_fits_every_width_and_has_no_serious_accessibility_violation(browser_page, addresses, name):
    if name not in addresses:
        pytest.fail(f"the demo site has no {name} page: the seed should make one")
    FOLDER.mkdir(parents=True, exist_ok=True)
    page = browser_page
    overflowing = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(addresses[name], wait_until="load")
        assert response.status < 400, f"{addresses[name]} answered {response.status}"
        page.screenshot(path=str(FOLDER / f"{name}-{width}.png"), full_page=True)
        wide = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        if wide > 0:
            overflowing[width] = wide
            overflowing[f"{width} widest"] = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(-3).map(e => e.tagName + '.' + e.className).join(', ')"""
            )
        if width == WIDTHS[0]:
            violations = serious_violations(page)
            assert not violations, f"{name} at {width}px: {violations}"
    assert not overflowing, f"{name} scrolls sideways: {overflowing}"
