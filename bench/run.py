"""The benchmark suite in one go: every key page and API endpoint at 1× and 100× data.

    make bench                                   # = .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --scales 0.001,0.01 --requests 10 --reuse

For each scale (default 0.01 = "1×" and 1.0 = national = "100×") `bench/scale.py` creates the
PostgreSQL database `pp_bench_<n>x` (on BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432),
seeds it with `seed_scale`, serves it with gunicorn and measures server time, query count, the
bulk import rate against a raw COPY and the search reindex rate. The results, the ratios between
pages and scales and the verdict on every target go to bench/results/latest.json and latest.md.
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402

ONE_X = 0.01  # seed_scale's scale that the issue calls "1×"; 1.0 (national) is "100×"


def label(scale: float) -> str:
    return f"{scale / ONE_X:g}×"


def database_name(scale: float) -> str:
    return "pp_bench_" + f"{scale / ONE_X:g}".replace(".", "_") + "x"


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown"


def _machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load {load:.1f} at start, Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="0.01,1.0", help="seed_scale factors, comma-separated")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--requests", type=int, default=40, help="measured requests per page")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers")
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument(
        "--reindex-limit", type=int, default=5000, help="full reindex up to this many objects"
    )
    parser.add_argument("--reuse", action="store_true", help="keep a database already seeded")
    parser.add_argument("--seed-command", default="seed_scale", help="e.g. seed_demo to try out")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    scales = sorted(float(s) for s in args.scales.split(","))
    result = {
        "started_at": _now(),
        "commit": _commit(),
        "machine": _machine(),
        "requests": args.requests,
        "workers": args.workers,
        "targets": {
            "max_queries": report.MAX_QUERIES,
            "max_p95_vs_bare": report.MAX_P95_VS_BARE,
            "max_growth": report.MAX_GROWTH,
            "min_import_vs_copy": report.MIN_IMPORT_VS_COPY,
        },
        "scales": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            print(f"== {label(scale)} (scale {scale})", flush=True)
            out = Path(tmp) / f"{database_name(scale)}.json"
            command = [
                sys.executable,
                str(ROOT / "bench" / "scale.py"),
                f"--scale={scale}",
                f"--seed={args.seed}",
                f"--label={label(scale)}",
                f"--database={database_name(scale)}",
                f"--requests={args.requests}",
                f"--workers={args.workers}",
                f"--import-rows={args.import_rows}",
                f"--reindex-limit={args.reindex_limit}",
                f"--seed-command={args.seed_command}",
                f"--out={out}",
                *(["--reuse"] if args.reuse else []),
            ]
            subprocess.run(command, check=True, cwd=ROOT)
            result["scales"].append(json.loads(out.read_text(encoding="utf-8")))
    result["finished_at"] = _now()
    json_path, md_path = report.write(result, args.out)
    print(report.markdown(result))
    print(f"Wrote {json_path.relative_to(ROOT)} and {md_path.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
