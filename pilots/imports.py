"""Bulk import of period values from CSV or XLSX: parse → validate every row → write all or nothing.

Rows are validated with the same rules as the report form (pilots.values.clean_value plus the
pilot's indicators, kön and age bands) and every bad row is reported with its row number. Only
when no row is bad are the values written, all at once, through
`pilots.services.report_import.reports_merge_cells` in one transaction.
"""

import csv
import functools
import io
import itertools
import operator
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.collections_pause import collections_paused
from pilots.models import Gender, Measure, PeriodReport
from pilots.personal_data import looks_like_personnummer
from pilots.rules import can_report
from pilots.services.report_import import ImportCell, lock_periods, reports_merge_cells
from pilots.values import FOUR_PLACES, CleanValue, clean_value

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
TOTAL = Gender.TOTAL.value
NUMBER = Measure.NUMBER.value
COLUMNS = [
    "period_id",
    "period",
    "indicator_id",
    "indicator",
    "unit",
    "measure",
    "gender",
    "age_band",
    "value",
    "numerator",
    "denominator",
    "text",
]
REQUIRED = {
    "period_id",
    "indicator_id",
    "gender",
    "age_band",
    "value",
    "numerator",
    "denominator",
    "text",
}
DATA_COLUMNS = ("value", "numerator", "denominator", "text")
# What the template's header says, in the reader's language; the import reads these, the
# other language's and the column names above alike, so any template ever handed out works.
HEADERS = {
    "period_id": _lazy("Period-id"),
    "period": _lazy("Period"),
    "indicator_id": _lazy("Indikator-id"),
    "indicator": _lazy("Indikator"),
    "unit": _lazy("Enhet"),
    "measure": _lazy("Mått"),
    "gender": _lazy("Kön"),
    "age_band": _lazy("Åldersgrupp"),
    "value": _lazy("Värde"),
    "numerator": _lazy("Täljare"),
    "denominator": _lazy("Nämnare"),
    "text": _lazy("Text"),
}


def header_row() -> list[str]:
    """The template's first row in the active language."""
    return [str(HEADERS[column]) for column in COLUMNS]


