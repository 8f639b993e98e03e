"""Cells and lessons of a period report: validating them and writing them with an old → new diff.

Used by `report_save` only; every cell goes through pilots.values.clean_value.
"""

from django.utils.translation import gettext as _

from core import caching
from pilots import page_cache
from pilots.models import (
    Channel,
    Gender,
    IndicatorValue,
    Lesson,
    LessonKind,
    PeriodReport,
    PilotIndicator,
    SystemDimension,
)
from pilots.personal_data import MESSAGE as PNR_MESSAGE
from pilots.personal_data import looks_like_personnummer
from pilots.values import clean_value

LESSON_FIELDS = ("kind", "dimension", "title", "text")


def cell_key(pilot_indicator_id, gender: str, age_band: str) -> str:
    """The error key of one cell, as the report form names its inputs."""
    return f"values-{pilot_indicator_id}-{gender}-{age_band}"


def label_words() -> dict[str, str]:
    """The translated words of cell labels. Looked up once per report, not once per cell: a
    gettext call per cell dominated the time of importing thousands of values."""
    return {**{g: str(label) for g, label in Gender.choices}, "": _("alla åldrar")}


def cell_label(link: PilotIndicator, gender: str, age_band: str, words=None) -> str:
    """A readable name of a cell for messages and the history: "Indikator (Kvinnor, 18-64)"."""
    words = words or label_words()
    return f"{link.indicator.name} ({words[gender]}, {age_band or words['']})"


def clean_cells(pilot, values: list[dict]) -> tuple[dict, dict, list[str]]:
    """Validate every cell: (cells by (link id, gender, band), errors by cell key, summary)."""
    links = {
        link.pk: link
        for link in PilotIndicator.objects.filter(pilot=pilot).select_related("indicator")
    }
    cells, errors, summary = {}, {}, []
    words = label_words()

    def fail(key, label, message):
        errors.setdefault(key, []).append(message)
        summary.append(f"{label}: {message}")

    for row in values:
        raw_id = row.get("pilot_indicator", row.get("pilot_indicator_id"))
        raw_id = getattr(raw_id, "pk", raw_id)
        gender = str(row.get("gender") or Gender.TOTAL).strip().upper()
        band = str(row.get("age_band") or "").strip()
        key = cell_key(raw_id, gender, band)
        try:
            link = links.get(int(raw_id))
        except (TypeError, ValueError):
            link = None
        if link is None:
            fail(
                key, _("Indikator %(id)s") % {"id": raw_id}, _("Indikatorn hör inte till piloten.")
            )
            continue
        label = cell_label(
            link, gender if gender in Gender.values else Gender.TOTAL, band, words=words
        )
        indicator = link.indicator
        if gender not in indicator.genders:
            fail(
                key,
                label,
                _("Indikatorn redovisas inte per kön: ange bara totalt (T).")
                if not indicator.by_gender
                else _("Kön måste vara T, K eller M."),
            )
            continue
        if band not in indicator.bands:
            fail(
                key,
                label,
                _("Åldersgruppen %(band)s finns inte för indikatorn. Välj en av: %(bands)s.")
                % {
                    "band": band,
                    "bands": ", ".join(indicator.age_bands) or _("inga (lämna tomt)"),
                },
            )
            continue
        if (link.pk, gender, band) in cells:
            fail(key, label, _("Samma cell finns två gånger."))
            continue
        cleaned = clean_value(
            measure=indicator.measure,
            value=row.get("value"),
            numerator=row.get("numerator"),
            denominator=row.get("denominator"),
            text=row.get("text"),
            allows_negative=indicator.allows_negative,
        )
        for message in cleaned.errors:
            fail(key, label, message)
        if not cleaned.errors and looks_like_personnummer(cleaned.text):
            fail(
                key,
                label,
                PNR_MESSAGE,
            )
        if not errors.get(key):
            cells[(link.pk, gender, band)] = (link, cleaned)
    return cells, errors, summary


def clean_lessons(lessons: list[dict], existing: dict) -> tuple[list[dict], dict]:
    cleaned, errors = [], {}
    for n, raw in enumerate(lessons):
        item = {f: str(raw.get(f) or "").strip() for f in LESSON_FIELDS}
        lesson_id = raw.get("id")
        if not any(item.values()):
            continue
        problems = []
        if item["kind"] not in LessonKind.values:
            problems.append(_("Välj typ av lärdom."))
        if item["dimension"] not in SystemDimension.values:
            problems.append(_("Välj systemdimension."))
        if not item["title"]:
            problems.append(_("Ge lärdomen en rubrik."))
        if len(item["title"]) > 200:
            problems.append(_("Rubriken får vara högst 200 tecken."))
        if not item["text"]:
            problems.append(_("Beskriv lärdomen."))
        if looks_like_personnummer(item["title"]) or looks_like_personnummer(item["text"]):
            problems.append(_("Texten ser ut att innehålla ett personnummer."))
        if problems:
            errors[f"lessons-{n}"] = problems
        try:
            item["id"] = (
                int(lesson_id)
                if lesson_id not in (None, "") and int(lesson_id) in existing
                else None
            )
        except (TypeError, ValueError):
            item["id"] = None
        cleaned.append(item)
    return cleaned, errors


