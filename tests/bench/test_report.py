"""The benchmark report: percentiles, ratios, verdicts on the targets and the Markdown table."""

import json

import pytest

from bench import report
from bench.client import Response, measure, parse_server_timing


def page(key, kind, p50, p95, queries, low=None):
    return {
        "key": key,
        "label": key.replace("_", " ").capitalize(),
        "kind": kind,
        "url": f"/{key}/",
        "as": "anonymous",
        "n": 40,
        "server_ms": {"p50": p50, "p95": p95, "mean": p50, "max": p95},
        "db_ms": {"p50": 1.0, "p95": 2.0, "mean": 1.0, "max": 2.0},
        "client_ms": {"p50": p50 + 1, "p95": p95 + 1, "mean": p50, "max": p95},
        "queries": {"min": queries if low is None else low, "max": queries},
    }


def scale(label, pages, ratio=0.5):
    return {
        "label": label,
        "scale": 0.01 if label == "1×" else 1.0,
        "seed": 1,
        "data": {"pilots": 100},
        "pages": pages,
        "import": {
            "rows": 2000,
            "service_rows_per_s": 500.0,
            "copy_rows_per_s": 1000.0,
            "ratio": ratio,
        },
        "reindex": {"documents": 3000, "seconds": 2.0, "per_second": 1500.0},
    }


def run(small, large, small_ratio=0.5, large_ratio=0.5):
    return {
        "started_at": "2026-11-22 15:00 UTC",
        "finished_at": "2026-11-22 15:30 UTC",
        "commit": "abc1234",
        "machine": "Linux x86_64, 2 CPUs",
        "requests": 40,
        "workers": 1,
        "scales": [scale("1×", small, small_ratio), scale("100×", large, large_ratio)],
    }


def missed(result):
    report.add_ratios(result)
    return {(row["target"], row["subject"]) for row in report.verdicts(result) if not row["ok"]}


def test_percentiles_interpolate_between_ranks():
    values = list(range(1, 101))
    assert report.percentile(values, 50) == 50.5
    assert report.percentile(values, 95) == pytest.approx(95.05)
    assert report.percentile([7.0], 95) == 7.0
    assert report.summarise([3.0, 1.0, 2.0]) == {"p50": 2.0, "p95": 2.9, "mean": 2.0, "max": 3.0}


def test_page_summary_keeps_the_query_range():
    samples = [
        {"server_ms": ms, "db_ms": 1.0, "client_ms": ms + 1, "queries": q}
        for ms, q in [(10.0, 9), (12.0, 9), (30.0, 11)]
    ]
    summary = report.page_summary(samples)
    assert summary["n"] == 3
    assert summary["server_ms"]["p50"] == 12.0
    assert summary["queries"] == {"min": 9, "max": 11}


def test_a_run_within_every_target_passes():
    bare_small, bare_large = (
        page("bare_page", "reference", 10, 12, 5),
        page("bare_page", "reference", 10, 12, 5),
    )
    result = run(
        [page("home", "page", 15, 20, 9), page("api_pilots", "api", 20, 30, 6), bare_small],
        [page("home", "page", 18, 24, 9), page("api_pilots", "api", 22, 24, 6), bare_large],
    )
    assert missed(result) == set()
    home = result["scales"][1]["pages"][0]
    assert home["p95_vs_bare"] == 2.0
    assert home["growth_p50"] == 1.2


def test_each_missed_target_is_named_with_its_page():
    result = run(
        [
            page("home", "page", 15, 20, 9),
            page("search", "page", 10, 20, 16),
            page("api_pilots", "api", 20, 30, 6),
            page("bare_page", "reference", 10, 10, 5),
        ],
        [
            page("home", "page", 30, 40, 12),
            page("search", "page", 10, 20, 16),
            page("api_pilots", "api", 200, 300, 6, low=5),
            page("bare_page", "reference", 10, 10, 5),
        ],
        large_ratio=0.05,
    )
    assert missed(result) == {
        ("queries constant in data size", "home"),
        ("queries constant in data size", "api_pilots"),
        ("queries ≤ 15", "search"),
        ("p95 ≤ 2× bare page (largest scale)", "home"),
        ("p50 growth ≤ 1.3× (largest/smallest)", "home"),
        ("p95 ≤ 2× bare page (largest scale)", "api_pilots"),
        ("p50 growth ≤ 1.3× (largest/smallest)", "api_pilots"),
        ("import ≥ 0.25× raw COPY", "import at 100×"),
    }


def test_the_import_passes_only_if_both_its_paired_and_its_median_ratio_do():
    pages = [page("home", "page", 10, 10, 4), page("bare_page", "reference", 10, 10, 5)]
    result = run(pages, pages, large_ratio=0.30)
    result["scales"][1]["import"]["ratio_of_medians"] = 0.24
    assert missed(result) == {("import ≥ 0.25× raw COPY", "import at 100×")}
    result["scales"][1]["import"]["ratio_of_medians"] = 0.27
    assert missed(result) == set()


def test_api_endpoints_are_held_to_the_same_time_targets_as_pages():
    result = run(
        [page("api_search", "api", 10, 10, 6), page("bare_page", "reference", 10, 10, 5)],
        [page("api_search", "api", 100, 100, 6), page("bare_page", "reference", 10, 10, 5)],
    )
    assert missed(result) == {
        ("p95 ≤ 2× bare page (largest scale)", "api_search"),
        ("p50 growth ≤ 1.3× (largest/smallest)", "api_search"),
    }


