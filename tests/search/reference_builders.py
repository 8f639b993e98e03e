"""The document builders as they were before the flat per-batch reads (issue 20): model
instances with their relations prefetched. Kept here only so the tests can check that
search/documents.py still builds exactly the same documents (test_reindex_incremental.py)."""

import json

from django.db.models import Prefetch, Q

from learning.models import Appraisal
from partners.models import Kommun
from pilots import rules as pilot_rules
from pilots.models import (
    Gender,
    IndicatorValue,
    Measure,
    Pilot,
    PilotIndicator,
    PilotStatus,
    ReportStatus,
    Visibility,
)
from search.documents import DocumentData, _as_datetime, _replications
from search.models import Access, DocType
from search.results import KEY_RESULT_LENGTH, _plain
from search.taxonomy import taxonomy_text


def _pilot_queryset(qs):
    return qs.select_related("lead_organisation", "evaluation_plan").prefetch_related(
        Prefetch("kommuner", queryset=Kommun.objects.select_related("region")),
        "regioner",
        "partners__organisation",
        "memberships",
    )


def _pilot_access(pilot) -> tuple[str, list[str]]:
    # The levels of pilots.rules.can_view_pilot (tests/security/test_rule_agreement.py checks
    # a pilot's document is visible exactly to those the rule lets see the pilot).
    if pilot_rules.is_public(pilot):
        return Access.PUBLIC, []
    if pilot.status != PilotStatus.DRAFT and pilot.visibility == Visibility.PARTNERSHIP:
        access = Access.PARTNERSHIP
    else:
        access = Access.RESTRICTED
    orgs = {pilot.lead_organisation_id} | {p.organisation_id for p in pilot.partners.all()}
    users = {m.user_id for m in pilot.memberships.all()}
    return access, sorted(f"org:{o}" for o in orgs) + sorted(f"user:{u}" for u in users)


def _places(pilot) -> dict[str, list[str]]:
    kommuner = list(pilot.kommuner.all())
    regions = {r.lan_code for r in pilot.regioner.all()} | {k.region.lan_code for k in kommuner}
    return {
        "kommun": [k.code for k in kommuner],
        "region": sorted(regions),
        "skr_group": [k.skr_group for k in kommuner],
    }


def _pilot_text(pilot) -> dict[str, str]:
    """The fields a pilot gives its own document and its lessons' and practices'."""
    kommuner = sorted(pilot.kommuner.all(), key=lambda k: k.name)
    regions = {r.pk: r.name for r in pilot.regioner.all()}
    regions.update({k.region_id: k.region.name for k in kommuner})
    partners = sorted(pilot.partners.all(), key=lambda p: (p.role, p.organisation.name))
    return {
        "taxonomy": taxonomy_text(pilot.health_area, pilot.life_stage, pilot.arena),
        "places": "\n".join([*(k.name for k in kommuner), *sorted(regions.values())]),
        "organisations": "\n".join(
            [pilot.lead_organisation.name, *(p.organisation.name for p in partners)]
        ),
    }


def _pilot_facets(pilot) -> dict[str, list[str]]:
    return {
        "health_area": [pilot.health_area],
        "life_stage": [pilot.life_stage],
        "arena": [pilot.arena],
        **_places(pilot),
    }


def pilot_documents(qs) -> list[DocumentData]:
    """Every pilot is indexed; drafts and private pilots only with grants for their own people."""
    pilots = list(_pilot_queryset(qs))
    replications = _replications([p.pk for p in pilots])
    results = key_results([p.pk for p in pilots])
    docs = []
    for pilot in pilots:
        access, grants = _pilot_access(pilot)
        plan = getattr(pilot, "evaluation_plan", None)
        body = [plan.theory_of_change, plan.design_notes] if plan else []
        docs.append(
            DocumentData(
                doc_type=DocType.PILOT,
                object_id=pilot.pk,
                title=pilot.title,
                summary=pilot.summary,
                body="\n".join(b for b in body if b),
                **_pilot_text(pilot),
                key_result=results.get(pilot.pk, ""),
                url=pilot.get_absolute_url(),
                facets={
                    "type": [DocType.PILOT],
                    **_pilot_facets(pilot),
                    "status": [pilot.status],
                    "year": [pilot.start_date.year if pilot.start_date else pilot.created_at.year],
                },
                access=access,
                grants=grants,
                published_at=pilot.published_at
                or _as_datetime(pilot.start_date)
                or pilot.created_at,
                replication_count=replications.get(pilot.pk, 0),
            )
        )
    return docs


