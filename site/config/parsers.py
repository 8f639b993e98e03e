"""The API's JSON parser: DRF's, refusing bodies nested deeper than any endpoint reads.

Python's json module recurses once per level, so a body of 1 000 nested lists raised
RecursionError inside DRF's parser, which the exception handler does not know: a 500 on every
JSON endpoint, also anonymously on the token endpoint. No request body of this API nests more
than a few levels (a report's values are object → list → object), so anything deeper than
MAX_DEPTH is refused as a parse error: HTTP 400 with a message, before any view code runs.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = depth_exceeds(data, MAX_DEPTH)
        if too_deep:
            raise ParseError(
                _("JSON-data får vara nästlade i högst %(n)s nivåer.") % {"n": MAX_DEPTH}
            )
        return data


def depth_exceeds(data, limit: int) -> bool:
    """Whether lists and objects nest deeper than `limit` (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if depth > limit:
            return True
        stack.extend((item, depth + 1) for item in value)
    return False
