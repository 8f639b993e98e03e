"""Benchmark one scale: database, seed, gunicorn, the pages, the import and reindex rates.

    .venv/bin/python bench/scale.py --scale 0.01 --seed 1 --database pp_bench_1x --out x.json

Run by `bench/run.py` once per scale, in its own process because Django binds to one database
per process. Creates the PostgreSQL database when missing (`--reuse` keeps one that already
holds this scale and seed, recorded in the database's comment), migrates, runs `seed_scale`,
starts gunicorn on a free loopback port with production settings (DEBUG off, SERVER_TIMING on),
requests every target and writes the scale's result as JSON.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
PYTHON = sys.executable
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
LOG_DIR = ROOT / "var" / "bench"


def server_environment(database: str) -> dict:
    """Production settings against the bench database, with the Server-Timing header on and a
    Redis cache (BENCH_CACHE_URL, default database 12 of the local Redis)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"{SERVER}/{database}",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SERVER_TIMING": "true",
        # As production runs it: a shared Redis cache (several workers see one another's
        # invalidations), under a prefix of its own so two databases and runs never mix.
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12"),
        "CACHE_KEY_PREFIX": f"{database}-{secrets.token_hex(4)}",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        "ELASTICSEARCH_URL": "",
        "PYTHONUNBUFFERED": "1",
    }


def _admin_connection():
    import psycopg

    return psycopg.connect(f"{SERVER}/postgres", autocommit=True)


def seeded_marker(scale: float, seed: int) -> str:
    return f"seed_scale --scale {scale} --seed {seed}"


def database_holds(database: str, marker: str) -> bool:
    with _admin_connection() as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [database],
        ).fetchone()
    return bool(row) and row[0] == marker


def recreate_database(database: str) -> None:
    from psycopg import sql

    with _admin_connection() as conn:
        name = sql.Identifier(database)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def mark_database(database: str, marker: str) -> None:
    from psycopg import sql

    with _admin_connection() as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(database), sql.Literal(marker)
            )
        )


def manage(env: dict, *args: str) -> float:
    """Run a manage.py command with the bench settings; seconds taken. Raises on failure."""
    started = time.perf_counter()
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    env: dict, workers: int, log: Path, *, cpus: set[int] | None = None
) -> tuple[subprocess.Popen, int]:
    """gunicorn serving the portal on a free port (and its port), on `cpus` only if given."""
    port = free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "--pythonpath",
            str(ROOT / "site"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "300",
            "--error-logfile",
            str(log),
        ],
        env=env,
        cwd=ROOT,
        # Set in the child before gunicorn starts, so its workers inherit it.
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
    )
    from bench.client import Session

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            if Session("127.0.0.1", port).get("/healthz").status == 200:
                return process, port
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"gunicorn did not answer within 120 s; see {log}")


def data_counts() -> dict:
    from benchmarking.models import StatisticValue
    from learning.models import Practice
    from partners.models import Organisation, User
    from pilots.models import IndicatorValue, PeriodReport, Pilot
    from search.models import SearchDocument

    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "pilots": Pilot.objects.count(),
        "period_reports": PeriodReport.objects.count(),
        "indicator_values": IndicatorValue.objects.count(),
        "practices": Practice.objects.count(),
        "statistic_values": StatisticValue.objects.count(),
        "search_documents": SearchDocument.objects.count(),
    }


def measure_pages(targets, port: int, requests: int) -> list[dict]:
    from bench.client import Session, measure
    from bench.report import page_summary
    from bench.targets import cast

    _logins, password = cast()
    sessions = {"": Session("127.0.0.1", port)}
    pages = []
    for target in targets:
        if target.login not in sessions:
            session = Session("127.0.0.1", port)
            session.login(target.login, password)
            sessions[target.login] = session
        try:
            summary = page_summary(measure(sessions[target.login], target.url, requests=requests))
        except (RuntimeError, OSError) as exc:  # a broken page is reported, the run goes on
            pages.append({**target.as_dict(), "as": target.as_role, "error": str(exc)})
            print(f"  {target.label:<22} FAILED: {exc}", flush=True)
            continue
        pages.append({**target.as_dict(), "as": target.as_role, **summary})
        print(
            f"  {target.label:<22} p50 {summary['server_ms']['p50']:>7.1f} ms  "
            f"p95 {summary['server_ms']['p95']:>7.1f} ms  "
            f"queries {summary['queries']['max']:>3}  {target.url}",
            flush=True,
        )
    return pages


