"""The kommun map: projected once, highlighted kommuner, a <title> per path."""

from pathlib import Path

from django.conf import settings

from pilots.maps import kommun_map_svg, load_map, project_features

SQUARE = {
    "type": "MultiPolygon",
    "coordinates": [[[[15, 60], [16, 60], [16, 61], [15, 61], [15, 60]]]],
}
FEATURES = [
    {"properties": {"kommun_code": "0180", "name": "Stockholm"}, "geometry": SQUARE},
    {
        "properties": {"kommun_code": "2480", "name": "Umeå & Co"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[20, 63], [21, 63], [21, 64], [20, 64], [20, 63]]],
        },
    },
]
GEOJSON = Path(settings.ROOT_DIR) / "data" / "reference" / "kommuner.geojson"


def test_projection_fits_width_and_puts_north_up():
    projected = project_features(FEATURES, width=100)
    assert projected.width == 100 and projected.height > 0
    shapes = projected.by_code()
    # Umeå is further north, so its y coordinates are smaller.
    first_y = lambda path: float(path[1:].split("L")[0].split()[1])  # noqa: E731
    assert first_y(shapes["2480"].path) < first_y(shapes["0180"].path)


def test_highlighted_kommuner_are_marked_and_titled():
    svg = kommun_map_svg(
        project_features(FEATURES), {"2480"}, title="Karta", desc="Umeå", covered_label="ingår"
    )
    assert 'role="img"' in svg and '<title id="map-title">Karta</title>' in svg
    assert svg.count("<path") == 2
    assert 'class="kommun covered"' in svg and "<title>Umeå &amp; Co (ingår)</title>" in svg
    assert "<title>Stockholm</title>" in svg
    # The covered kommun is drawn last so its outline is on top.
    assert svg.index('data-code="2480"') > svg.index('data-code="0180"')


def test_real_map_has_all_290_kommuner_and_is_cached():
    projected = load_map(str(GEOJSON))
    assert len(projected.shapes) == 290
    assert all(shape.path.startswith("M") for shape in projected.shapes)
    assert load_map(str(GEOJSON)) is projected
    assert 1.5 < projected.height / projected.width < 3  # Sweden is tall and narrow


def test_empty_feature_list():
    assert project_features([]).shapes == ()