def lesson_documents(qs) -> list[DocumentData]:
    """Lessons from approved period reports and from closing reports, with their pilot's access."""
    lessons = list(
        qs.filter(Q(report__isnull=True) | Q(report__status=ReportStatus.APPROVED))
        .select_related("report__period")
        .prefetch_related(Prefetch("pilot", queryset=_pilot_queryset(Pilot.objects.all())), "tags")
    )
    docs = []
    for lesson in lessons:
        pilot = lesson.pilot
        access, grants = _pilot_access(pilot)
        docs.append(
            DocumentData(
                doc_type=DocType.LESSON,
                object_id=lesson.pk,
                title=lesson.title,
                summary=lesson.text,
                body="\n".join([pilot.title, *(t.name for t in lesson.tags.all())]),
                url=f"{pilot.get_absolute_url()}#h-lessons",
                facets={
                    "type": [DocType.LESSON],
                    **_pilot_facets(pilot),
                    "dimension": [lesson.dimension],
                    "year": [
                        lesson.report.period.end.year if lesson.report else lesson.created_at.year
                    ],
                },
                access=access,
                grants=grants,
                published_at=lesson.created_at,
            )
        )
    return docs


def practice_documents(qs) -> list[DocumentData]:
    """Practices with their current published appraisal; draft appraisals never show."""
    practices = list(
        qs.prefetch_related(
            Prefetch("original_pilot", queryset=_pilot_queryset(Pilot.objects.all())),
            Prefetch(
                "appraisals",
                queryset=Appraisal.objects.published().order_by("-published_at", "-pk"),
                to_attr="published_appraisals",
            ),
        )
    )
    replications = _replications([p.original_pilot_id for p in practices])
    docs = []
    for practice in practices:
        pilot = practice.original_pilot
        current = practice.published_appraisals[0] if practice.published_appraisals else None
        access, grants = _pilot_access(pilot) if pilot else (Access.RESTRICTED, [])
        facets = {"type": [DocType.PRACTICE], "year": [practice.created_at.year]}
        if pilot:
            facets.update(_pilot_facets(pilot))
        if current:
            facets["evidence_level"] = [current.evidence_level]
            facets["recommendation"] = [current.recommendation]
        docs.append(
            DocumentData(
                doc_type=DocType.PRACTICE,
                object_id=practice.pk,
                title=practice.title,
                summary=practice.summary,
                body="\n".join(
                    [pilot.title if pilot else "", current.rationale if current else ""]
                ),
                **(_pilot_text(pilot) if pilot else {}),
                url=practice.get_absolute_url(),
                facets=facets,
                access=access,
                grants=grants,
                published_at=current.published_at if current else practice.created_at,
                replication_count=replications.get(practice.original_pilot_id, 0),
            )
        )
    return docs


def key_results(pilot_ids) -> dict[int, str]:
    """pilot id → its key result (stored JSON), for the pilots that have an approved value."""
    links: dict[int, PilotIndicator] = {}
    for link in (
        PilotIndicator.objects.filter(pilot_id__in=list(pilot_ids))
        .exclude(indicator__measure=Measure.QUALITATIVE)
        .select_related("indicator")
        .prefetch_related("targets")
        .order_by("pilot_id", "order", "pk")
    ):
        links.setdefault(link.pilot_id, link)
    if not links:
        return {}
    latest: dict[int, IndicatorValue] = {}
    for value in (
        IndicatorValue.objects.filter(
            pilot_indicator__in=[link.pk for link in links.values()],
            gender=Gender.TOTAL,
            age_band="",
            value__isnull=False,
            report__status=ReportStatus.APPROVED,
        )
        .select_related("report__period")
        .order_by("pilot_indicator_id", "-report__period__end")
    ):
        latest.setdefault(value.pilot_indicator_id, value)
    lines = {}
    for pilot_id, link in links.items():
        value = latest.get(link.pk)
        if value is None:
            continue
        unit = link.indicator.unit
        targets = sorted(link.targets.all(), key=lambda t: t.target_date)
        data = {
            "indicator": link.indicator.name,
            "value": _plain(value.value),
            "unit": unit,
            "target": _plain(targets[-1].value) if targets else "",
            "period": value.report.period.label,
        }
        stored = json.dumps(data, ensure_ascii=False)
        if len(stored) > KEY_RESULT_LENGTH:  # the column's length: shorten the name, not the JSON
            data["indicator"] = (
                data["indicator"][: len(data["indicator"]) - (len(stored) - KEY_RESULT_LENGTH) - 1]
                + "…"
            )
            stored = json.dumps(data, ensure_ascii=False)
        lines[pilot_id] = stored
    return lines
