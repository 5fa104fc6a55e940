"""Every URL pattern of the project, the django-ninja API included, read from Django's
resolver: the cross-cutting tests walk these, so a route added tomorrow is walked tomorrow."""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

_KEYWORD = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    route: str  # "orgs/<int:org_id>/edit/", the whole chain of the resolver
    name: str  # "orgs:org-edit" (empty when the pattern has no name)
    kwargs: tuple[str, ...]
    plain: bool  # every part is a path() route, so the URL can be built by substitution

    def url(self, values: dict) -> str:
        if self.plain:
            return "/" + _KEYWORD.sub(lambda m: str(values[m.group(1)]), self.route)
        if not self.name:
            pytest.fail(f"Route {self.route!r} is a regular expression with no name; name it so the tests can build its URL.")
        return reverse(self.name, kwargs=values)

    def __str__(self):
        return "/" + self.route


def _walk(patterns, prefix="", namespace="", plain=True):
    for pattern in patterns:
        part_plain = plain and isinstance(pattern.pattern, RoutePattern)
        if isinstance(pattern, URLResolver):
            ns = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns, part_plain)
        elif isinstance(pattern, URLPattern):
            own = tuple(pattern.pattern.converters) if isinstance(pattern.pattern, RoutePattern) else tuple(pattern.pattern.regex.groupindex)
            outer = tuple(_KEYWORD.findall(prefix)) if plain else ()
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name or ""
            yield Route(prefix + str(pattern.pattern), name, outer + own, part_plain)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))
