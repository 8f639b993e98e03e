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


def measure_interleaved(prepared: list[dict], args) -> list[list[dict]]:
    """Serve every scale's database with its own gunicorn and request each page at every scale
    in turn; the page summaries per scale."""
    from bench.client import Session
    from bench.client import measure_interleaved as take_turns
    from bench.scale import LOG_DIR, server_environment, start_gunicorn

    # Every scale's server on the same CPU: on this machine's virtual CPUs one core can run at
    # half the speed of the other for seconds at a time, and a server left to the scheduler
    # stays on its core, so the ratio between the scales measured the two cores (one page's
    # p50 "growth" read 0.73x and another's 1.32x in one run). Requests take turns between the
    # scales, so both meet the same core's speed. The load test below uses every CPU.
    shared_cpu = {max(os.sched_getaffinity(0))}
    servers, sessions = [], []
    try:
        for ready in prepared:
            env = server_environment(ready["database"])
            log = LOG_DIR / f"gunicorn-{ready['database']}.log"
            servers.append(start_gunicorn(env, args.workers, log, cpus=shared_cpu))
            sessions.append({})
        measured = [[] for _ in prepared]
        for n, target in enumerate(prepared[0]["targets"]):
            jobs = []
            for ready, (_process, port), logged_in in zip(prepared, servers, sessions, strict=True):
                this = ready["targets"][n]
                if this["login"] not in logged_in:
                    session = Session("127.0.0.1", port)
                    if this["login"]:
                        session.login(this["login"], ready["password"])
                    logged_in[this["login"]] = session
                jobs.append((logged_in[this["login"]], this["url"]))
            try:
                samples = take_turns(jobs, requests=args.requests)
            except (RuntimeError, OSError) as exc:  # a broken page is reported, the run goes on
                print(f"  {target['label']:<22} FAILED: {exc}", flush=True)
                for ready, pages in zip(prepared, measured, strict=True):
                    this = ready["targets"][n]
                    pages.append({**this, "as": this["as_role"], "error": str(exc)})
                continue
            for ready, pages, taken in zip(prepared, measured, samples, strict=True):
                this = ready["targets"][n]
                pages.append({**this, "as": this["as_role"], **report.page_summary(taken)})
            print(
                f"  {target['label']:<22} p50 "
                + " | ".join(f"{pages[-1]['server_ms']['p50']:>7.1f} ms" for pages in measured)
                + "  queries "
                + " | ".join(str(pages[-1]["queries"]["max"]) for pages in measured),
                flush=True,
            )
    finally:
        for process, _port in servers:
            process.terminate()
            process.wait(timeout=60)
    return measured


def measure_load(ready: dict, args) -> dict:
    """The load check on one scale's database: its own gunicorn with --load-workers workers."""
    from bench.load import measure_load as burst_every_target
    from bench.scale import LOG_DIR, server_environment, start_gunicorn

    env = server_environment(ready["database"])
    log = LOG_DIR / f"gunicorn-{ready['database']}-load.log"
    process, port = start_gunicorn(env, args.load_workers, log)
    try:
        measured = burst_every_target(
            ready["targets"],
            port,
            ready["password"],
            clients=args.load_clients,
            per_client=args.load_requests,
        )
    finally:
        process.terminate()
        process.wait(timeout=60)
    return {"workers": args.load_workers, **measured}


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
    parser.add_argument(
        "--sequential",
        action="store_true",
        help="measure one scale after the other instead of taking turns between them",
    )
    parser.add_argument(
        "--load-workers", type=int, default=2, help="gunicorn workers for the load check"
    )
    parser.add_argument("--load-clients", type=int, default=8, help="concurrent clients")
    parser.add_argument(
        "--load-requests", type=int, default=4, help="requests per client and page (0: no check)"
    )
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
            "min_throughput_vs_bare": report.MIN_THROUGHPUT_VS_BARE,
        },
        "scales": [],
    }
    with tempfile.TemporaryDirectory() as tmp:

        def scale_py(scale: float, phase: str) -> dict:
            out = Path(tmp) / f"{database_name(scale)}-{phase}.json"
            command = [
                sys.executable,
                str(ROOT / "bench" / "scale.py"),
                f"--phase={phase}",
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
            return json.loads(out.read_text(encoding="utf-8"))

        if args.sequential:
            for scale in scales:
                print(f"== {label(scale)} (scale {scale})", flush=True)
                result["scales"].append(scale_py(scale, "all"))
        else:
            prepared = []
            for scale in scales:
                print(f"== {label(scale)} (scale {scale}): database and targets", flush=True)
                prepared.append(scale_py(scale, "prepare"))
            print("== pages, every scale in turn", flush=True)
            pages = measure_interleaved(prepared, args)
            load = None
            if args.load_requests > 0:
                print(
                    f"== {label(scales[-1])}: load, {args.load_workers} workers, "
                    f"{args.load_clients} clients",
                    flush=True,
                )
                load = measure_load(prepared[-1], args)
            for scale, ready, measured in zip(scales, prepared, pages, strict=True):
                print(f"== {label(scale)}: import and reindex rates", flush=True)
                ready.pop("targets")
                ready.pop("password")
                result["scales"].append({**ready, "pages": measured, **scale_py(scale, "rates")})
            if load is not None:
                result["scales"][-1]["load"] = load
    result["finished_at"] = _now()
    if hasattr(os, "getloadavg"):
        result["load_at_end"] = round(os.getloadavg()[0], 1)
    json_path, md_path = report.write(result, args.out)
    print(report.markdown(result))
    print(f"Wrote {json_path} and {md_path}.")
    # A full run (both scales, results in the repository) is what the README shows.
    full = args.out == ROOT / "bench" / "results" and len(scales) > 1 and args.load_requests > 0
    if full and report.update_readme(result, ROOT / "README.md"):
        print("Updated the benchmark section of README.md.")


if __name__ == "__main__":
    main()
