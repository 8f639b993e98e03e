"""What a gate decision does to a pilot's stage, in one place (services, forms and reports use it).

The rule (docs/programmes-ledger.md): a decision is taken at the gate of one stage.
- Fortsätt, Fortsätt med ändringar and Skala upp: the pilot goes on to the next stage. It is
  recorded in that stage at once (it is approved for it) and pages say when the stage starts;
  reports for periods before that start still show the stage it was decided in.
  At the programme's last stage there is no next stage: the pilot stays in it.
- Avsluta: the pilot ends in the stage the decision was taken in.
- The pilot's stage follows its decision at the latest gate (highest stage order). Revising the
  decision at an earlier gate does not pull a pilot back from a later stage it has been decided
  on.
"""

from datetime import date

from django.utils.translation import gettext as _

from programmes.models import CONTINUING_DECISIONS, Decision


def outcome(decision: str, stage, stages: list) -> tuple:
    """(stage the pilot is in after `decision` at `stage`'s gate, stopped?)."""
    if decision not in CONTINUING_DECISIONS:
        return stage, True
    following = [s for s in stages if s.order > stage.order]
    return (min(following, key=lambda s: s.order) if following else stage), False


def governing(decisions: list):
    """The current decision at the latest gate among `decisions` (not superseded ones)."""
    current = [d for d in decisions if not getattr(d, "_superseded", False)]
    if not current:
        return None
    return max(current, key=lambda d: (d.stage.order, d.decided_at, d.pk))


def current_as_of(decisions: list, day: date | None = None) -> list:
    """The decisions that were current at the end of `day` (all current ones when None)."""
    if day is not None:
        decisions = [d for d in decisions if d.decided_at.date() <= day]
    latest = {}
    for d in sorted(decisions, key=lambda d: (d.decided_at, d.pk)):
        latest[d.stage_id] = d
    return list(latest.values())


def stage_during(decisions: list, stages: list, day: date):
    """The stage a pilot was in on `day`, from its decision history and the stages' dates."""
    stages = sorted(stages, key=lambda s: s.order)
    first = stages[0] if stages else None
    decision = governing(current_as_of(decisions, day))
    if decision is None:
        return first, False
    after, stopped = outcome(decision.decision, decision.stage, stages)
    if after is not decision.stage and after.start_date > day:
        return decision.stage, False  # decided on, but the next stage had not started
    return after, stopped


def effect_text(decision: str, stage, stages: list) -> str:
    """What recording `decision` at `stage`'s gate will do, in words."""
    after, stopped = outcome(decision, stage, stages)
    if stopped:
        return _("Piloten avslutas i %(stage)s.") % {"stage": stage.name}
    if after is stage:
        return _("%(stage)s är programmets sista fas: piloten stannar i den.") % {
            "stage": stage.name
        }
    return _("Piloten går vidare till %(stage)s, som börjar %(start)s.") % {
        "stage": after.name,
        "start": after.start_date.isoformat(),
    }


def effects(stages: list) -> list[tuple]:
    """For each stage: (stage, [(decision label, effect text)]), for the decision form."""
    stages = sorted(stages, key=lambda s: s.order)
    return [
        (stage, [(label, effect_text(value, stage, stages)) for value, label in Decision.choices])
        for stage in stages
    ]
