"""Reading statistics files: Kolada API v3 JSON and CSV, into rows checked one by one.

Kolada API v3 data shape (GET https://api.kolada.se/v3/data/kpi/<ids>/year/<years>):
    {"values": [{"kpi": "N00945", "municipality": "0180", "period": 2023,
                 "values": [{"gender": "T", "status": "", "value": 12.3, "count": 1,
                             "isdeleted": false}, ...]}],
     "next_url": "https://…" or absent}
"municipality" is a kommun (4 digits), a region ("00" + län), riket ("0000") or a municipality
group ("G" + digits). Kolada's `count` is 1 except for a group, where it is the number of members
behind the group's unweighted mean; it is stored unchanged and never read as persons. A null
"value" is missing, usually with a status saying why; "isdeleted": true means Kolada withdrew the
value. CSV has the columns kpi,area,year,gender,value,status and may add count and preliminary
(1/0). Nothing here writes; see services.statistics_import. KPI metadata (GET /v3/kpi/<ids>) is
read by parse_kpis.
"""

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.personal_data import looks_like_personnummer

GENDERS = {"T", "K", "M"}
CSV_COLUMNS = ["kpi", "area", "year", "gender", "value", "status"]
MAX_ERRORS = 500
MAX_COUNT = 2_147_483_647  # StatisticValue.count is a PositiveIntegerField
AREA = re.compile(r"^(\d{4}|G\d{1,11})$")


@dataclass(frozen=True)
class Row:
    ref: str  # where in the file, for the error report
    kpi: str
    area: str
    year: int
    gender: str
    value: Decimal | None
    count: int | None
    status: str
    preliminary: bool
    deleted: bool = False  # Kolada's "isdeleted": the value was withdrawn

    @property
    def is_group(self) -> bool:
        return self.area.startswith("G")

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.kpi, self.area, self.year, self.gender)


class ParseError(Exception):
    """The file as a whole cannot be read (not JSON, no header, wrong shape)."""


def _decimal(raw) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    if isinstance(raw, bool):
        raise ValueError
    text = str(raw).strip().replace(",", ".").replace("\u2212", "-")
    number = Decimal(text)
    if not number.is_finite() or abs(number) >= Decimal("1e14"):
        raise ValueError
    return number.quantize(Decimal("0.0001"))


def _count(raw) -> int | None:
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    if isinstance(raw, bool):
        raise ValueError
    number = Decimal(str(raw).strip())
    # "Infinity", "12.5" and "1e30" are refused here rather than truncated or left for the
    # database to reject mid-import.
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError
    if not 0 <= number <= MAX_COUNT:
        raise ValueError
    return int(number)


def _row(
    ref, kpi, area, year, gender, value, count, status, preliminary, errors, deleted=False
) -> Row | None:
    problems = []
    kpi = str(kpi or "").strip().upper()
    area = str(area or "").strip().upper()
    gender = str(gender or "").strip().upper()
    if not kpi:
        problems.append(_("KPI-id saknas"))
    if not AREA.match(area):
        problems.append(
            _("områdeskoden %(area)s är varken fyra siffror eller ett Kolada-grupp-id (G…)")
            % {"area": area or "–"}
        )
    try:
        year = int(str(year).strip())
        if not 1900 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        problems.append(_("året %(year)s är inte ett år") % {"year": year})
        year = 0
    if gender not in GENDERS:
        problems.append(_("kön %(g)s ska vara T, K eller M") % {"g": gender or "–"})
    if looks_like_personnummer(status):
        # Statistics are aggregates; a personnummer in a text column means the wrong file.
        problems.append(_("texten ser ut att innehålla ett personnummer"))
    try:
        value = _decimal(value)
    except (ValueError, InvalidOperation):
        problems.append(_("värdet %(v)s är inte ett tal") % {"v": value})
        value = None
    try:
        count = _count(count)
    except (ValueError, InvalidOperation):
        problems.append(_("antalet %(c)s är inte ett heltal") % {"c": count})
        count = None
    if problems:
        errors.append({"row": ref, "message": "; ".join(problems)})
        return None
    return Row(
        ref, kpi, area, year, gender, value, count, str(status or "")[:30], preliminary, deleted
    )


