"""Axis ranges and ticks that fit the data: Heckbert's "nice numbers" (Graphics Gems, 1990).

Every chart on the site asks `axis()` for its value axis instead of choosing its own range, so
values of 2–8 % get 0, 2, 4, 6, 8 rather than 0–100, and a chart never hand-tunes its ticks.
Plain Python (no Django): about forty lines, tested in tests/pilots/test_ticks.py, which is why
no plotting library is pulled in for it.
"""

import math

NICE_STEPS = (1, 2, 5, 10)


def nice_number(value: float, *, round_: bool) -> float:
    """The nice number (1, 2 or 5 × 10ⁿ) nearest `value` (round_) or at least `value`."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    fraction = value / 10**exponent
    if round_:
        nice = 1 if fraction < 1.5 else 2 if fraction < 3 else 5 if fraction < 7 else 10
    else:
        nice = next(step for step in NICE_STEPS if fraction <= step)
    return nice * 10**exponent


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Heckbert's loose labelling: round ticks from at or below `low` to at or above `high`,
    about `count` of them, a whole step apart."""
    if math.isclose(low, high):
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    if high < low:
        low, high = high, low
    span = nice_number(high - low, round_=False)
    step = nice_number(span / max(count - 1, 1), round_=True)
    start = math.floor(low / step + 1e-9) * step
    end = math.ceil(high / step - 1e-9) * step
    places = max(0, -math.floor(math.log10(step)))
    ticks, i = [], 0
    while start + i * step <= end + step * 1e-9:
        ticks.append(round(start + i * step, places + 1) + 0.0)
        i += 1
    return ticks


def axis(
    values: list[float],
    *,
    count: int = 5,
    zero: bool = True,
    ceiling: float | None = None,
) -> list[float]:
    """Ticks for a value axis over `values`.

    `zero`: start at zero when the data are all positive and zero is near enough to keep the
    picture honest (the smallest value under half the largest); otherwise fit the data.
    `ceiling`: a value the axis never passes (100 for percentages).
    """
    numbers = [float(v) for v in values if v is not None]
    if not numbers:
        return [0.0, 1.0]
    low, high = min(numbers), max(numbers)
    if zero and low >= 0 and (low <= high / 2 or low == high):
        low = 0.0
    elif zero and high <= 0 and high >= low / 2:
        high = 0.0
    ticks = nice_ticks(low, high, count)
    if ceiling is not None and ticks[-1] > ceiling >= high:
        ticks = [t for t in ticks if t < ceiling] + [float(ceiling)]
        if len(ticks) > 2 and ticks[-1] - ticks[-2] < (ticks[1] - ticks[0]) / 2:
            del ticks[-2]
    return ticks


def text_width(text: str, font_size: float = 12) -> float:
    """A generous estimate of a label's width in SVG units (no font metrics on the server):
    used to keep labels inside the drawing and legend items apart."""
    return len(text) * font_size * 0.62


def wrap(text: str, width: float, font_size: float = 12, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines that fit `width`; the last one ends in "…" if cut."""
    words, out, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if text_width(candidate, font_size) <= width or not line:
            line = candidate
        else:
            out.append(line)
            line = word
    out.append(line)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    last = out[-1]
    while text_width(last, font_size) > width and len(last) > 1:
        last = last[:-2] + "…"
    out[-1] = last
    return out
