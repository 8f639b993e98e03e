"""API writes under fuzzing: a refused request (4xx) leaves no partial write, and none is a 500.

Hypothesis sends JSON bodies that mix plausible fields (values, amounts per year, versions,
kommun lists) with wrong types, huge and negative numbers, unknown ids and personnummer-shaped
text to the endpoints that write several rows at once.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from benchmarking.models import PeerGroup
from business_cases.models import BusinessCase, BusinessCaseAmount, BusinessCaseLine
from pilots.models import IndicatorValue, Lesson, PeriodReport
from tests.api.world import build_world
from tests.atomicity import ATOMICITY_SETTINGS, rolled_back, snapshot

pytestmark = pytest.mark.django_db

TABLES = (
    PeriodReport,
    IndicatorValue,
    Lesson,
    BusinessCase,
    BusinessCaseLine,
    BusinessCaseAmount,
    PeerGroup,
    PeerGroup.kommuner.through,
)

ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "12,5", "1e999", "NaN", "-0", "tolv", "19121212-1212", "\x00", "2025"]),
    st.text(max_size=30),
)
JSON = st.recursive(
    ODD,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _cells(world):
    return st.lists(
        st.fixed_dictionaries(
            {"pilot_indicator": st.one_of(st.sampled_from(world.link_ids), ODD)},
            optional={
                "gender": st.sampled_from(["T", "K", "M", "X", ""]),
                "age_band": ODD,
                "value": ODD,
                "numerator": ODD,
                "denominator": ODD,
                "text": ODD,
            },
        ),
        max_size=4,
    )


def _report_body(world):
    return st.fixed_dictionaries(
        {},
        optional={
            "expected_version": st.one_of(st.just(1), ODD),
            "narrative": ODD,
            "progress": st.sampled_from(["on_track", "at_risk", "", "fel"]),
            "values": st.one_of(_cells(world), JSON),
            "lessons": st.one_of(
                st.lists(
                    st.fixed_dictionaries(
                        {"kind": ODD, "dimension": ODD, "title": ODD, "text": ODD}
                    ),
                    max_size=2,
                ),
                JSON,
            ),
        },
    )


def _line_body(world):
    years = st.dictionaries(
        st.one_of(st.integers(1900, 2200).map(str), st.text(max_size=5)), ODD, max_size=4
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "pilot": st.sampled_from([world.case_pilot_slug, "finns-inte"]),
            "expected_version": st.one_of(st.just(1), ODD),
            "kind": st.sampled_from(["cost", "benefit", "bau", "fel"]),
            "label": ODD,
            "actor": st.sampled_from(["kommun", "region", "fel"]),
            "value_type": st.sampled_from(["fiscal_cashable", "social", "fel"]),
            "confidence": ODD,
            "deadweight_pct": ODD,
            "amounts": st.one_of(years, JSON),
            "unit_cost": ODD,
            "people": ODD,
            "first_year": ODD,
            "last_year": ODD,
        },
    )


def _peer_group_body():
    return st.fixed_dictionaries(
        {},
        optional={
            "name": ODD,
            "kommuner": st.one_of(
                st.lists(st.sampled_from(["0380", "0180", "9999", "", "03"]), max_size=4), JSON
            ),
        },
    )


@pytest.fixture
def world(db):
    world = build_world()
    world.link_ids = list(world.draft_report.pilot.indicators.values_list("pk", flat=True))
    return world


def _requests(world):
    report = f"/api/v1/reports/{world.draft_report.pk}/"
    line = f"/api/v1/business-case-lines/{world.line.pk}/"
    case = f"/api/v1/business-cases/{world.case_pilot_slug}/"
    return st.one_of(
        _report_body(world).map(lambda b: ("patch", report, b)),
        _report_body(world).map(lambda b: ("post", f"{report}submit/", b)),
        _report_body(world).map(
            lambda b: ("post", f"/api/v1/periods/{world.open_period.pk}/report/", b)
        ),
        _line_body(world).map(lambda b: ("post", "/api/v1/business-case-lines/", b)),
        _line_body(world).map(lambda b: ("patch", line, b)),
        _line_body(world).map(lambda b: ("patch", case, b)),
        _peer_group_body().map(lambda b: ("post", "/api/v1/peer-groups/", b)),
        JSON.map(lambda b: ("post", "/api/v1/business-case-lines/", b)),
        JSON.map(lambda b: ("patch", report, b)),
    )


@ATOMICITY_SETTINGS
@given(data=st.data())
def test_a_refused_write_changes_nothing_and_nothing_is_a_server_error(world, data):
    method, url, body = data.draw(_requests(world), label="request")
    client = APIClient()
    client.force_authenticate(world.member)
    with rolled_back():
        before = snapshot(*TABLES)
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code < 500, response.content[:500]
        if response.status_code >= 400:
            assert snapshot(*TABLES) == before, f"{response.status_code} left a partial write"