def _cell_text(value: IndicatorValue | None, cleaned=None) -> str | None:
    """How a cell is shown in the history: "12", "45 % (9/20)" or the text."""
    source = value if value is not None else cleaned
    if source is None:
        return None
    if source.text:
        return source.text
    parts = [] if source.value is None else [f"{source.value.normalize():f}"]
    if source.numerator is not None:
        parts.append(f"({source.numerator.normalize():f}/{source.denominator.normalize():f})")
    return " ".join(parts) or None


VALUE_FIELDS = ["value", "numerator", "denominator", "text"]
BATCH = 2000


def write_values(
    report: PeriodReport, cells: dict, *, actor=None, channel: str = Channel.FORM
) -> dict:
    """Replace the values with `cells` (empty cells removed). Returns label → [old, new].
    Four queries whatever the number of cells (read, insert, update, delete), so a form and an
    import of thousands of rows write at bulk speed; each change is kept in the value's history
    (pilots.services.report_quality, two or three more)."""
    from pilots.services.report_quality import record_value_changes

    existing = {
        (v.pilot_indicator_id, v.gender, v.age_band): v
        for v in report.values.select_related("pilot_indicator__indicator")
    }
    changes, to_delete, to_create, to_update, history = {}, [], [], [], []
    words = label_words()
    for key, old in existing.items():
        if key not in cells or cells[key][1].is_empty:
            to_delete.append(old.pk)
            changes[cell_label(old.pilot_indicator, old.gender, old.age_band, words)] = [
                _cell_text(old),
                None,
            ]
            history.append((report.pk, *key, _cell_text(old), None))
    for (link_id, gender, band), (link, cleaned) in cells.items():
        if cleaned.is_empty:
            continue
        old = existing.get((link_id, gender, band))
        before, after = _cell_text(old), _cell_text(None, cleaned)
        if old is None:
            to_create.append(
                IndicatorValue(
                    report=report,
                    pilot_indicator=link,
                    gender=gender,
                    age_band=band,
                    value=cleaned.value,
                    numerator=cleaned.numerator,
                    denominator=cleaned.denominator,
                    text=cleaned.text,
                )
            )
        elif before != after:
            for f in VALUE_FIELDS:
                setattr(old, f, getattr(cleaned, f))
            to_update.append(old)
        if before != after:
            changes[cell_label(link, gender, band, words)] = [before, after]
            history.append((report.pk, link_id, gender, band, before, after))
    IndicatorValue.objects.filter(pk__in=to_delete).delete()
    IndicatorValue.objects.bulk_update(to_update, VALUE_FIELDS, batch_size=BATCH)
    IndicatorValue.objects.bulk_create(to_create, batch_size=BATCH)
    caching.bump(caching.PUBLIC_PAGES)  # values written without signals (learning.page_cache)
    # The callers save the report afterwards (which bumps too), but the values are what the
    # pilot's cached parts and the reports API's cached reports show: bump where they change.
    page_cache.bump(report.pilot_id)
    record_value_changes(history, actor=actor, channel=channel)
    return changes


def write_lessons(report: PeriodReport, items: list[dict], actor) -> list:
    """Create, update and delete the report's lessons. Returns [old titles, new titles] or []."""
    existing = {lesson.pk: lesson for lesson in report.lessons.all()}
    before = [f"{lesson.title}: {lesson.text}" for lesson in existing.values()]
    keep = set()
    for item in items:
        fields = {f: item[f] for f in LESSON_FIELDS}
        lesson = existing.get(item["id"])
        if lesson is None:
            lesson = Lesson.objects.create(
                pilot=report.pilot, report=report, created_by=actor, **fields
            )
        elif any(getattr(lesson, f) != v for f, v in fields.items()):
            for f, v in fields.items():
                setattr(lesson, f, v)
            lesson.save(update_fields=list(LESSON_FIELDS))
        keep.add(lesson.pk)
    Lesson.objects.filter(report=report).exclude(pk__in=keep).delete()
    after = [f"{lesson.title}: {lesson.text}" for lesson in report.lessons.order_by("pk")]
    return [sorted(before), sorted(after)] if sorted(before) != sorted(after) else []
