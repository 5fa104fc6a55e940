"""Every page works offline, on an intranet with no internet: nothing it loads (scripts,
stylesheets, images, frames, fonts) comes from another host. Walks every route without an
object id, for a town clerk and each of the three administrators."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from gonghui.core.roles import Role
from gonghui.testing import login_as, make_user
from gonghui.tests.routes import all_routes

PAGES = [r for r in all_routes() if not r.kwargs]
ROLES = (Role.CLERK, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
# What a browser fetches by itself while showing a page; an <a href> elsewhere is only a link.
LOADED = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src", "embed": "src", "object": "data", "link": "href"}
ELSEWHERE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""", re.I)


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in LOADED and attrs.get(LOADED[tag]):
            if tag != "link" or (attrs.get("rel") or "").lower() not in {"canonical", "alternate", "help", "license"}:
                self.urls.append(attrs[LOADED[tag]])
        if attrs.get("style"):
            self.urls += CSS_URL.findall(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += CSS_URL.findall(data)


def loaded_from_elsewhere(html: str) -> list[str]:
    parser = _Loads()
    parser.feed(html)
    return sorted({u for u in parser.urls if ELSEWHERE.match(u)})


def test_the_finder_sees_a_cdn_script_and_lets_local_ones_be():
    html = '<link rel="stylesheet" href="/static/a.css"><script src="https://cdn.example/x.js"></script><img src="//cdn.example/i.png"><a href="https://example.org">x</a>'
    assert loaded_from_elsewhere(html) == ["//cdn.example/i.png", "https://cdn.example/x.js"]


@pytest.mark.parametrize("route", PAGES, ids=str)
def test_a_page_loads_nothing_from_another_host(city, route):
    problems = []
    for role in ROLES:
        client = login_as(Client(), make_user(role, city.town_a))
        response = client.get(route.url({}), follow=True)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        if elsewhere := loaded_from_elsewhere(response.content.decode("utf-8", "replace")):
            problems.append(f"{route} as {role.label} loads from another host: {', '.join(elsewhere)}")
    assert not problems, "\n".join(problems)