def _stage(name: str, run) -> dict:
    """Run one rate measurement; a failure is recorded in the result instead of ending the run."""
    try:
        outcome = run()
    except Exception as exc:  # any failure of the measured code is a finding, not the end
        outcome = {"error": f"{exc.__class__.__name__}: {exc}"}
    print(f"  {name}: {outcome}", flush=True)
    return outcome


def write_rates(args) -> dict:
    """The bulk import and reindex rates in this database (Django set up)."""
    from bench import rates, targets
    from partners.models import Organisation, User

    logins, _password = targets.cast()
    reporter = User.objects.get(email=logins["reporter"])
    organisation = (
        Organisation.objects.filter(name=targets.BENCH_ORGANISATION).first()
        or Organisation.objects.filter(memberships__user=reporter).order_by("pk").first()
    )
    imported = _stage(
        "import",
        lambda: rates.import_rate(organisation=organisation, actor=reporter, rows=args.import_rows),
    )
    reindexed = _stage("reindex", lambda: rates.reindex_rate(limit=args.reindex_limit))
    return {"import": imported, "reindex": reindexed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--label", default="")
    parser.add_argument("--database", required=True)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--reindex-limit", type=int, default=5000)
    parser.add_argument("--seed-command", default="seed_scale")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--phase",
        choices=["all", "prepare", "rates"],
        default="all",
        help="prepare: database, seed and targets only; rates: import and reindex only",
    )
    args = parser.parse_args()

    env = server_environment(args.database)
    if args.phase == "rates":
        os.environ.update(env)
        import django

        django.setup()
        args.out.write_text(json.dumps(write_rates(args), ensure_ascii=False), encoding="utf-8")
        return
    marker = seeded_marker(args.scale, args.seed)
    if args.seed_command != "seed_scale":
        marker = args.seed_command
    seed_seconds = None
    if args.reuse and database_holds(args.database, marker):
        print(f"{args.database}: reusing ({marker})", flush=True)
        manage(env, "migrate", "--no-input", "-v0")
    else:
        print(f"{args.database}: creating and seeding ({marker})", flush=True)
        recreate_database(args.database)
        manage(env, "migrate", "--no-input", "-v0")
        seed_args = [args.seed_command]
        if args.seed_command == "seed_scale":
            seed_args += ["--scale", str(args.scale), "--seed", str(args.seed)]
        seed_seconds = round(manage(env, *seed_args), 1)
        mark_database(args.database, marker)
    manage(env, "collectstatic", "--no-input", "-v0")

    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from bench import targets

    with connection.cursor() as cursor:
        # What autovacuum would leave after the seed's millions of inserts: planner statistics,
        # and the tables' visibility map and hint bits set. Done here, not by autovacuum in the
        # middle of the measurements (the first import after a seed read 75–113 ms against
        # 48–55 once vacuumed, and its COPY 25–30 ms against 14–15).
        cursor.execute("VACUUM (ANALYZE)")
    if args.seed_command != "seed_scale":
        targets.ensure_bare_page()
    chosen = targets.pick()
    counts = data_counts()
    print(f"  data: {counts}", flush=True)
    result = {
        "label": args.label or f"scale {args.scale}",
        "scale": args.scale,
        "seed": args.seed,
        "database": args.database,
        "seed_command": args.seed_command,
        "seed_seconds": seed_seconds,
        "data": counts,
    }
    if args.phase == "prepare":
        result["targets"] = [target.as_dict() for target in chosen]
        result["password"] = targets.cast()[1]
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        return

    log = LOG_DIR / f"gunicorn-{args.database}.log"
    process, port = start_gunicorn(env, args.workers, log)
    try:
        pages = measure_pages(chosen, port, args.requests)
    finally:
        process.terminate()
        process.wait(timeout=60)

    result.update(pages=pages, **write_rates(args))
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
