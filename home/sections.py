"""The home page's sections, contributed by every app.

Each app registers a function with the ``register_home_section`` hook in its ``wagtail_hooks.py``; the
function receives the request and the home page and returns a ``HomeSection`` or ``None``. Sections
without items are hidden, so the home page shows exactly what the site has.
"""

from dataclasses import dataclass, field

from wagtail import hooks


@dataclass
class HomeSection:
    key: str
    title: str
    items: list
    template: str = "includes/home_section.html"
    more_url: str | None = None
    order: int = 100
    extra: dict = field(default_factory=dict)


def get_home_sections(request, home_page):
    sections = []
    for provider in hooks.get_hooks("register_home_section"):
        section = provider(request, home_page)
        if section is not None and section.items:
            sections.append(section)
    return sorted(sections, key=lambda section: section.order)
