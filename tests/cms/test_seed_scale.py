"""manage.py seed_scale at a tiny scale: counts follow the scale, the benchmark cast logs in and
finds its draft report, the pages render, search finds a seeded pilot, and a seed reproduces."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from benchmarking.models import Kpi, StatisticValue
from cms.management.commands.seed_scale import REFERENCE_DATE, generate
from learning.models import Practice
from partners.bulk import ScaleRun
from partners.models import Kommun, Organisation, User
from pilots.models import IndicatorValue, Lesson, PeriodReport, Pilot, ReportStatus
from search.documents import lesson_documents, pilot_documents, practice_documents
from search.models import SearchDocument

SCALE = 0.0005
PASSWORD = "bench-losenord"

CHECKED = {
    Organisation: ["name", "slug", "kind", "org_number", "kommun_id", "region_id", "status"],
    User: ["email", "first_name", "last_name"],
    Pilot: [
        "title",
        "slug",
        "summary",
        "status",
        "visibility",
        "lead_organisation_id",
        "start_date",
        "end_date",
        "adapted_from_id",
        "budget_sek",
    ],
    PeriodReport: ["period_id", "pilot_id", "status", "progress", "narrative"],
    IndicatorValue: [
        "report_id",
        "pilot_indicator_id",
        "gender",
        "age_band",
        "value",
        "numerator",
        "denominator",
        "text",
    ],
    Lesson: ["pilot_id", "report_id", "kind", "dimension", "title"],
    Practice: ["title", "slug", "original_pilot_id"],
    StatisticValue: ["kpi_id", "area", "year", "gender", "value", "status"],
}


def checksum() -> str:
    """A digest of the generated rows' content (timestamps and password salts left out)."""
    digest = hashlib.sha256()
    for model, fields in CHECKED.items():
        rows = model.objects.order_by("pk")
        if model is User:  # the CMS demo adds its editor after the generated data
            rows = rows.filter(email__contains="scale.") | rows.filter(email__startswith="bench.")
        for row in rows.values_list("pk", *fields):
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction rolled back afterwards. The domain data is
    generated once more before (and rolled back) to compare the checksums of the two runs."""
    with django_db_blocker.unblock(), transaction.atomic():
        with transaction.atomic():
            generate(ScaleRun(scale=SCALE, seed=7, today=REFERENCE_DATE, stdout=io.StringIO()))
            first = checksum()
            transaction.set_rollback(True)
        out = io.StringIO()
        call_command("seed_scale", scale=SCALE, seed=7, stdout=out)
        yield {"output": out.getvalue(), "checksums": (first, checksum())}
        transaction.set_rollback(True)


@pytest.fixture
def scaled(seeded, db):
    return seeded


def test_counts_follow_the_scale(scaled):
    assert Pilot.objects.count() == 10
    assert Organisation.objects.approved().count() == 2
    assert Lesson.objects.count() == 25
    assert Practice.objects.count() == 1
    assert 900 <= IndicatorValue.objects.count() <= 1100
    kommuner = Kommun.objects.count()
    assert kommuner == 290
    assert Kpi.objects.count() == 1
    per_kommun = StatisticValue.objects.exclude(area="0000").count()
    assert per_kommun == kommuner * 15 * 3
    assert "seed_scale done in" in scaled["output"]


def test_same_seed_and_scale_give_identical_data(scaled):
    first, second = scaled["checksums"]
    assert first == second


def test_seeding_a_database_with_pilots_is_refused_without_force(scaled):
    with pytest.raises(CommandError, match="already holds pilots"):
        call_command("seed_scale", scale=SCALE, stdout=io.StringIO())


def test_bench_reporter_logs_in_and_sees_the_open_draft_report(scaled, client):
    response = client.post(
        "/konto/logga-in/", {"username": "bench.reporter@example.se", "password": PASSWORD}
    )
    assert response.status_code == 302
    draft = PeriodReport.objects.get(pilot__slug="benchpiloten", status=ReportStatus.DRAFT)
    assert draft.values.exists()
    dashboard = client.get("/mina-sidor/")
    assert dashboard.status_code == 200
    assert draft.get_absolute_url() in dashboard.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_public_pages_render(scaled, client):
    practice = Practice.objects.first()
    for url in [
        "/",
        "/piloter/benchpiloten/",
        practice.get_absolute_url(),
        "/jamfor/0380/",
        "/referenssida/",
        "/piloter/",
        "/kunskapsbank/",
    ]:
        assert client.get(url).status_code == 200, url


def test_search_finds_a_seeded_pilot(scaled, client):
    pilot = Pilot.objects.public().exclude(slug="benchpiloten").order_by("pk").first()
    response = client.get("/sok/", {"q": pilot.title})
    assert response.status_code == 200
    assert pilot.get_absolute_url() in response.content.decode()


def test_bulk_search_documents_equal_what_indexing_on_save_writes(scaled):
    """search/scale.py assembles documents from flat reads; they must be the builders' own."""
    pilot = Pilot.objects.filter(partners__role="co_funder").order_by("pk").first()
    pilot = pilot or Pilot.objects.order_by("pk").first()
    lesson_ids = list(Lesson.objects.order_by("pk").values_list("pk", flat=True)[:3])
    built = [
        *pilot_documents(Pilot.objects.filter(pk=pilot.pk)),
        *lesson_documents(Lesson.objects.filter(pk__in=lesson_ids)),
        *practice_documents(Practice.objects.all()),
    ]
    assert len(built) >= 3
    fields = [
        "title",
        "summary",
        "body",
        "url",
        "facets",
        "access",
        "grants",
        "published_at",
        "replication_count",
    ]
    for doc in built:
        stored = SearchDocument.objects.get(doc_type=doc.doc_type, object_id=doc.object_id)
        for name in fields:
            assert getattr(stored, name) == getattr(doc, name), (doc.doc_type, name)
