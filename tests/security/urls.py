"""Every URL pattern of config.urls, found by walking the resolver, and the path that exercises
one: converters and named regex groups are filled from the case's kwargs (or a harmless
placeholder), so each pattern is requested through its own route and no other."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

PLACEHOLDERS = {"int": "999999", "str": "x", "slug": "x", "path": "x", "drf_format_suffix": ".json"}


@dataclass(frozen=True)
class Pattern:
    route: str  # the joined route strings, as Django's ResolverMatch.route shows them
    name: str | None  # namespaced, e.g. "pilots:report_edit"
    parts: tuple  # RoutePattern/RegexPattern of each level
    callback: object

    @property
    def id(self) -> str:
        return f"{self.name or '-'} {self.route}"


def url_patterns() -> list[Pattern]:
    """Every pattern, depth first, in resolution order."""
    return list(_walk(get_resolver().url_patterns, (), None))


def _walk(entries, parts, namespace):
    for entry in entries:
        here = (*parts, entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, here, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            route = "".join(str(p) for p in here)
            yield Pattern(route=route, name=name, parts=here, callback=entry.callback)


def build_path(pattern: Pattern, kwargs: dict) -> str:
    """The path that resolves to `pattern`, with `kwargs` in its parameters."""
    return "/" + "".join(_fill(part, kwargs) for part in pattern.parts)


def _fill(part, kwargs) -> str:
    if isinstance(part, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: str(kwargs.get(m[2], PLACEHOLDERS[m[1] or "str"])),
            str(part),
        )
    assert isinstance(part, RegexPattern)
    text = str(part).lstrip("^").rstrip("$")
    text = re.sub(
        r"\(\?P<(\w+)>[^)]*\)",
        lambda m: str(kwargs.get(m[1], "json" if m[1] == "format" else "1")),
        text,
    )
    text = text.replace("/?", "/").replace("\\.", ".").replace(".*", "x")
    if re.search(r"[()\[\]\\*+?|]", text):
        raise ValueError(f"give the case a path: {part} has unnamed groups")
    return text
