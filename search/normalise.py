"""Text fit for the index, and highlighting in Python (every backend's titles and snippets).

Which words count as matches is the query plan's business (`search.plan.matcher`): stems,
compound parts and folded forms, as the backends matched them.
"""

import re
from collections.abc import Callable
from html import escape

WORD = re.compile(r"[^\W_]+")
SENTINELS = ("\ue000", "\ue001")


def words(text: str) -> list[str]:
    """The words of a text (letters and digits; punctuation and underscores separate)."""
    return WORD.findall(text or "")


def clean(text: str) -> str:
    """Text fit for the index: no NUL (PostgreSQL refuses it), no highlight sentinels."""
    text = (text or "").replace("\x00", "")
    for mark in SENTINELS:
        text = text.replace(mark, "")
    return text


def marked_to_html(text: str) -> str:
    """Escape a text whose matches are wrapped in sentinels, then turn those into <mark>."""
    html = escape(text)
    return html.replace(SENTINELS[0], "<mark>").replace(SENTINELS[1], "</mark>")


def match_spans(text: str, match: Callable[[str], bool] | None) -> list[tuple[int, int]]:
    """Where the matching words of `text` are."""
    if match is None:
        return []
    return [m.span() for m in WORD.finditer(text or "") if match(m.group())]


def highlight(
    text: str, match: Callable[[str], bool] | None, *, max_chars: int = 240, whole=False
) -> str:
    """HTML: an excerpt of `text` around the first match, matches in <mark>, the rest escaped.
    `whole` marks the whole text (titles) instead of cutting an excerpt."""
    text = clean(text)
    spans = match_spans(text, match)
    start, end = 0, len(text)
    if not whole and len(text) > max_chars:
        first = spans[0][0] if spans else 0
        start = max(0, text.rfind(" ", 0, max(first - max_chars // 3, 0)) + 1) if first else 0
        end = start + max_chars
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    pieces, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        pieces += [text[pos:s], SENTINELS[0], text[s:e], SENTINELS[1]]
        pos = e
    pieces.append(text[pos:end])
    html = marked_to_html("".join(pieces))
    return ("… " if start else "") + html + (" …" if end < len(text) else "")
