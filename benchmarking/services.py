"""Every state change in benchmarking: custom peer groups and statistics imports (audited)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarking import aggregates, rules
from benchmarking.importing import MAX_ERRORS, Row, check_rows
from benchmarking.kpi_metadata import kpi_metadata_import, kpi_update  # noqa: F401 (re-exported)
from benchmarking.models import ImportRun, Kpi, PeerGroup, StatisticValue
from core import caching
from outbox import enqueue
from partners.audit import audit_record
from partners.models import Kommun, Region
from partners.models.reference import RIKET_KOLADA_ID

MAX_GROUP_SIZE = 290


def _check_group(*, name: str, kommuner) -> tuple[str, list[Kommun]]:
    name = (name or "").strip()
    kommuner = list(kommuner or [])
    errors = {}
    if not name:
        errors["name"] = _("Ge gruppen ett namn.")
    elif len(name) > 200:
        errors["name"] = _("Namnet får vara högst 200 tecken.")
    if not kommuner:
        errors["kommuner"] = _("Välj minst en kommun.")
    if errors:
        raise ValidationError(errors)
    return name, kommuner


@transaction.atomic
def peer_group_create(*, actor, name: str, kommuner) -> PeerGroup:
    """Create the actor's own peer group. Raises PermissionDenied (anonymous) or ValidationError."""
    if not rules.can_create_peer_group(actor):
        raise PermissionDenied
    name, kommuner = _check_group(name=name, kommuner=kommuner)
    group = PeerGroup.objects.create(
        name=name, owner=actor, kind=PeerGroup.Kind.CUSTOM, source=_("Egen")
    )
    group.kommuner.set(kommuner)
    audit_record(
        actor=actor,
        action="peergroup.created",
        obj=group,
        changes={"kommuner": [None, sorted(k.code for k in kommuner)]},
    )
    return group


@transaction.atomic
def peer_group_update(*, group: PeerGroup, actor, name: str, kommuner) -> PeerGroup:
    """Rename the group and replace its kommuner. Only its owner may."""
    if not rules.can_edit_peer_group(actor, group):
        raise PermissionDenied
    name, kommuner = _check_group(name=name, kommuner=kommuner)
    before = sorted(group.kommuner.values_list("code", flat=True))
    after = sorted(k.code for k in kommuner)
    changes = {}
    if group.name != name:
        changes["name"] = [group.name, name]
    if before != after:
        changes["kommuner"] = [before, after]
    group.name = name
    group.save(update_fields=["name", "updated_at"])
    group.kommuner.set(kommuner)
    audit_record(actor=actor, action="peergroup.updated", obj=group, changes=changes)
    return group


@transaction.atomic
def peer_group_delete(*, group: PeerGroup, actor) -> None:
    """Delete the actor's own group."""
    if not rules.can_edit_peer_group(actor, group):
        raise PermissionDenied
    audit_record(actor=actor, action="peergroup.deleted", obj=group)
    group.delete()


def _queue_aggregates(kpi_ids: set[str]) -> None:
    """Recompute the precomputed peer figures of these KPIs after the import commits."""
    from benchmarking.tasks import refresh_peer_aggregates

    enqueue(refresh_peer_aggregates, sorted(kpi_ids))


@transaction.atomic
def peer_aggregates_refresh(*, kpi_ids=None) -> int:
    """Recompute the peer figures of the built-in peer sets (SKR groups, län, every kommun,
    every region) for these KPIs, all when None (benchmarking.aggregates). Derived data, not
    audited: the statistics import that queues it is. Returns the rows written."""
    written = aggregates.refresh(kpi_ids)
    caching.bump(caching.BENCHMARKS)  # written with COPY: no signals
    return written


def known_areas() -> set[str]:
    """Every Kolada area id we know: kommun codes, 00 + län codes and riket (two queries)."""
    areas = set(Kommun.objects.values_list("code", flat=True))
    areas |= {f"00{lan}" for lan in Region.objects.values_list("lan_code", flat=True)}
    return areas | {RIKET_KOLADA_ID}


