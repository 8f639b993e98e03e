"""The cached parts of the public pilot page: when they go stale.

The page's viewer-independent parts (facts, partners, plan, charts of approved values, the public
timeline, lessons, map) are cached as HTML under a key holding two versions (core.caching): the
shared `caching.PILOT_PAGES` namespace, bumped when an organisation, indicator, kommun or region
changes, and the pilot's own namespace, bumped when the pilot or one of its rows changes. Saves
and deletes bump through the receivers below (connected in PilotsConfig.ready()); services that
write with bulk_create, update() or COPY call `bump` themselves (periods regenerated, values
imported or saved). So a report approved for one pilot leaves every other pilot's page cached.

The reports API's cached reports (pilots.api.report_cache) key on the same two versions per
pilot, plus `caching.USER_NAMES`, bumped here when a user's names or email are saved (not on
a login) or a user is deleted: the reports show who decided and accepted them, Mina sidor who
submitted them.

The pilot the page reads by its slug, with what its header shows, is cached under
`caching.PILOT_HEADERS` and `caching.PILOT_PAGES` (pilots.selectors.pilot_page): saves and
deletes of a pilot or an evaluation plan bump it here, of a business case in business_cases.

The public pilot list's count and cards (`caching.PILOT_LIST`) go stale when a pilot, its
reports or indicators (the cards count them), the kommuner or regioner it covers, or a shared
name (organisation, kommun) changes.
"""

import hashlib

from django.db.models.signals import m2m_changed, post_delete, post_save

from core import caching
from pilots.signals import pilot_changed


def _namespace(pilot_id) -> str:
    return f"pilot-page:{pilot_id}"


def version(pilot_id) -> str:
    """The version string the page's cached parts are stored under (one cache round trip)."""
    return caching.versions(caching.PILOT_PAGES, _namespace(pilot_id))


def versions_of(pilot_ids) -> str:
    """One short digest of the shared namespace's and every listed pilot's version (one cache
    round trip once the versions are set), for a key that must go stale when any of those pilots
    or a name they show changes: pages about a set of pilots (Mina sidor, report lists) key their
    cached parts on it. A pilot added to or dropped from the set changes the digest too."""
    ids = sorted(set(pilot_ids))
    found = caching.versions(caching.PILOT_PAGES, *(_namespace(pk) for pk in ids))
    listed = ",".join(map(str, ids))
    return hashlib.sha1(f"{listed}|{found}".encode(), usedforsecurity=False).hexdigest()


def version_each(pilot_ids, *shared: str) -> dict[int, str]:
    """pilot id → the version string `version(pilot_id)` gives, with the `shared` namespaces'
    versions added, for many pilots in one cache round trip (once the versions are set): for
    lists whose entries each go stale with their own pilot (the reports API's reports)."""
    ids = set(pilot_ids)
    found = caching.versions_each([caching.PILOT_PAGES, *shared, *(_namespace(pk) for pk in ids)])
    common = ".".join(str(found[n]) for n in (caching.PILOT_PAGES, *shared))
    return {pk: f"{common}.{found[_namespace(pk)]}" for pk in ids}


def bump(pilot_id, *also: str) -> None:
    """Mark the pilot's cached page parts stale (for writes that send no signals), and the
    namespaces `also` in the same round trip, and tell the apps that cache pages about the
    pilot (`pilot_changed`)."""
    caching.bump(_namespace(pilot_id), caching.PILOT_ROWS, *also)
    pilot_changed.send(sender=None, pilot_id=pilot_id)


def _pilot_changed(sender, instance, **kwargs):
    bump(instance.pk)
    caching.bump(caching.PILOT_LIST)
    caching.bump(caching.PILOT_HEADERS)


def _plan_changed(sender, instance, **kwargs):
    """The page's header reads the plan with the pilot (selectors.pilot_page)."""
    bump(instance.pilot_id)
    caching.bump(caching.PILOT_HEADERS)


def _pilot_row_changed(sender, instance, **kwargs):
    bump(instance.pilot_id)


def _listed_row_changed(sender, instance, **kwargs):
    """A report or indicator of the pilot: the list's cards count them."""
    bump(instance.pilot_id)
    caching.bump(caching.PILOT_LIST)


def _report_row_changed(sender, instance, **kwargs):
    """A comment on a report's cell: report lists show how many are open."""
    from pilots.models import PeriodReport

    for pilot_id in PeriodReport.objects.filter(pk=instance.report_id).values_list(
        "pilot_id", flat=True
    ):
        bump(pilot_id)


def _rule_changed(sender, instance, **kwargs):
    """A validation rule: the pilot's own, or a library rule that applies to every pilot using
    its indicators (the report form shows which rules a report fails)."""
    if instance.pilot_id:
        bump(instance.pilot_id)
    else:
        caching.bump(caching.PILOT_PAGES)


def _target_changed(sender, instance, **kwargs):
    from pilots.models import PilotIndicator

    for pilot_id in PilotIndicator.objects.filter(pk=instance.pilot_indicator_id).values_list(
        "pilot_id", flat=True
    ):
        bump(pilot_id)


def _areas_of_pilot_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if not action.startswith("post_"):
        return
    caching.bump(caching.PILOT_LIST)
    if not reverse:
        bump(instance.pk)
        return
    if action == "post_clear":  # kommun.pilots.clear(): which pilots is no longer known
        caching.bump(caching.PILOT_PAGES)
        return
    for pilot_id in pk_set or ():
        bump(pilot_id)


def _shared_changed(**kwargs):
    caching.bump(caching.PILOT_PAGES)
    caching.bump(caching.PILOT_LIST)


PERSON_FIELDS = frozenset({"first_name", "last_name", "email"})


def _person_changed(sender, instance, created=False, update_fields=None, **kwargs):
    """A user's names (or email, shown when they have no name) may have changed: the reports
    API shows who decided and accepted, Mina sidor who submitted. A new user has done nothing
    yet; a save of other fields only (a login's `last_login`) leaves them. A deleted user's
    reports lose the name through an UPDATE (SET NULL), which sends no signal of its own."""
    if created or (update_fields is not None and not PERSON_FIELDS.intersection(update_fields)):
        return
    caching.bump(caching.USER_NAMES)


def connect() -> None:
    from partners.models import Kommun, Organisation, Region, User
    from pilots.models import (
        CellComment,
        EvaluationPlan,
        Indicator,
        IndicatorTarget,
        Lesson,
        PeriodReport,
        Pilot,
        PilotIndicator,
        PilotPartner,
        ReportingPeriod,
        ValidationRule,
    )

    receivers = [
        (Pilot, _pilot_changed),
        (PilotPartner, _pilot_row_changed),
        (EvaluationPlan, _plan_changed),
        *((m, _pilot_row_changed) for m in (ReportingPeriod, Lesson)),
        *((m, _listed_row_changed) for m in (PilotIndicator, PeriodReport)),
        (IndicatorTarget, _target_changed),
        (CellComment, _report_row_changed),
        (ValidationRule, _rule_changed),
        *((m, _shared_changed) for m in (Organisation, Indicator, Kommun, Region)),
        (User, _person_changed),
    ]
    for model, receiver in receivers:
        for signal in (post_save, post_delete):
            uid = f"pilots.page_cache.{model.__name__}.{id(signal)}"
            signal.connect(receiver, sender=model, dispatch_uid=uid)
    for through in (Pilot.kommuner.through, Pilot.regioner.through):
        m2m_changed.connect(
            _areas_of_pilot_changed, sender=through, dispatch_uid=f"pilots.page_cache.{through}"
        )
