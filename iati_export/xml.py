"""Writes the IATI 2.03 `iati-activities` document for activities read by `selectors`.

Elements are written in the order the schema's sequences require (iati-activities-schema.xsd);
the tests validate every export against the official XSD. Plain standard-library ElementTree:
the portal needs no XML library at run time.
"""

import re
from datetime import date, datetime
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils import timezone

from iati_export import codes
from iati_export.selectors import Activity
from pilots.models import HealthArea, Measure, PartnerRole, PilotStatus

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 forbids (control characters other than tab, newline and carriage return).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    return _FORBIDDEN.sub("", str(value or "")).strip()


def _number(value: Decimal) -> str:
    """12.5000 → "12.5", 10.0000 → "10": a plain decimal, never an exponent."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _iso(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    return value.isoformat()


def _el(parent, tag: str, **attrs) -> ET.Element:
    return ET.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items() if v})


def _narratives(parent, tag: str, texts: dict[str, str], **attrs) -> ET.Element | None:
    """`<tag><narrative>sv</narrative><narrative xml:lang="en">en</narrative></tag>`; the default
    language (sv) carries no xml:lang. Nothing when every text is empty."""
    texts = {lang: _text(text) for lang, text in texts.items() if _text(text)}
    if not texts:
        return None
    element = _el(parent, tag, **attrs)
    for lang, text in texts.items():
        narrative = ET.SubElement(element, "narrative")
        if lang != codes.DEFAULT_LANGUAGE:
            narrative.set(XML_LANG, lang)
        narrative.text = text
    return element


def _org(parent, tag: str, organisation, **attrs) -> None:
    element = _el(
        parent,
        tag,
        ref=codes.organisation_identifier(organisation.org_number),
        type=codes.ORGANISATION_TYPES.get(organisation.kind, "90"),
        **attrs,
    )
    ET.SubElement(element, "narrative").text = _text(organisation.name)


def activities_document(activities: list[Activity], *, now: datetime | None = None) -> bytes:
    """The UTF-8 `iati-activities` document; `activities` must not be empty (the schema wants
    at least one activity)."""
    if not activities:
        raise ValueError("An IATI activities document needs at least one activity.")
    root = ET.Element(
        "iati-activities",
        {"version": codes.IATI_VERSION, "generated-datetime": _iso(now or timezone.now())},
    )
    for activity in activities:
        _activity(root, activity)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _activity(root, activity: Activity) -> None:
    pilot = activity.pilot
    lead = pilot.lead_organisation
    updated = max(filter(None, [pilot.updated_at, pilot.last_approved_at]))
    element = _el(
        root,
        "iati-activity",
        last_updated_datetime=_iso(updated),
        default_currency=codes.DEFAULT_CURRENCY,
    )
    element.set(XML_LANG, codes.DEFAULT_LANGUAGE)
    ET.SubElement(element, "iati-identifier").text = codes.activity_identifier(
        lead.org_number, pilot.pk
    )
    _org(element, "reporting-org", lead)
    _narratives(element, "title", {"sv": pilot.title, "en": pilot.title_en})
    _descriptions(element, pilot)
    _participants(element, activity)
    today = timezone.localdate()
    status = codes.STATUSES.get(pilot.status, "2")
    if pilot.status == PilotStatus.ACTIVE and pilot.start_date and pilot.start_date > today:
        status = codes.STATUS_PIPELINE
    _el(element, "activity-status", code=status)
    _dates(element, pilot, today)
    _el(element, "recipient-country", code=codes.RECIPIENT_COUNTRY, percentage="100")
    _locations(element, pilot)
    _sectors(element, pilot)
    link = _el(
        element,
        "document-link",
        url=settings.SITE_URL + pilot.get_absolute_url(),
        format="text/html",
    )
    _narratives(link, "title", {"sv": pilot.title, "en": pilot.title_en})
    _el(link, "category", code=codes.DOCUMENT_ACTIVITY_WEB_PAGE)
    _el(link, "language", code=codes.DEFAULT_LANGUAGE)
    for indicator_link in pilot.indicators.all():
        _result(element, activity, indicator_link)


def _descriptions(element, pilot) -> None:
    general = _narratives(
        element, "description", {"sv": pilot.summary, "en": pilot.summary_en}, type="1"
    )
    plan = getattr(pilot, "evaluation_plan", None)
    objectives = plan and _narratives(
        element, "description", {"sv": plan.theory_of_change}, type="2"
    )
    if general is None and objectives is None:
        # The schema requires a description; a pilot without one is described by its title.
        _narratives(element, "description", {"sv": pilot.title}, type="1")


def _participants(element, activity: Activity) -> None:
    pilot = activity.pilot
    partners = list(pilot.partners.all())
    listed = set()

    def add(organisation, role):
        if (organisation.pk, role) not in listed:
            listed.add((organisation.pk, role))
            _org(element, "participating-org", organisation, role=role)

    add(pilot.lead_organisation, codes.ROLE_ACCOUNTABLE)
    for funder in activity.funders:
        add(funder, codes.ROLE_FUNDING)
    for partner in partners:
        add(partner.organisation, codes.PARTNER_ROLES[partner.role])
    if not any(p.role == PartnerRole.IMPLEMENTER for p in partners):
        # Without named implementers the lead organisation carries the pilot out itself.
        add(pilot.lead_organisation, codes.ROLE_IMPLEMENTING)


def _dates(element, pilot, today: date) -> None:
    start, end = pilot.start_date, pilot.end_date
    if start is None and end is None:
        started = pilot.published_at or pilot.created_at
        _el(element, "activity-date", type=codes.ACTUAL_START, iso_date=_iso(started.date()))
        return
    if start:
        kind = codes.ACTUAL_START if start <= today else codes.PLANNED_START
        _el(element, "activity-date", type=kind, iso_date=_iso(start))
    if end:
        ended = pilot.status in (PilotStatus.COMPLETED, PilotStatus.STOPPED) and end <= today
        kind = codes.ACTUAL_END if ended else codes.PLANNED_END
        _el(element, "activity-date", type=kind, iso_date=_iso(end))


def _location(element, ref: str, name: str, feature: str) -> None:
    location = _el(element, "location", ref=ref)
    _el(location, "location-reach", code="1")
    _narratives(location, "name", {"sv": name})
    _el(location, "administrative", vocabulary="A4", level="0", code=codes.RECIPIENT_COUNTRY)
    _el(location, "exactness", code="1")
    _el(location, "location-class", code=codes.LOCATION_CLASS_ADMINISTRATIVE)
    _el(location, "feature-designation", code=feature)


def _locations(element, pilot) -> None:
    """Regioner (län, ADM1) and kommuner (ADM2), referenced by their SCB codes."""
    for region in pilot.regioner.all():
        _location(element, f"SE-LAN-{region.lan_code}", region.name, codes.FEATURE_REGION)
    for kommun in pilot.kommuner.all():
        _location(element, f"SE-KOMMUN-{kommun.code}", kommun.name, codes.FEATURE_KOMMUN)


def _sectors(element, pilot) -> None:
    for code, percentage in codes.sectors_for(pilot.health_area):
        _narratives(
            element,
            "sector",
            {"en": codes.SECTOR_NAMES[code]},
            vocabulary="1",
            code=code,
            percentage=str(percentage),
        )
    if pilot.health_area:
        # The portal's own classification as well (vocabulary 99: the reporting organisation's).
        _narratives(
            element,
            "sector",
            {"sv": str(HealthArea(pilot.health_area).label)},
            vocabulary="99",
            vocabulary_uri=settings.SITE_URL + "/piloter/",
            code=pilot.health_area,
            percentage="100",
        )


def _result(element, activity: Activity, link) -> None:
    pilot, indicator = activity.pilot, link.indicator
    result = _el(element, "result", type=codes.RESULT_TYPE)
    _narratives(result, "title", {"sv": indicator.name})
    node = _el(result, "indicator", measure=codes.MEASURES[indicator.measure])
    if indicator.direction in ("higher", "lower") and not indicator.is_qualitative:
        node.set("ascending", "1" if indicator.direction == "higher" else "0")
    _narratives(node, "title", {"sv": indicator.name})
    about = [indicator.definition]
    if indicator.unit:
        about.append(f"Enhet: {indicator.unit}.")
    if indicator.kolada_kpi:
        about.append(f"Kolada-KPI: {indicator.kolada_kpi}.")
    _narratives(node, "description", {"sv": " ".join(_text(a) for a in about if _text(a))})
    _baseline(node, pilot, link)
    for start, end, targets, values in _periods(activity, link):
        period = _el(node, "period")
        _el(period, "period-start", iso_date=_iso(start))
        _el(period, "period-end", iso_date=_iso(end))
        for target in targets:
            _el(period, "target", value=_number(target.value))
        for value in values:
            _actual(period, indicator, value)


def _baseline(node, pilot, link) -> None:
    when = link.baseline_date or pilot.start_date
    if when is None or (link.baseline_value is None and not link.baseline_note.strip()):
        return
    baseline = _el(
        node,
        "baseline",
        year=str(when.year),
        iso_date=_iso(link.baseline_date) if link.baseline_date else None,
    )
    if link.baseline_value is not None and not link.indicator.is_qualitative:
        baseline.set("value", _number(link.baseline_value))
    _narratives(baseline, "comment", {"sv": link.baseline_note})


def _periods(activity: Activity, link):
    """(start, end, targets, approved values) per reporting period that has any; targets dated
    outside every period get a period of their own, from the pilot's start to the target date."""
    periods = list(activity.pilot.periods.all())
    targets = list(link.targets.all())
    placed = set()
    for period in periods:
        inside = [t for t in targets if period.start <= t.target_date <= period.end]
        placed.update(t.pk for t in inside)
        values = [v for v in activity.values.get((link.pk, period.pk), []) if _has_content(v, link)]
        if inside or values:
            yield period.start, period.end, inside, values
    for target in targets:
        if target.pk not in placed:
            start = activity.pilot.start_date
            if start is None or start > target.target_date:
                start = target.target_date
            yield start, target.target_date, [target], []


def _has_content(value, link) -> bool:
    if link.indicator.is_qualitative:
        return bool(_text(value.text))
    return value.value is not None


def _actual(period, indicator, value) -> None:
    actual = _el(period, "actual")
    if not indicator.is_qualitative:
        actual.set("value", _number(value.value))
    if value.gender in codes.SEX_VALUES:
        _el(actual, "dimension", name=codes.SEX_DIMENSION, value=codes.SEX_VALUES[value.gender])
    if value.age_band:
        _el(actual, "dimension", name=codes.AGE_DIMENSION, value=value.age_band)
    if indicator.is_qualitative:
        _narratives(actual, "comment", {"sv": value.text})
    elif indicator.measure == Measure.PERCENT and value.denominator is not None:
        comment = f"Täljare {_number(value.numerator)}, nämnare {_number(value.denominator)}."
        _narratives(actual, "comment", {"sv": comment})