def known_groups() -> set[str]:
    """Kolada group ids of the shared groups read in with import_kolada (one query)."""
    return {
        g.upper()
        for g in PeerGroup.objects.shared()
        .exclude(external_id="")
        .values_list("external_id", flat=True)
    }


def _fail(run: ImportRun, errors: list[dict]) -> ImportRun:
    run.status = ImportRun.Status.FAILED
    run.errors = errors[:MAX_ERRORS]
    if len(errors) > MAX_ERRORS:
        run.errors.append(
            {"row": "…", "message": _("%(n)s fel till") % {"n": len(errors) - MAX_ERRORS}}
        )
    run.finished_at = timezone.now()
    run.save()
    return run


def statistics_import(
    *,
    rows: list[Row],
    parse_errors: list[dict],
    file_name: str,
    kind: str,
    source: str = "Kolada",
    create_kpis: bool = False,
    actor=None,
    replace: tuple[set[str], set[int]] | None = None,
) -> ImportRun:
    """Store imported values all-or-nothing and return the ImportRun with what happened.

    Nothing is written when any row has an error (the run is FAILED with a row-by-row report).
    Unchanged rows are not touched; changed rows are updated; a missing (null) value never
    overwrites a stored value, and a preliminary value never overwrites a final one.
    Kolada's `count` is stored as it is (1, or n members for a group's value). Values of Kolada
    groups not read in here are skipped and counted (`rows_skipped`), since Kolada may send the
    values of its hundreds of groups with a fetch. A row marked deleted ("isdeleted") deletes the
    stored value. `replace` = (KPI ids, years) the rows are the complete truth for: stored values
    from the same source inside that scope and absent from the rows are deleted.
    """
    run = ImportRun.objects.create(
        file_name=file_name[:500],
        kind=kind,
        source=source,
        rows_read=len(rows) + len(parse_errors),
        started_by=actor if actor and actor.is_authenticated else None,
    )
    kpis = set(Kpi.objects.values_list("id", flat=True))
    groups = known_groups() if any(r.is_group for r in rows) else set()
    skipped = sum(1 for r in rows if r.is_group and r.area not in groups)
    rows = [r for r in rows if not r.is_group or r.area in groups]
    withdrawn = {r.key for r in rows if r.deleted}
    rows = [r for r in rows if not r.deleted]
    errors = parse_errors + check_rows(
        rows, known_kpis=kpis, known_areas=known_areas() | groups, create_kpis=create_kpis
    )
    if errors:
        return _fail(run, errors)
    now = timezone.now()
    with transaction.atomic():
        new_kpis = sorted({r.kpi for r in rows} - kpis)
        Kpi.objects.bulk_create([Kpi(id=k, title=k, source=source) for k in new_kpis])
        scope = StatisticValue.objects.filter(
            kpi_id__in={r.kpi for r in rows}
            | {k[0] for k in withdrawn}
            | (replace[0] if replace else set()),
            year__in={r.year for r in rows}
            | {k[2] for k in withdrawn}
            | (replace[1] if replace else set()),
        )
        stored = {(s.kpi_id, s.area, s.year, s.gender): s for s in scope.select_for_update()}
        create, update, unchanged = [], [], 0
        for row in rows:
            old = stored.get(row.key)
            if old is None:
                create.append(
                    StatisticValue(
                        kpi_id=row.kpi,
                        area=row.area,
                        year=row.year,
                        gender=row.gender,
                        value=row.value,
                        count=row.count,
                        status=row.status,
                        is_preliminary=row.preliminary,
                        source=source,
                        imported_at=now,
                        import_run=run,
                    )
                )
                continue
            # A file may be partial; a complete fetch (`replace`) is the truth, nulls included.
            keeps_value = row.value is None and old.value is not None and not replace
            keeps_final = row.preliminary and not old.is_preliminary
            same = (old.value, old.count, old.status, old.is_preliminary) == (
                row.value,
                row.count,
                row.status,
                row.preliminary,
            )
            if keeps_value or keeps_final or same:
                unchanged += 1
                continue
            old.value, old.count, old.status = row.value, row.count, row.status
            old.is_preliminary, old.source, old.imported_at, old.import_run = (
                row.preliminary,
                source,
                now,
                run,
            )
            update.append(old)
        StatisticValue.objects.bulk_create(create, batch_size=2000)
        StatisticValue.objects.bulk_update(
            update,
            ["value", "count", "status", "is_preliminary", "source", "imported_at", "import_run"],
            batch_size=2000,
        )
        # Bulk writes send no post_save: tell the cached goal progress itself.
        caching.bump(caching.PUBLIC_FIGURES)
        caching.bump(caching.BENCHMARKS)
        changed = {r.kpi for r in rows} | {k[0] for k in withdrawn}
        changed |= replace[0] if replace else set()
        if create or update or (withdrawn or replace):
            _queue_aggregates(changed)
        incoming = {r.key for r in rows}
        gone = [
            s.pk
            for key, s in stored.items()
            if key not in incoming
            and s.source == source
            and (key in withdrawn or (replace and s.kpi_id in replace[0] and s.year in replace[1]))
        ]
        deleted = StatisticValue.objects.filter(pk__in=gone).delete()[0] if gone else 0
        run.rows_created, run.rows_updated, run.rows_unchanged = len(create), len(update), unchanged
        run.rows_deleted, run.rows_skipped, run.status, run.finished_at = (
            deleted,
            skipped,
            ImportRun.Status.SUCCEEDED,
            timezone.now(),
        )
        run.save()
        audit_record(
            actor=actor,
            action="statistics.imported",
            obj=run,
            message=(
                f"{len(create)} nya, {len(update)} ändrade, {unchanged} oförändrade, {deleted} borttagna, "  # noqa: E501
                f"{skipped} överhoppade"
            ),
        )
    return run


