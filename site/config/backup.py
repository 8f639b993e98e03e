"""A portable backup of everything the portal holds, and its verified restore.

The archive (tar.gz) holds:
- `data/<app_label>.<model>.jsonl`: every row of every table of the project, Wagtail, auth and
  the other installed apps, one JSON object per line in Django's serialisation (one file per
  table, written and read in batches), with the rows' own primary keys;
- `media/…`: the uploaded files (documents, images and their renditions);
- `manifest.json`: per table the row count and a SHA-256 over its canonical rows, per media file
  its SHA-256, and the migrations the data belongs to.

Primary keys are kept rather than replaced by natural keys: Wagtail's revisions store pages as
JSON with content-type ids and object ids inside, audit events and references point at objects
by (content type, id), and only identical keys keep all of those right. So the restore replaces
everything migrate created (content types, permissions, groups, the root page …) with the rows
of the archive, in one transaction, and then checks each table against the manifest.

Derived data is not in the archive: the search documents (`search`) and Wagtail's search index
(`wagtailsearch`) are emptied and rebuilt after the restore.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import shutil
import tarfile
import tempfile
import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT_VERSION = 1
# Rebuilt from the other tables after a restore, so never exported (app label.model name).
DERIVED_APPS = {"portal_search", "wagtailsearch"}
# Derived tables that are not models (SQLite's FTS5 table of the portal's search).
DERIVED_TABLES = {"portal_search_fts"}
BATCH = 2000

Progress = Callable[[str], None]


class BackupError(Exception):
    """The archive cannot be restored here, or the restored data differs from the manifest."""


def backed_up_models() -> list[type[models.Model]]:
    """Every table with rows of its own: concrete, managed models including the automatic
    many-to-many tables (which are exported as tables, not as lists inside their owners)."""
    chosen = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        if meta.app_label in DERIVED_APPS:
            continue
        chosen.append(model)
    return sorted(chosen, key=lambda m: m._meta.label_lower)


def _key(model) -> str:
    return model._meta.label_lower


def _local_fields(model) -> list[models.Field]:
    return list(model._meta.local_concrete_fields)


def _rows(model, using):
    return model._base_manager.using(using).order_by("pk")


def _canonical(value):
    """One spelling per value, whatever the database returned (PostgreSQL or SQLite)."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    return value