def parse_json(text: str, *, preliminary: bool = False) -> tuple[list[Row], list[dict], str | None]:
    """Rows, row errors and the next_url of one page in the Kolada v3 data shape."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            _("Filen är inte giltig JSON (rad %(line)s, kolumn %(col)s): %(msg)s")
            % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise ParseError(_('Filen har inte Koladas form: ett objekt med listan "values" saknas.'))
    rows, errors = [], []
    for i, entry in enumerate(data["values"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), list):
            errors.append({"row": f"values[{i}]", "message": _('posten saknar listan "values"')})
            continue
        for j, cell in enumerate(entry["values"], start=1):
            ref = f"values[{i}] {entry.get('kpi')}/{entry.get('municipality')}/{entry.get('period')} #{j}"  # noqa: E501
            if not isinstance(cell, dict):
                errors.append({"row": ref, "message": _("värdet är inte ett objekt")})
                continue
            row = _row(
                ref,
                entry.get("kpi"),
                entry.get("municipality"),
                entry.get("period"),
                cell.get("gender"),
                cell.get("value"),
                cell.get("count"),
                cell.get("status"),
                preliminary or bool(cell.get("preliminary")),
                errors,
                deleted=cell.get("isdeleted") is True,
            )
            if row:
                rows.append(row)
    next_url = data.get("next_url") or data.get("next_page") or None
    return rows, errors, next_url if isinstance(next_url, str) else None


def parse_csv(text: str, *, preliminary: bool = False) -> tuple[list[Row], list[dict]]:
    """Rows and row errors of a CSV file (comma or semicolon separated, header required)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise ParseError(
            _("Kolumner saknas i CSV-filen: %(cols)s (krävs: %(all)s).")
            % {"cols": ", ".join(missing), "all": ",".join(CSV_COLUMNS)}
        )
    reader.fieldnames = header
    rows, errors = [], []
    for line, record in enumerate(reader, start=2):
        if None in record:
            errors.append(
                {"row": _("rad %(n)s") % {"n": line}, "message": _("fler fält än rubriker")}
            )
            continue
        if any(record.get(c) is None for c in CSV_COLUMNS):
            errors.append({"row": _("rad %(n)s") % {"n": line}, "message": _("för få fält")})
            continue
        extra = [v for c, v in record.items() if c not in CSV_COLUMNS]
        if any(looks_like_personnummer(v) for v in extra):
            errors.append(
                {
                    "row": _("rad %(n)s") % {"n": line},
                    "message": _("texten ser ut att innehålla ett personnummer"),
                }
            )
            continue
        prel = str(record.get("preliminary") or "").strip().lower() in {
            "1",
            "true",
            "ja",
            "yes",
            "p",
        }
        row = _row(
            _("rad %(n)s") % {"n": line},
            record["kpi"],
            record["area"],
            record["year"],
            record["gender"],
            record["value"],
            record.get("count"),
            record["status"],
            preliminary or prel,
            errors,
        )
        if row:
            rows.append(row)
    return rows, errors


def check_rows(
    rows: list[Row], *, known_kpis: set[str], known_areas: set[str], create_kpis: bool
) -> list[dict]:
    """Errors for duplicate keys, unknown KPI ids (unless they may be created) and unknown areas."""
    errors, seen = [], {}
    for row in rows:
        if row.key in seen:
            errors.append(
                {
                    "row": row.ref,
                    "message": _("samma KPI, område, år och kön som %(other)s")
                    % {"other": seen[row.key]},
                }
            )
        else:
            seen[row.key] = row.ref
        if row.kpi not in known_kpis and not create_kpis:
            errors.append(
                {
                    "row": row.ref,
                    "message": _("okänt KPI-id %(kpi)s (lägg till --create-kpis för att skapa det)")
                    % {"kpi": row.kpi},
                }
            )
        if row.area not in known_areas:
            errors.append(
                {
                    "row": row.ref,
                    "message": _("okänd kommun- eller regionkod %(area)s") % {"area": row.area},
                }
            )
    return errors


def parse_groups(text: str) -> list[dict]:
    """Kolada municipality groups ({"values": [{"id", "title", "members": [{"id", "title"}]}]})."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(_("Filen är inte giltig JSON: %(msg)s") % {"msg": exc.msg}) from exc
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise ParseError(_('Filen har inte Koladas form: ett objekt med listan "values" saknas.'))
    return data["values"]


def looks_like_groups(text: str) -> bool:
    try:
        data = json.loads(text)
        first = data["values"][0]
    except (ValueError, KeyError, IndexError, TypeError):
        return False
    return isinstance(first, dict) and "members" in first


@dataclass(frozen=True)
class KpiMeta:
    """What Kolada publishes about a KPI (GET /v3/kpi/<ids>); direction is not among it."""

    id: str
    title: str
    description: str
    unit: str
    is_divided_by_gender: bool
    operating_area: str
    municipality_type: str


def _flag(raw) -> bool:
    # v3 answers true/false, v2 answered 0/1.
    return raw is True or raw == 1 or str(raw).strip().lower() in {"1", "true"}


def parse_kpis(text: str) -> tuple[list[KpiMeta], list[dict], str | None]:
    """KPI metadata, errors and next_url of one page in Kolada's shape:
    {"values": [{"id", "title", "description", "is_divided_by_gender", "operating_area",
    "municipality_type", "unit"?, …}], "next_url"?}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(_("Svaret är inte giltig JSON: %(msg)s") % {"msg": exc.msg}) from exc
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise ParseError(_('Svaret har inte Koladas form: ett objekt med listan "values" saknas.'))
    kpis, errors = [], []
    for i, entry in enumerate(data["values"], start=1):
        kpi_id = str(entry.get("id") or "").strip().upper() if isinstance(entry, dict) else ""
        title = str(entry.get("title") or "").strip() if isinstance(entry, dict) else ""
        if not kpi_id or not title or len(kpi_id) > 10:
            errors.append({"row": f"values[{i}]", "message": _("KPI utan id eller titel")})
            continue
        kpis.append(
            KpiMeta(
                id=kpi_id,
                title=title[:300],
                description=str(entry.get("description") or "").strip(),
                unit=str(entry.get("unit") or "").strip()[:50],
                is_divided_by_gender=_flag(entry.get("is_divided_by_gender")),
                operating_area=str(entry.get("operating_area") or "").strip()[:300],
                municipality_type=str(entry.get("municipality_type") or "").strip()[:10],
            )
        )
    next_url = data.get("next_url") or data.get("next_page") or None
    return kpis, errors, next_url if isinstance(next_url, str) else None
