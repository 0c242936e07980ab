"""The home page's sections, contributed by every app and arranged by editors.

An app declares each section it can show with ``@home_section(key, label, order=…)`` in its
``wagtail_hooks.py``: a function of ``(request, home_page, limit)`` that returns a ``HomeSection`` or
``None``. Sections without items are hidden, so the home page shows exactly what the site has.

Editors arrange the home page in its ``sections`` StreamField (``home.blocks.HomeSectionsBlock``): each
block names one declared section (with its own heading and number of items) or holds an editor-made
icon grid. A home page whose field is empty shows every declared section in the declared ``order``.

Quick actions (我要留言, 查询进度 …) come from the ``register_home_action`` hook: a function of
``(request, home_page)`` returning ``HomeAction``s, so each app links its own entry points.
"""

from dataclasses import dataclass, field

from wagtail import hooks

SECTION_HOOK = "register_home_section"
ACTION_HOOK = "register_home_action"


@dataclass
class HomeSection:
    key: str
    title: str
    items: list
    template: str = "includes/home_section.html"
    more_url: str | None = None
    order: int = 100
    extra: dict = field(default_factory=dict)


@dataclass
class HomeAction:
    """One quick action: an entry point a resident reaches in one tap (``icon``: see ``home.icons``)."""

    label: str
    url: str
    icon: str
    order: int = 100
    primary: bool = False


def home_section(key, label, order=100):
    """Declare a home-page section: ``provider(request, home_page, limit)`` → ``HomeSection`` or None."""

    def register(provider):
        provider.section_key = key
        provider.section_label = label
        provider.section_order = order
        hooks.register(SECTION_HOOK, provider)
        return provider

    return register


def providers():
    """``{key: provider}`` of every declared section, in their default order."""
    found = sorted(hooks.get_hooks(SECTION_HOOK), key=lambda provider: provider.section_order)
    return {provider.section_key: provider for provider in found}


def section_choices():
    """The sections an editor can place (the section block's choices)."""
    return [(key, provider.section_label) for key, provider in providers().items()]


def home_actions(request, home_page):
    actions = []
    for provider in hooks.get_hooks(ACTION_HOOK):
        actions.extend(provider(request, home_page))
    return sorted(actions, key=lambda action: action.order)


def _shown(section):
    return section is not None and section.items


def _from_block(request, home_page, block, known):
    value = block.value
    if block.block_type == "service_grid":
        return HomeSection(
            key=f"grid-{block.id}"[:40],
            title=value["heading"],
            items=list(value["items"]),
            template="home/sections/service_grid.html",
        )
    provider = known.get(value["section"])
    if provider is None:  # an app that declared it was removed: the block shows nothing
        return None
    section = provider(request, home_page, value["limit"])
    if section is not None and value["heading"]:
        section.title = value["heading"]
    return section


def get_home_sections(request, home_page):
    """The sections to show, in the editors' arrangement (or every declared one, in order)."""
    known = providers()
    arrangement = getattr(home_page, "sections", None)
    if arrangement:
        sections = [_from_block(request, home_page, block, known) for block in arrangement]
    else:
        sections = [provider(request, home_page, None) for provider in known.values()]
    return [section for section in sections if _shown(section)]
