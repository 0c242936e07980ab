"""Forms as a browser submits them: what the deployment test fills in and posts to the real admin."""

import html.parser
import urllib.parse


class Forms(html.parser.HTMLParser):
    """The forms of a page and what a browser would submit from each (no button)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action"),
                    "fields": [],
                }
            )
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            fields.append([attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]
            fields.append(self._textarea)
        elif tag == "select" and attrs.get("name"):
            self._select = {"field": [attrs["name"], None], "first": None}
            fields.append(self._select["field"])
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["field"][1] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if self._select["field"][1] is None:
                self._select["field"][1] = self._select["first"] or ""
            self._select = None


def post_form(session, url, containing, changes, files=None):
    """GET ``url``, fill in its POST form that has the field ``containing`` as a browser would, apply
    ``changes`` and submit it; return the answer (redirects not followed)."""
    page = session.get(url, timeout=30)
    assert page.status_code == 200, (url, page.status_code)
    parser = Forms()
    parser.feed(page.text)
    forms = [form for form in parser.forms if form["method"] == "post"]
    form = next(
        (
            form
            for form in forms
            if any(name == containing for name, _ in form["fields"]) or containing in (files or {})
        ),
        None,
    )
    assert form is not None, f"no form with {containing} at {url}"
    data = [(name, value) for name, value in form["fields"] if name not in changes]
    data += list(changes.items())
    return session.post(
        urllib.parse.urljoin(url, form["action"] or url),
        data=data,
        files=files,
        headers={"Referer": url},
        timeout=30,
        allow_redirects=False,
    )
