"""Axis ranges, ticks and label extents shared by every server-rendered chart on the site.

Ticks come from matplotlib's `MaxNLocator` (the tick algorithm behind most published plots), so
values of 2–8 % get 0, 2, 4, 6, 8 rather than 0–100 and no chart hand-tunes its own ticks. Text
extents come from the metrics of DejaVu Sans, which matplotlib ships (so it works offline): it is
the font Chromium uses for `system-ui` on Linux and is wider than Segoe UI, Roboto or Helvetica,
and a safety margin is added on top, so a label measured to fit does fit. Only matplotlib's
backend-free parts are used (ticker, ft2font), imported on first use so a process that draws no
chart does not pay for them. Tested in tests/pilots/test_ticks.py and the chart tests.
"""

import math
from functools import lru_cache
from pathlib import Path

# Steps a tick may take, times a power of ten: 1, 2, 2.5 and 5 read as round numbers.
STEPS = (1, 2, 2.5, 5, 10)
# Browsers may draw `system-ui` in a font a little wider than DejaVu Sans, or hint it wider.
SAFETY = 1.1


@lru_cache(maxsize=8)
def _locator(count: int):
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=max(count - 1, 1), steps=list(STEPS))


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round, evenly spaced ticks from at or below `low` to at or above `high`."""
    if math.isclose(low, high):
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    if high < low:
        low, high = high, low
    raw = [float(t) for t in _locator(count).tick_values(low, high)]
    step = raw[1] - raw[0]
    eps = step * 1e-9
    # The locator may add a tick beyond the data on either side; keep only the covering range.
    first = max(i for i, t in enumerate(raw) if t <= low + eps)
    last = min(i for i, t in enumerate(raw) if t >= high - eps)
    places = max(0, -math.floor(math.log10(step))) + 2
    return [round(t, places) + 0.0 for t in raw[first : last + 1]]


def axis(
    values: list[float],
    *,
    count: int = 5,
    zero: bool = True,
    ceiling: float | None = None,
) -> list[float]:
    """Ticks for a value axis over `values`; the first and last tick are the axis range.

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


def round_breaks(values: list[float], breaks: list[float], count: int = 5) -> list[float]:
    """Class breaks (for a map legend) rounded to the precision of the data's nice ticks, so a
    legend reads "10–15" rather than "9,83–15,27"; the first stays at or below the smallest
    value and the last at or above the largest, and breaks never run backwards."""
    if not values or not breaks:
        return list(breaks)
    ticks = nice_ticks(min(values), max(values), count)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    unit = 10 ** math.floor(math.log10(step)) / 2  # half a decade below the tick step
    places = max(0, -math.floor(math.log10(unit)) + 1)
    rounded = [round(round(b / unit) * unit, places) + 0.0 for b in breaks]
    rounded[0] = round(math.floor(min(values) / unit + 1e-9) * unit, places) + 0.0
    rounded[-1] = round(math.ceil(max(values) / unit - 1e-9) * unit, places) + 0.0
    for i in range(1, len(rounded)):
        rounded[i] = max(rounded[i], rounded[i - 1])
    return rounded


@lru_cache(maxsize=2)
def _font(bold: bool):
    from matplotlib import ft2font, get_data_path

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ft2font.FT2Font(str(Path(get_data_path()) / "fonts" / "ttf" / name))


@lru_cache(maxsize=4096)
def text_width(text: str, font_size: float = 12, bold: bool = False) -> float:
    """A label's width in SVG units, from real font metrics plus a safety margin (see the
    module docstring): used to keep labels inside the drawing and legend items apart."""
    if not text:
        return 0.0
    font = _font(bold)
    font.set_size(100, 72)  # measured at 100 pt and scaled: no rounding to whole pixels
    font.set_text(text, 0.0)
    width = font.get_width_height()[0] / 64
    return width * font_size / 100 * SAFETY


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