def test_a_slow_reindex_and_a_page_that_falls_behind_under_load_are_missed(tmp_path):
    result = run(
        [page("search", "page", 10, 10, 6), page("bare_page", "reference", 10, 10, 5)],
        [page("search", "page", 10, 10, 6), page("bare_page", "reference", 10, 10, 5)],
    )
    result["scales"][1]["reindex"]["per_second"] = 134.0
    result["scales"][1]["load"] = {
        "workers": 2,
        "clients": 8,
        "per_client": 4,
        "bare_per_second": 40.0,
        "pages": [
            {
                "key": "search",
                "label": "Search",
                "requests": 32,
                "seconds": 4.0,
                "per_second": 8.0,
                "vs_bare": 0.2,
            },
            {
                "key": "home",
                "label": "Home",
                "requests": 32,
                "seconds": 1.0,
                "per_second": 32.0,
                "vs_bare": 0.8,
            },
        ],
    }
    assert missed(result) == {
        ("reindex ≥ 1000 documents/s", "reindex at 100×"),
        ("throughput ≥ 0.5× bare page under load", "search"),
    }
    _json_path, md_path = report.write(result, tmp_path)
    text = md_path.read_text()
    assert "| Search | 32 | 4.00 | 8.00 | 0.20× |" in text
    assert "answers 40 requests/s" in text


def test_write_produces_json_and_a_markdown_table_with_the_misses(tmp_path):
    result = run(
        [page("home", "page", 15, 20, 9), page("bare_page", "reference", 10, 10, 5)],
        [page("home", "page", 30, 40, 9), page("bare_page", "reference", 10, 10, 5)],
    )
    json_path, md_path = report.write(result, tmp_path)
    stored = json.loads(json_path.read_text())
    text = md_path.read_text()
    assert [row["ok"] for row in stored["verdicts"] if row["subject"] == "home"] == [
        True,
        True,
        False,
        False,
    ]
    assert "| Home | `/home/` | anonymous | 30.0 | 40.0 | 1.0 | 9 | 4.00× | 2.00× | 2.00× |" in text
    assert "| p95 ≤ 2× bare page (largest scale) | home | 4.00 | 2.0 |" in text
    assert "| 100× | 2000 | 500 | 1000 | 0.50× | 3000 | 1500 |" in text
    assert "6 of 8 checks pass." in text


def test_server_timing_header_is_parsed():
    assert parse_server_timing('app;dur=12.3, db;dur=4.1;desc="queries=9"') == {
        "app": 12.3,
        "db": 4.1,
        "queries": 9,
    }


class DjangoClientSession:
    """bench.client.Session's interface over Django's test client (no gunicorn in CI)."""

    def __init__(self):
        from django.test import Client

        self.client = Client()

    def get(self, url):
        response = self.client.get(url)
        headers = {k.lower(): v for k, v in response.headers.items()}
        return Response(response.status_code, headers, response.content, client_ms=1.0)


@pytest.mark.django_db
def test_measuring_loop_reads_server_time_and_queries_of_real_pages(settings):
    settings.SERVER_TIMING = True
    session = DjangoClientSession()
    samples = report.page_summary(measure(session, "/piloter/?q=rörelse", requests=3, warmup=1))
    assert samples["n"] == 3
    assert samples["queries"]["min"] == samples["queries"]["max"] > 0
    assert samples["server_ms"]["p95"] >= samples["server_ms"]["p50"] > 0


@pytest.mark.django_db
def test_measuring_loop_refuses_a_page_without_the_header(settings):
    settings.SERVER_TIMING = False
    with pytest.raises(RuntimeError, match="Server-Timing"):
        measure(DjangoClientSession(), "/piloter/", requests=1, warmup=0)


def test_a_page_that_failed_to_answer_is_a_missed_target_and_a_table_row(tmp_path):
    broken = {
        "key": "home",
        "label": "Home",
        "kind": "page",
        "url": "/home/",
        "as": "anonymous",
        "error": "GET /home/ answered HTTP 500",
    }
    result = run(
        [page("home", "page", 15, 20, 9), page("bare_page", "reference", 10, 10, 5)],
        [broken, page("bare_page", "reference", 10, 10, 5)],
    )
    _json_path, md_path = report.write(result, tmp_path)
    assert ("answers HTTP 200", "home at 100×") in {
        (row["target"], row["subject"]) for row in result["verdicts"] if not row["ok"]
    }
    assert "| Home | `/home/` | anonymous | GET /home/ answered HTTP 500 |" in md_path.read_text()


def test_a_full_run_rewrites_the_readme_table_between_its_markers(tmp_path):
    result = run(
        [page("home", "page", 15, 20, 9), page("bare_page", "reference", 10, 10, 5)],
        [page("home", "page", 16, 40, 9), page("bare_page", "reference", 10, 10, 5)],
    )
    report.write(result, tmp_path)
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# Portal\n\n## Benchmark\n\n{report.README_START}\nold table\n{report.README_END}\n\n"
        "## Next\n",
        encoding="utf-8",
    )

    assert report.update_readme(result, readme)

    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text
    assert text.startswith("# Portal\n\n## Benchmark\n") and text.endswith("## Next\n")
    assert "| Home | 40.0 | 4.00× | 1.07× | 9 / 9 | – | **no** |" in text
    assert "| Bare page | 10.0 | 1.00× | 1.00× | 5 / 5 | – | yes |" in text
    assert "| bulk value import / raw COPY | 0.50× | 0.50× | ≥ 0.25× |" in text
    assert "checks pass.**" in text and "commit `abc1234`" in text


def test_a_readme_without_markers_is_left_alone(tmp_path):
    result = run(
        [page("bare_page", "reference", 10, 10, 5)], [page("bare_page", "reference", 10, 10, 5)]
    )
    report.write(result, tmp_path)
    readme = tmp_path / "README.md"
    readme.write_text("# Portal\n", encoding="utf-8")
    assert not report.update_readme(result, readme)
    assert readme.read_text(encoding="utf-8") == "# Portal\n"
