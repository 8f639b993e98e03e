"""Selector: the appraisal group's queue ("Att bedöma").

What a member of the appraisal group (or the coordinator) has to do, each item with the page where
it is done: nominated practices waiting for an appraisal to start, appraisals someone else wrote
that wait for a second reviewer (four eyes), the member's own unfinished appraisals, and practices
whose re-assessment is due. Visibility comes from learning/rules.py; four queries whatever the
number of practices, appraisals and authors.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from learning import rules
from learning.models import DUE_WINDOW_DAYS, Appraisal, AppraisalStatus, Nomination, Practice


@dataclass
class DueEntry:
    practice: Practice
    appraisal: Appraisal
    overdue: bool


@dataclass
class AppraisalQueue:
    awaiting: list[Nomination] = field(default_factory=list)
    to_review: list[Appraisal] = field(default_factory=list)
    mine: list[Appraisal] = field(default_factory=list)
    due: list[DueEntry] = field(default_factory=list)
    allowed: bool = False

    @property
    def count(self) -> int:
        return len(self.awaiting) + len(self.to_review) + len(self.mine) + len(self.due)


def appraisal_queue(*, user, today: date | None = None) -> AppraisalQueue:
    """The user's appraisal queue; empty (and `allowed` False) for anyone who may not appraise."""
    if not rules.can_appraise(user):
        return AppraisalQueue()
    today = today or timezone.localdate()
    practices = rules.practices_to_appraise(user, Practice.objects.all())
    under_way = Appraisal.objects.filter(practice=OuterRef("practice_id")).exclude(
        status=AppraisalStatus.PUBLISHED
    )
    awaiting, seen = [], set()
    for nomination in (
        Nomination.objects.filter(appraisal__isnull=True, practice__in=practices.values("pk"))
        .exclude(Exists(under_way))
        .select_related("practice")
        .order_by("created_at", "pk")
    ):
        if nomination.practice_id not in seen:  # one entry per practice: the oldest nomination
            seen.add(nomination.practice_id)
            awaiting.append(nomination)
    open_ = list(
        Appraisal.objects.exclude(status=AppraisalStatus.PUBLISHED)
        .filter(practice__in=practices.values("pk"))
        .select_related("practice")
        .prefetch_related("authors")
        .order_by("updated_at", "pk")
    )
    reviewable = {
        a.pk for a in open_ if a.status == AppraisalStatus.IN_REVIEW and rules.can_review(user, a)
    }
    to_review = [a for a in open_ if a.pk in reviewable]
    mine = [
        a for a in open_ if a.pk not in reviewable and any(u.pk == user.pk for u in a.authors.all())
    ]
    current: dict[int, Appraisal] = {}
    for appraisal in (
        Appraisal.objects.published()
        .filter(practice__in=practices.values("pk"))
        .exclude(Exists(under_way))
        .select_related("practice")
        .order_by("practice_id", "-published_at", "-pk")
    ):
        current.setdefault(appraisal.practice_id, appraisal)
    limit = today + timedelta(days=DUE_WINDOW_DAYS)
    due = sorted(
        (
            DueEntry(a.practice, a, a.reassess_by < today)
            for a in current.values()
            if a.reassess_by and a.reassess_by <= limit
        ),
        key=lambda e: (e.appraisal.reassess_by, e.practice.title),
    )
    return AppraisalQueue(awaiting, to_review, mine, due, allowed=True)
