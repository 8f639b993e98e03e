"""A small server-rendered SVG map of Sweden's kommuner, with some of them highlighted.

Plain Python (no Django imports) so it can be unit-tested. The kommun polygons come from
data/reference/kommuner.geojson (WGS84; Källa: SCB). They are projected once per process with
a simple equirectangular projection scaled by cos(62°) — Sweden's middle latitude — which is
accurate enough for a locator map and needs no GIS libraries.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

MAP_WIDTH = 240.0
PADDING = 4.0
CENTRE_LATITUDE = 62.0
X_SCALE = math.cos(math.radians(CENTRE_LATITUDE))
LAND_FILL, LAND_STROKE = "#dde4e4", "#ffffff"
COVERED_FILL, COVERED_STROKE = "#0b5c5a", "#062e2d"


@dataclass(frozen=True)
class KommunShape:
    code: str
    name: str
    path: str  # SVG path data in map units


@dataclass(frozen=True)
class ProjectedMap:
    width: float
    height: float
    shapes: tuple[KommunShape, ...]

    def by_code(self) -> dict[str, KommunShape]:
        return {shape.code: shape for shape in self.shapes}


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def project_features(features: list[dict], width: float = MAP_WIDTH) -> ProjectedMap:
    """Project GeoJSON features (properties kommun_code, name) to SVG paths fitting `width`."""
    rings_by_feature = [(f["properties"], _rings(f["geometry"])) for f in features]
    xs = [lon * X_SCALE for _, rings in rings_by_feature for ring in rings for lon, _lat in ring]
    ys = [-lat for _, rings in rings_by_feature for ring in rings for _lon, lat in ring]
    if not xs:
        return ProjectedMap(width, width, ())
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    scale = (width - 2 * PADDING) / ((max_x - min_x) or 1)
    height = round((max_y - min_y) * scale + 2 * PADDING, 1)
    shapes = []
    for properties, rings in rings_by_feature:
        parts = []
        for ring in rings:
            points = []
            for lon, lat in ring:
                point = (
                    round((lon * X_SCALE - min_x) * scale + PADDING, 1),
                    round((-lat - min_y) * scale + PADDING, 1),
                )
                if not points or points[-1] != point:
                    points.append(point)
            if len(points) >= 3:
                parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")
        shapes.append(
            KommunShape(str(properties["kommun_code"]), str(properties["name"]), "".join(parts))
        )
    shapes.sort(key=lambda s: s.code)
    return ProjectedMap(width, height, tuple(shapes))


@lru_cache(maxsize=4)
def load_map(path: str) -> ProjectedMap:
    """Read and project the GeoJSON file once per process (cached by path)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return project_features(data.get("features", []))


def kommun_map_svg(
    projected: ProjectedMap,
    highlighted: set[str],
    *,
    title: str,
    desc: str,
    covered_label: str = "",
) -> str:
    """Inline SVG of all kommuner with `highlighted` codes filled; each path has a <title>.

    The caller passes already-translated `title` and `desc`; `covered_label` is appended to a
    highlighted kommun's tooltip (e.g. "ingår i piloten").
    """
    w, h = projected.width, projected.height
    parts = [
        f'<svg class="kommun-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:g} {h:g}" '
        f'role="img" aria-labelledby="map-title map-desc">',
        f'<title id="map-title">{escape(title)}</title>',
        f'<desc id="map-desc">{escape(desc)}</desc>',
    ]
    background, foreground = [], []
    for shape in projected.shapes:
        covered = shape.code in highlighted
        label = f"{shape.name} ({covered_label})" if covered and covered_label else shape.name
        element = (
            f'<path d="{shape.path}" class="{"kommun covered" if covered else "kommun"}" '
            f'fill="{COVERED_FILL if covered else LAND_FILL}" stroke="{COVERED_STROKE if covered else LAND_STROKE}" '  # noqa: E501
            f'stroke-width="{0.5 if covered else 0.25}" stroke-linejoin="round" '
            f'data-code="{escape(shape.code)}"><title>{escape(label)}</title></path>'
        )
        # Covered kommuner are drawn last so their outline is not hidden by neighbours.
        (foreground if covered else background).append(element)
    parts.extend(background)
    parts.extend(foreground)
    parts.append("</svg>")
    return "".join(parts)