def peer_groups_import(
    *, groups: list[dict], file_name: str, source: str = "Kolada", actor=None
) -> ImportRun:
    """Create or update shared groups (Kolada's municipality groups), matched on their id.
    All-or-nothing: an unknown kommun code or a malformed group fails the whole file."""
    run = ImportRun.objects.create(
        file_name=file_name[:500], kind=ImportRun.Kind.GROUPS, source=source, rows_read=len(groups)
    )
    codes = dict(Kommun.objects.values_list("code", "pk"))
    errors, clean = [], []
    for i, group in enumerate(groups, start=1):
        ref = f"values[{i}]"
        if not isinstance(group, dict) or not group.get("id") or not group.get("title"):
            errors.append({"row": ref, "message": _("gruppen saknar id eller titel")})
            continue
        members = [
            str(m.get("id", "")) if isinstance(m, dict) else str(m)
            for m in group.get("members") or []
        ]
        unknown = [m for m in members if m not in codes]
        if unknown or not members:
            errors.append(
                {
                    "row": ref,
                    "message": _("okända eller inga kommunkoder: %(c)s")
                    % {"c": ", ".join(unknown) or "–"},
                }
            )
            continue
        clean.append(
            (str(group["id"])[:40], str(group["title"])[:200], [codes[m] for m in members])
        )
    if errors:
        return _fail(run, errors)
    with transaction.atomic():
        created = updated = 0
        for external_id, title, members in clean:
            group, was_created = PeerGroup.objects.update_or_create(
                external_id=external_id,
                defaults={
                    "name": title,
                    "kind": PeerGroup.Kind.KOLADA,
                    "source": source,
                    "owner": None,
                },
            )
            group.kommuner.set(members)
            created, updated = created + was_created, updated + (not was_created)
        run.rows_created, run.rows_updated, run.status = (
            created,
            updated,
            ImportRun.Status.SUCCEEDED,
        )
        run.finished_at = timezone.now()
        run.save()
        audit_record(actor=actor, action="peergroups.imported", obj=run)
    return run