def _normalise(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


@functools.cache
def _aliases() -> dict[str, str]:
    from django.utils.translation import override

    aliases = {column: column for column in COLUMNS}
    for language in ("sv", "en"):
        with override(language):
            aliases.update({_normalise(str(HEADERS[c])): c for c in COLUMNS})
    return aliases


PNR_ROW_MESSAGE = _lazy(
    "Raden ser ut att innehålla ett personnummer. Importera bara summerade värden."
)


@dataclass
class ImportResult:
    errors: list[tuple[int, str]] = field(default_factory=list)
    written: int = 0
    reports: int = 0
    periods: list[int] = field(default_factory=list)  # the periods whose reports were written

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRefused(Exception):
    """The file as a whole cannot be imported (too big, wrong type, unreadable, wrong columns)."""


def template_rows(pilot) -> list[list]:
    """One row per open period × indicator × kön × age band, with names to help the reader."""
    rows = []
    links = list(pilot.indicators.select_related("indicator"))
    for period in pilot.periods.filter(is_locked=False).order_by("start"):
        for link in links:
            ind = link.indicator
            for gender in ind.genders:
                for band in ind.bands:
                    rows.append(
                        [
                            period.pk,
                            period.label,
                            link.pk,
                            ind.name,
                            ind.unit,
                            ind.get_measure_display(),
                            gender,
                            band,
                            "",
                            "",
                            "",
                            "",
                        ]
                    )
    return rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_csv(raw: bytes) -> list[list[str]]:
    if b"\x00" in raw[:4096]:
        raise ImportRefused(_("Filen ser inte ut att vara en textfil (CSV)."))
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    delimiter = _delimiter(text)
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return list(itertools.islice(reader, MAX_ROWS + 2))
    except csv.Error as exc:
        raise ImportRefused(_("CSV-filen kunde inte läsas: %(error)s") % {"error": exc}) from exc


def _delimiter(text: str) -> str:
    """The file's delimiter: the one that splits its header into the most column names we know
    (our template's or their Swedish and English headings), else what csv.Sniffer guesses from
    the first lines (a file without our header is refused by _header anyway)."""
    header = text.split("\n", 1)[0]
    aliases = _aliases()
    known = {
        delimiter: sum(_normalise(cell.strip('"')) in aliases for cell in header.split(delimiter))
        for delimiter in (",", ";", "\t")
    }
    best = max(known, key=known.get)
    if known[best] >= 2:
        return best
    try:
        # The header and a dozen rows tell the delimiter; a longer sample only costs time.
        return csv.Sniffer().sniff(text[:1024], delimiters=",;\t").delimiter
    except csv.Error:
        return ";" if header.count(";") > header.count(",") else ","


def _read_xlsx(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for n, row in enumerate(sheet.iter_rows(values_only=True)):
            if n > MAX_ROWS + 1:
                break
            rows.append([_cell(v) for v in row])
        workbook.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged or disguised file
        raise ImportRefused(
            _("XLSX-filen kunde inte läsas. Spara den på nytt i Excel och försök igen.")
        ) from exc
    return rows


def read_file(*, name: str, raw: bytes) -> list[list[str]]:
    """The rows of an uploaded file, header first. Raises ImportRefused."""
    if len(raw) > MAX_BYTES:
        raise ImportRefused(_("Filen är för stor (högst 5 MB)."))
    if not raw:
        raise ImportRefused(_("Filen är tom."))
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        if not zipfile.is_zipfile(io.BytesIO(raw)):
            raise ImportRefused(_("Filen är inte en giltig XLSX-fil."))
        # A small XLSX can unpack to gigabytes (a zip bomb); refuse before openpyxl reads it.
        try:
            unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(raw)).infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ImportRefused(_("Filen är inte en giltig XLSX-fil.")) from exc
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportRefused(_("Filen är för stor när den packas upp."))
        return _read_xlsx(raw)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return _read_csv(raw)
    raise ImportRefused(_("Fel filtyp. Ladda upp en CSV- eller XLSX-fil."))


def _header(row: list[str]) -> dict[str, int]:
    aliases = _aliases()
    names = [aliases.get(_normalise(_cell(c)), _normalise(_cell(c))) for c in row]
    index = {name: i for i, name in enumerate(names) if name}
    missing = sorted(REQUIRED - set(index))
    if missing:
        raise ImportRefused(
            _("Kolumner saknas: %(cols)s. Utgå från mallen.")
            % {"cols": ", ".join(str(HEADERS[c]) for c in missing)}
        )
    return index


def _id(text: str) -> int | None:
    return int(text) if re.fullmatch(r"[0-9]{1,18}", text) else None


def _period_refusals(period, text: str, reports: dict) -> list[str]:
    """Why no row may write into the period: it is not the pilot's, locked, or its report is
    no longer a draft (none when it may)."""
    if period is None:
        return [_("Perioden %(p)s finns inte i piloten.") % {"p": text or "–"}]
    if period.is_locked:
        return [_("Perioden %(p)s är låst.") % {"p": period.label}]
    report = reports.get(period.pk)
    if report is not None and not report.is_editable:
        return [
            _("Rapporten för %(p)s är %(s)s och kan inte ändras.")
            % {"p": period.label, "s": report.get_status_display().lower()}
        ]
    return []


def _row_errors(refusals, shape, indicator_id: str, gender: str, band: str) -> list[str]:
    """Why a row cannot be written, before its value is looked at: its period's refusals, then
    an indicator that is not the pilot's, or a kön or age band the indicator does not have."""
    messages = list(refusals)
    if shape is None:
        messages.append(_("Indikatorn %(i)s hör inte till piloten.") % {"i": indicator_id or "–"})
        return messages
    link, genders, bands, _measure, _link_id = shape
    if gender not in genders:
        messages.append(
            _("Kön måste vara T (totalt) för den här indikatorn.")
            if not link.indicator.by_gender
            else _("Kön måste vara T, K eller M.")
        )
    if band not in bands:
        messages.append(_("Åldersgruppen %(b)s finns inte för indikatorn.") % {"b": band})
    return messages


def _target(shapes: dict, indicator_id: str, gender: str, band: str) -> tuple | None:
    """(pilot indicator, its id, measure, kön as stored) for a row that names one of the
    pilot's indicators with a kön and age band it has; None if not (_row_errors says why)."""
    shape = shapes.get(_id(indicator_id))
    gender = gender.upper() if gender else TOTAL
    if shape is None or gender not in shape[1] or band not in shape[2]:
        return None
    link, _genders, _bands, measure, link_id = shape
    return link, link_id, measure, gender


def _cleaned(link, measure, value, numerator, denominator, text, language) -> CleanValue:
    return clean_value(
        measure=measure,
        value=value,
        numerator=numerator,
        denominator=denominator,
        text=text,
        language=language,
        allows_negative=link.indicator.allows_negative,
    )


def validate_rows(
    *, pilot, rows: list[list[str]], links=None, locked: tuple[dict, dict] | None = None
) -> tuple[dict, list[tuple[int, str]], dict]:
    """Check every data row. Returns (ImportCells per period id, errors as (row number, reason),
    the version of each period's report as read here, None where there is none yet). `links`:
    the pilot's PilotIndicators with their indicators, if the caller has read them; `locked`:
    the periods the file names and their reports, if the caller has locked them
    (`lock_periods`), instead of every period and report of the pilot read here."""
    if len(rows) > MAX_ROWS + 1:
        raise ImportRefused(_("Filen har för många rader (högst %(n)s).") % {"n": MAX_ROWS})
    index = _header(rows[0] if rows else [])
    if locked is not None:
        periods, reports = locked
    else:
        periods = {p.pk: p for p in pilot.periods.all()}
        reports = {r.period_id: r for r in PeriodReport.objects.filter(pilot=pilot)}
    if links is None:
        links = pilot.indicators.select_related("indicator")
    links = {link.pk: link for link in links}
    # Each indicator's kön, age bands and measure, read once (not once per row).
    shapes = {
        pk: (
            link,
            set(link.indicator.genders),
            set(link.indicator.bands),
            link.indicator.measure,
            pk,
        )
        for pk, link in links.items()
    }
    language = get_language()
    cells, errors, seen = defaultdict(list), [], {}
    body = rows[1:]  # text cells, as read_file gives them (XLSX values through _cell)
    # The personnummer search runs once over the whole file, and row by row only when it found
    # something (a match never spans a line break, so both agree).
    suspect = looks_like_personnummer("\n".join(map("\n".join, body)))
    at = [index[c] for c in ("period_id", "indicator_id", "gender", "age_band", *DATA_COLUMNS)]
    width = max(at) + 1
    # The few distinct period and indicator ids of a file, each parsed, looked up and checked
    # once: a period's refusal (unknown, locked, report not a draft) is the same on every row,
    # and so is whether an indicator has a kön and age band (`targets`).
    period_of, targets, numbers = {}, {}, {}
    pick, strip, make_cell = operator.itemgetter(*at), str.strip, ImportCell._make
    for number, row in enumerate(body, start=2):
        if len(row) < width:
            row = row + [""] * (width - len(row))
        period_id, indicator_id, gender, band, value, numerator, denominator, text = map(
            strip, pick(row)
        )
        if not (value or numerator or denominator or text):
            continue
        if suspect and looks_like_personnummer("\n".join(row)):
            errors.append((number, str(PNR_ROW_MESSAGE)))
            continue
        found = period_of.get(period_id)
        if found is None:
            period = periods.get(_id(period_id))
            found = period_of[period_id] = (period, _period_refusals(period, period_id, reports))
        period, refusals = found
        target = targets.get((indicator_id, gender, band), False)
        if target is False:
            target = targets[indicator_id, gender, band] = _target(
                shapes, indicator_id, gender, band
            )
        if refusals or target is None:
            shape = shapes.get(_id(indicator_id))
            gender = gender.upper() if gender else TOTAL
            messages = _row_errors(refusals, shape, indicator_id, gender, band)
            if shape is not None:
                messages += _cleaned(
                    shape[0], shape[3], value, numerator, denominator, text, language
                ).errors
            errors.extend((number, message) for message in messages)
            continue
        link, link_id, measure, gender = target
        # Plain digits in a number cell, most of any file: what clean_value returns for them
        # without its general checks (twelve digits cannot exceed its maximum), each distinct
        # number parsed once and its cleaned value shared (nothing changes one).
        plain = measure == NUMBER and not (numerator or denominator or text)
        cleaned = numbers.get(value) if plain else None
        if cleaned is None:
            if plain and len(value) <= 12 and value.isdigit() and value.isascii():
                cleaned = numbers[value] = CleanValue(Decimal(value).quantize(FOUR_PLACES))
            else:
                cleaned = _cleaned(link, measure, value, numerator, denominator, text, language)
                if cleaned.errors:
                    errors.extend((number, message) for message in cleaned.errors)
                    continue
        key = (period.id, link_id, gender, band)
        if key in seen:
            errors.append((number, _("Samma värde finns redan på rad %(n)s.") % {"n": seen[key]}))
            continue
        seen[key] = number
        cells[key[0]].append(make_cell((link, gender, band, cleaned)))
    if not cells and not errors:
        errors.append((0, _("Filen innehåller inga värden.")))
    versions = {pk: reports[pk].version if pk in reports else None for pk in cells}
    return cells, errors, versions


def import_values(*, pilot, actor, name: str, raw: bytes) -> ImportResult:
    """Import a file of period values into the pilot's draft reports, all or nothing.

    Imported cells replace the same cells in the reports; other cells are kept. Raises
    PermissionDenied or ImportRefused; row problems come back in `ImportResult.errors`.
    """
    if not can_report(actor, pilot):
        raise PermissionDenied
    # Rows, cells and their history are built up and all kept to the end, bounded by MAX_ROWS:
    # the cyclic collector would walk them again and again and free nothing.
    with collections_paused():
        return _import(pilot, actor, read_file(name=name, raw=raw))


def _import(pilot, actor, rows: list[list[str]]) -> ImportResult:
    # Read once for the validation and for the validation rules the merge runs.
    links = list(pilot.indicators.select_related("indicator"))
    try:
        with transaction.atomic():
            # The periods the file names and their reports are locked first and validated as
            # locked, so nothing can change between the check and the write; the merge writes
            # the rows validated here without re-validating or reading them again.
            locked = lock_periods(pilot, named_periods(rows))
            cells, errors, versions = validate_rows(
                pilot=pilot, rows=rows, links=links, locked=locked
            )
            if errors:
                return ImportResult(errors=errors)
            written = reports_merge_cells(
                pilot=pilot,
                actor=actor,
                cells=cells,
                expected_versions=versions,
                links=links,
                locked=locked,
            )
    except ValidationError as exc:
        return ImportResult(errors=[(0, message) for message in exc.messages])
    return ImportResult(written=written, reports=len(cells), periods=sorted(cells))


def named_periods(rows: list[list[str]]) -> set[int]:
    """The period ids a file's rows name (what its period column holds that is a number)."""
    column = _header(rows[0] if rows else [])["period_id"]
    texts = {row[column].strip() for row in rows[1:] if len(row) > column}
    return {pk for pk in map(_id, texts) if pk is not None}