def table_fingerprint(model, using: str = DEFAULT_DB_ALIAS) -> tuple[int, str]:
    """(row count, SHA-256 over the rows in primary-key order, each a canonical JSON array)."""
    columns = [f.attname for f in _local_fields(model)]
    digest = hashlib.sha256()
    count = 0
    for row in _rows(model, using).values_list(*columns).iterator(chunk_size=BATCH):
        line = json.dumps([_canonical(v) for v in row], sort_keys=True, default=str)
        digest.update(line.encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> Iterable[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[using])
    applied: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def export(
    archive: Path, *, using: str = DEFAULT_DB_ALIAS, progress: Progress = lambda _: None
) -> dict:
    """Write the archive; return its manifest. Reads in one repeatable-read snapshot where the
    database offers one (PostgreSQL), so counts and rows agree even while the site runs."""
    media_root = Path(settings.MEDIA_ROOT)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database_vendor": connections[using].vendor,
        "migrations": {},
        "tables": {},
        "media": {},
    }
    with tempfile.TemporaryDirectory(prefix="pp-backup-") as tmp:
        work = Path(tmp)
        (work / "data").mkdir()
        connection = connections[using]
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            manifest["migrations"] = applied_migrations(using)
            for model in backed_up_models():
                key = _key(model)
                names = [f.name for f in _local_fields(model)]
                _write_table(model, names, work / "data" / f"{key}.jsonl", using)
                count, checksum = table_fingerprint(model, using)
                manifest["tables"][key] = {
                    "table": model._meta.db_table,
                    "rows": count,
                    "sha256": checksum,
                }
                progress(f"{key}: {count}")
        for path in _media_files(media_root):
            relative = path.relative_to(media_root).as_posix()
            manifest["media"][relative] = _file_sha256(path)
        (work / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(work / "data", arcname="data")
            for relative in manifest["media"]:
                tar.add(media_root / relative, arcname=f"media/{relative}")
        partial.replace(archive)  # a half-written archive never has the final name
    progress(
        f"{len(manifest['tables'])} tabeller, {sum(t['rows'] for t in manifest['tables'].values())}"
        f" rader, {len(manifest['media'])} mediefiler"
    )
    return manifest


class _Encoder(json.JSONEncoder):
    """Django's own JSON encoder cuts datetimes to milliseconds; a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, Decimal | uuid.UUID | datetime.timedelta):
            return str(o)
        if isinstance(o, bytes | memoryview):
            return bytes(o).hex()
        return super().default(o)


def _write_table(model, names, path: Path, using: str) -> None:
    """One JSON object per line (Django's "python" serialisation of the row), in batches, so
    memory stays flat for any table size."""
    python = serializers.get_serializer("python")
    rows = _rows(model, using).iterator(chunk_size=BATCH)
    with path.open("w", encoding="utf-8") as out:
        while batch := list(itertools.islice(rows, BATCH)):
            for item in python().serialize(batch, fields=names):
                out.write(json.dumps(item, cls=_Encoder, ensure_ascii=False) + "\n")


def _read_table(path: Path, using: str):
    with path.open(encoding="utf-8") as handle:
        while lines := list(itertools.islice(handle, BATCH)):
            data = [json.loads(line) for line in lines]
            yield from serializers.deserialize("python", data, using=using, ignorenonexistent=False)


def _safe_extract(tar: tarfile.TarFile, target: Path) -> None:
    # The "data" filter refuses absolute paths, "..", links out of the target and devices.
    tar.extractall(target, filter="data")


def _clear(model_list, using) -> None:
    connection = connections[using]
    tables = [m._meta.db_table for m in model_list]
    existing = set(connection.introspection.table_names())
    derived = [
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in DERIVED_APPS and not m._meta.proxy
    ]
    derived = sorted({t for t in [*derived, *DERIVED_TABLES] if t in existing})
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(connection.ops.quote_name(t) for t in tables + derived)
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        else:
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED on both backends, so the
            # order of deletes and inserts inside the transaction does not matter.
            for table in tables + derived:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def _load_table(model, path: Path, using: str) -> int:
    """Insert the rows as they are: raw (no auto_now, no signals, no save() logic)."""
    fields = _local_fields(model)
    connection = connections[using]
    manager = model._base_manager.using(using)
    loaded, batch = 0, []
    for deserialized in _read_table(path, using):
        batch.append(deserialized.object)
        if len(batch) >= BATCH:
            loaded += _insert(manager, batch, fields, connection)
            batch = []
    loaded += _insert(manager, batch, fields, connection)
    return loaded


def _insert(manager, objects, fields, connection) -> int:
    if not objects:
        return 0
    size = max(connection.ops.bulk_batch_size(fields, objects), 1)
    for start in range(0, len(objects), size):
        # The private _insert is what Model.save_base(raw=True) uses; bulk_create would run
        # pre_save (auto_now) and refuses multi-table-inherited models such as pages.
        manager._insert(objects[start : start + size], fields=fields, raw=True)
    return len(objects)


def _reset_sequences(model_list, using) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def verify(manifest: dict, *, using: str = DEFAULT_DB_ALIAS) -> tuple[int, int]:
    """Compare every table with the manifest; raise BackupError listing each difference.
    Returns (tables, rows) verified."""
    by_key = {_key(m): m for m in backed_up_models()}
    problems, rows = [], 0
    for key, expected in manifest["tables"].items():
        model = by_key.get(key)
        if model is None:
            problems.append(f"{key}: tabellen finns inte i den här installationen")
            continue
        count, checksum = table_fingerprint(model, using)
        if count != expected["rows"]:
            problems.append(f"{key}: {count} rader, arkivet har {expected['rows']}")
        elif checksum != expected["sha256"]:
            problems.append(f"{key}: kontrollsumman skiljer sig från arkivets")
        rows += count
    for key in sorted(set(by_key) - set(manifest["tables"])):
        if by_key[key]._base_manager.using(using).exists():
            problems.append(f"{key}: har rader men saknas i arkivet")
    if problems:
        raise BackupError("Återläsningen stämmer inte med arkivet:\n  " + "\n  ".join(problems))
    return len(manifest["tables"]), rows


def _check_migrations(manifest: dict, using: str) -> None:
    here = applied_migrations(using)
    if here != manifest["migrations"]:
        missing = {
            app: sorted(set(names) - set(here.get(app, [])))
            for app, names in manifest["migrations"].items()
            if set(names) - set(here.get(app, []))
        }
        extra = {
            app: sorted(set(names) - set(manifest["migrations"].get(app, [])))
            for app, names in here.items()
            if set(names) - set(manifest["migrations"].get(app, []))
        }
        raise BackupError(
            "Databasens migreringar är inte arkivets. Kör samma version av portalen och "
            f"`manage.py migrate`. Saknas här: {missing or '–'}; finns bara här: {extra or '–'}."
        )


def restore(
    archive: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    force: bool = False,
    progress: Progress = lambda _: None,
) -> tuple[int, int]:
    """Load the archive into this (freshly migrated) database, copy the media, check every
    table and file against the manifest, and rebuild the search index. All database work is
    one transaction: on any error or difference nothing is changed. Returns (tables, rows)."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="pp-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            _safe_extract(tar, work)
        manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Okänt arkivformat: {manifest.get('format')}.")
        _check_migrations(manifest, using)
        if get_user_model()._base_manager.using(using).exists() and not force:
            raise BackupError(
                "Databasen har redan användare. Återläs i en nyss migrerad, tom databas "
                "(eller ange --force för att ersätta allt innehåll)."
            )
        by_key = {_key(m): m for m in backed_up_models()}
        unknown = sorted(set(manifest["tables"]) - set(by_key))
        if unknown:
            raise BackupError(f"Arkivet har tabeller som saknas här: {', '.join(unknown)}.")
        # Content types first: building a page instance looks its content type up (and would
        # create a new row with another id if the table were still empty).
        model_list = sorted(
            (by_key[key] for key in manifest["tables"]),
            key=lambda m: (m is not ContentType, _key(m)),
        )
        with transaction.atomic(using=using):
            _clear(list(by_key.values()), using)
            ContentType.objects.clear_cache()
            for model in model_list:
                loaded = _load_table(model, work / "data" / f"{_key(model)}.jsonl", using)
                progress(f"{_key(model)}: {loaded}")
                if model is ContentType:
                    ContentType.objects.clear_cache()
            _reset_sequences(model_list, using)
            ContentType.objects.clear_cache()
            tables, rows = verify(manifest, using=using)
        _copy_media(work / "media", media_root, manifest["media"])
    progress(f"Verifierat: {tables} tabeller, {rows} rader, {len(manifest['media'])} mediefiler")
    _rebuild_search(progress)
    return tables, rows


def _copy_media(source: Path, target: Path, expected: dict[str, str]) -> None:
    problems = []
    for relative, checksum in expected.items():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / relative, destination)
        if _file_sha256(destination) != checksum:
            problems.append(relative)
    if problems:
        raise BackupError("Mediefiler skiljer sig från arkivet: " + ", ".join(problems))


def _rebuild_search(progress: Progress) -> None:
    from django.core.management import call_command

    from search.services import reindex_all

    report = reindex_all()
    progress(f"Sökindex: {report.documents} dokument")
    call_command("update_index", verbosity=0)
