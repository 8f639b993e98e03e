"""The cached parts of the practice page and the national goal page for visitors: when they go
stale.

A visitor (anonymous) sees the same practice page as every other visitor, so its parts that
read the lineage (tree, comparisons, costs, closing reports, lessons, contacts, appraisals) are
cached as HTML (`{% cache %}`) under the `caching.PUBLIC_PAGES` version; the goal page's progress
and contributing pilots are cached under that version and `caching.PUBLIC_FIGURES` (goal
progress also follows the statistics). Signed-in readers may see more (private pilots, drafts,
appraisal work) and get the live render.

Every write that changes what those parts show bumps the namespace: saves and deletes of the
models below (connected in LearningConfig.ready(); the cms app connects goal contributions and
published, moved or unpublished pages), and the services that write with update(),
bulk_create or COPY call `bump` themselves (periods regenerated, report cells merged or
imported, business case amounts, the default discount rate schedule, demo and scale loads).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core import caching


def version(*also: str) -> str:
    """The version string the cached parts are stored under (with other namespaces' versions
    when the parts also read their data)."""
    return ".".join(str(caching.version(n)) for n in (caching.PUBLIC_PAGES, *also))


def bump(*args, **kwargs) -> None:
    """Mark every cached public page part stale (a signal receiver, and for bulk writes)."""
    caching.bump(caching.PUBLIC_PAGES)


def _user_saved(sender, instance, update_fields=None, **kwargs):
    # Appraisers' names are shown; a login only stamps last_login.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    bump()


def _practice_changed(**kwargs) -> None:
    caching.bump(caching.PILOT_HEADERS)


def _benchmarks_changed(**kwargs) -> None:
    caching.bump(caching.BENCHMARKS)


def connect() -> None:
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from learning.models import Appraisal, ClosingReport, Practice
    from partners.models import Kommun, Organisation, Region
    from pilots.models import (
        Indicator,
        IndicatorValue,
        Lesson,
        PeriodReport,
        Pilot,
        PilotIndicator,
        ReportingPeriod,
    )

    models = [
        Pilot,
        PeriodReport,
        IndicatorValue,
        ReportingPeriod,
        PilotIndicator,
        Indicator,
        Lesson,
        Practice,
        Appraisal,
        ClosingReport,
        Organisation,
        Kommun,
        Region,
        *apps.get_app_config("business_cases").get_models(),
    ]
    for model in models:
        for signal in (post_save, post_delete):
            uid = f"learning.page_cache.{model._meta.label}.{id(signal)}"
            signal.connect(bump, sender=model, dispatch_uid=uid)
    # The pilot page's learning box names the practice of the pilot's lineage
    # (learning_tags.pilot_learning); pilots bump the namespace themselves.
    for signal in (post_save, post_delete):
        uid = f"learning.page_cache.pilot_headers.{id(signal)}"
        signal.connect(_practice_changed, sender=Practice, dispatch_uid=uid)
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid="learning.page_cache.user_saved")
    post_delete.connect(bump, sender=user, dispatch_uid="learning.page_cache.user_deleted")
    for through in (Pilot.kommuner.through, Pilot.regioner.through, Appraisal.authors.through):
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"learning.page_cache.{through}")
    # The benchmark page lists practices beside a kommun's figures (benchmarking sits below
    # learning, so the bump for them lives here).
    for signal in (post_save, post_delete):
        signal.connect(
            _benchmarks_changed, sender=Practice, dispatch_uid=f"learning.benchmarks.{id(signal)}"
        )
