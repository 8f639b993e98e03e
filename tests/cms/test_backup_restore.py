"""backup_export → a fresh database → backup_restore loses nothing (counts and checksums).

The fresh database is a second database with the migrated schema and migration history of the
test database, copied with the database's own tools (pg_dump --schema-only on PostgreSQL, the
schema statements of sqlite_master on SQLite): a real `manage.py migrate` takes minutes on a busy
2-core machine, and the restore replaces every row migrate would have written anyway. The
restore itself and the second export run as separate processes, as an operator would run them.
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.documents.models import Document

from benchmarking.models import StatisticValue
from config import backup
from learning.factories import AppraisalFactory, ClosingReportFactory, PracticeFactory
from partners.audit import audit_record
from partners.factories import MembershipFactory, OrganisationFactory
from pilots.factories import LessonFactory, PilotFactory
from programmes.factories import ProgrammePilotFactory
from tests.benchmarking.helpers import make_kpi, make_values
from tests.business_cases.helpers import pilot_with_case
from tests.cms import helpers

pytestmark = pytest.mark.django_db
MANAGE = Path(__file__).resolve().parents[2] / "manage.py"


def _populate(organisation, reporter, coordinator):
    """A bit of everything: members, pilots with approved reports and values, a business case,
    lessons, a practice with an appraisal, a programme, statistics, CMS pages with revisions,
    an uploaded document and audit events."""
    MembershipFactory(organisation=organisation)
    pilot = PilotFactory(lead_organisation=organisation, indicators=2, approved_reports=2)
    LessonFactory(pilot=pilot)
    ClosingReportFactory(pilot=pilot)
    pilot_with_case(organisation, lines=3, years=3)
    practice = PracticeFactory(original_pilot=pilot)
    AppraisalFactory(practice=practice)
    ProgrammePilotFactory(pilot=PilotFactory(lead_organisation=OrganisationFactory()))
    make_kpi("N00945")
    make_values("N00945", {"0180": {2022: 12.5, 2023: 13}, "1480": {2023: 9}})
    goal = helpers.goal()
    goal.statement = "Ändrad formulering"
    goal.save_revision(user=coordinator).publish(user=coordinator)
    helpers.update()
    Document.objects.create(
        title="Slutrapport", file=ContentFile(b"%PDF-1.7\nrapport\n", name="slutrapport.pdf")
    )
    audit_record(actor=reporter, action="pilot.updated", obj=pilot, organisation=organisation)


def _fresh_database(tmp_path) -> tuple[str, callable]:
    """A new, empty database with this schema and migration history; (DATABASE_URL, drop)."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        fresh = f"pp_restore_{uuid.uuid4().hex[:10]}"
        admin = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'CREATE DATABASE "{fresh}"')

        def drop():
            with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

        try:
            env = {**os.environ, "PGPASSWORD": str(params.get("password") or "")}
            target = ["-h", str(params.get("host", "")), "-p", str(params.get("port", 5432))]
            target += ["-U", params.get("user", "postgres")]
            for extra in (["--schema-only"], ["--data-only", "-t", "django_migrations"]):
                dump = subprocess.run(
                    ["pg_dump", *target, "--no-owner", *extra, "-d", name],
                    check=True,
                    capture_output=True,
                    env=env,
                ).stdout
                subprocess.run(
                    ["psql", *target, "-q", "-v", "ON_ERROR_STOP=1", "-d", fresh],
                    input=dump,
                    check=True,
                    capture_output=True,
                    env=env,
                )
        except BaseException:
            drop()
            raise
        user, host, port = params.get("user", "postgres"), params.get("host"), params.get("port")
        login = f"{user}:{params['password']}" if params.get("password") else user
        return f"postgres://{login}@{host}:{port}/{fresh}", drop

    path = tmp_path / "fresh.sqlite3"
    source = connection.connection  # the in-memory test database
    statements = source.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY rowid"
    ).fetchall()
    migrations = source.execute("SELECT app, name, applied FROM django_migrations").fetchall()
    with sqlite3.connect(path) as target:
        for (sql,) in statements:
            try:
                target.execute(sql)
            except sqlite3.OperationalError as exc:
                # A virtual table creates its own shadow tables, listed again after it.
                if "already exists" not in str(exc):
                    raise
        target.execute("DELETE FROM django_migrations")
        target.executemany(
            "INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, ?)", migrations
        )
    return f"sqlite:///{path}", lambda: None


def _manage(*args, database_url, media_root):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    return subprocess.run(
        [sys.executable, str(MANAGE), *args], capture_output=True, text=True, env=env, timeout=300
    )


def _tamper(archive: Path, target: Path, table: str) -> None:
    """A copy of the archive with one value changed in one table's data."""
    changed = False
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == f"data/{table}.jsonl":
                first, rest = data.split(b"\n", 1)
                row = json.loads(first)
                row["fields"]["name"] += " (ändrad)"
                data = json.dumps(row).encode() + b"\n" + rest
                member.size = len(data)
                changed = True
            out.addfile(member, io.BytesIO(data) if data is not None else None)
    assert changed


def test_export_and_restore_into_a_fresh_database_lose_nothing(
    tmp_path, settings, organisation, reporter, coordinator
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _populate(organisation, reporter, coordinator)
    archive = tmp_path / "backup.tar.gz"
    manifest = backup.export(archive)

    tables = manifest["tables"]
    for key in [
        "partners.organisation",
        "pilots.pilot",
        "pilots.periodreport",
        "pilots.indicatorvalue",
        "business_cases.businesscaseline",
        "pilots.lesson",
        "learning.practice",
        "learning.appraisal",
        "programmes.programme",
        "benchmarking.statisticvalue",
        "cms.nationalgoalpage",
        "wagtailcore.revision",
        "wagtaildocs.document",
        "partners.auditevent",
        "auth.group_permissions",
    ]:
        assert tables[key]["rows"] > 0, key
    assert tables["benchmarking.statisticvalue"]["rows"] == StatisticValue.objects.count()
    assert "portal_search.searchdocument" not in tables  # derived, rebuilt after a restore
    assert list(manifest["media"]) == [Document.objects.get().file.name]

    url, drop = _fresh_database(tmp_path)
    media = tmp_path / "restored-media"
    try:
        # A changed row fails the restore loudly and leaves the database as it was.
        tampered = tmp_path / "tampered.tar.gz"
        _tamper(archive, tampered, "partners.organisation")
        failed = _manage("backup_restore", str(tampered), database_url=url, media_root=media)
        assert failed.returncode != 0
        assert "partners.organisation: kontrollsumman skiljer sig" in failed.stderr

        restored = _manage("backup_restore", str(archive), database_url=url, media_root=media)
        assert restored.returncode == 0, restored.stderr
        assert f"{len(tables)} tabeller" in restored.stdout

        again = tmp_path / "again.tar.gz"
        exported = _manage("backup_export", str(again), database_url=url, media_root=media)
        assert exported.returncode == 0, exported.stderr
    finally:
        drop()
    with tarfile.open(again, "r:gz") as tar:
        second = json.load(tar.extractfile("manifest.json"))
    assert second["tables"] == manifest["tables"]
    assert second["media"] == manifest["media"]
    assert (media / Document.objects.get().file.name).read_bytes() == b"%PDF-1.7\nrapport\n"
    rows = sum(t["rows"] for t in tables.values())
    print(f"\nverified {len(tables)} tables, {rows} rows")
