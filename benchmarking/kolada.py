"""Fetching data from the Kolada API v3 with the standard library only.

GET {base}/data/kpi/<id,id,…>/year/<y,y,…>?per_page=5000 answers in the v3 data shape (see
benchmarking.importing) and links the next page with "next_url" (older API versions: "next_page").
GET {base}/kpi/<id,id,…> answers with the KPIs' metadata in the same paged shape.
Kolada accepts a limited number of ids per request, so KPI ids go in batches of at most 25.

The HTTP opener is injected (`opener(url, timeout) -> bytes`) so that tests never touch the
network; the default uses urllib.request.
"""

import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _

from benchmarking.importing import KpiMeta, ParseError, Row, parse_json, parse_kpis

BASE_URL = "https://api.kolada.se/v3"
BATCH_SIZE = 25
PER_PAGE = 5000
MAX_PAGES = 1000
TIMEOUT = 20

Opener = Callable[[str, float], bytes]


class FetchError(Exception):
    """Kolada could not be reached or answered something we cannot read."""


def urllib_opener(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "Preventionsportalen"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def batches(ids: list[str], size: int = BATCH_SIZE) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def data_url(kpi_ids: list[str], years: list[int], base: str = BASE_URL) -> str:
    return f"{base}/data/kpi/{','.join(kpi_ids)}/year/{','.join(str(y) for y in years)}?per_page={PER_PAGE}"  # noqa: E501


def kpi_url(kpi_ids: list[str], base: str = BASE_URL) -> str:
    return f"{base}/kpi/{','.join(kpi_ids)}?per_page={PER_PAGE}"


def _get(url: str, opener: Opener, timeout: float) -> bytes:
    try:
        return opener(url, timeout)
    except TimeoutError as exc:
        raise FetchError(
            _("Kolada svarade inte inom %(s)s sekunder (%(url)s). Inget har ändrats.")
            % {"s": timeout, "url": url}
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            _(
                "Kunde inte nå Kolada (%(reason)s). Nätverket kan vara stängt: hämta filerna på en "
                "dator med internet och läs in dem med manage.py import_kolada. Inget har ändrats."
            )
            % {"reason": reason}
        ) from exc


def _follow(first_url: str, parse, *, opener, timeout, log, urls: list[str]) -> tuple[list, list]:
    """Every item and error of a paged answer, following next_url (at most MAX_PAGES)."""
    items, errors, url, pages = [], [], first_url, 0
    while url:
        pages += 1
        if pages > MAX_PAGES:
            raise FetchError(_("Kolada gav fler än %(n)s sidor; avbryter.") % {"n": MAX_PAGES})
        urls.append(url)
        log(url)
        body = _get(url, opener, timeout)
        try:
            page_items, page_errors, url = parse(body.decode("utf-8"))
        except (UnicodeDecodeError, ParseError) as exc:
            raise FetchError(_("Koladas svar gick inte att läsa: %(e)s") % {"e": exc}) from exc
        items += page_items
        errors += page_errors
    return items, errors


def fetch(
    kpi_ids: list[str],
    years: list[int],
    *,
    opener: Opener = urllib_opener,
    timeout: float = TIMEOUT,
    base: str = BASE_URL,
    log: Callable[[str], None] = lambda _msg: None,
) -> tuple[list[Row], list[dict], list[str]]:
    """Every row for the KPIs and years, following next_url; (rows, row errors, urls fetched).

    Raises FetchError on network failure, timeout or an unreadable page, so a partial download is
    never imported."""
    rows, errors, urls = [], [], []
    for batch in batches(kpi_ids):
        batch_rows, batch_errors = _follow(
            data_url(batch, years, base),
            parse_json,
            opener=opener,
            timeout=timeout,
            log=log,
            urls=urls,
        )
        rows += batch_rows
        errors += batch_errors
    return rows, errors, urls


def fetch_kpis(
    kpi_ids: list[str],
    *,
    opener: Opener = urllib_opener,
    timeout: float = TIMEOUT,
    base: str = BASE_URL,
    log: Callable[[str], None] = lambda _msg: None,
) -> tuple[list[KpiMeta], list[dict]]:
    """Kolada's metadata of the KPIs (GET {base}/kpi/<ids>): title, description, gender split, …
    Raises FetchError like `fetch`."""
    metas, errors, urls = [], [], []
    for batch in batches(kpi_ids):
        batch_metas, batch_errors = _follow(
            kpi_url(batch, base), parse_kpis, opener=opener, timeout=timeout, log=log, urls=urls
        )
        metas += batch_metas
        errors += batch_errors
    return metas, errors
