"""The audit trail in plain Swedish: what each action code means, grouped by area, what each
changed field is called and how its values read.

Services write short codes ("report.approved") and stored values ("active", "0.0000", true);
the coordinator's audit log and a pilot's history show them as words and numbers as a person
would have typed them ("Pågår", "0", "ja"). A code missing here is shown as it is, so a new
service never breaks the log, but tests/partners/test_audit_labels.py scans the services for
every action code and changed field and fails until each has a Swedish and an English label.
"""

import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partners.numbers import format_number

AREAS = {
    "organisation": _("Organisationer"),
    "membership": _("Medlemskap och roller"),
    "invitation": _("Inbjudningar"),
    "user": _("Användarkonton"),
    "account": _("Användarkonton"),
    "two_factor": _("Användarkonton"),
    "reference_data": _("Referensdata"),
    "pilot": _("Piloter"),
    "indicator": _("Indikatorer"),
    "report": _("Periodrapporter"),
    "business_case": _("Kalkyler"),
    "unit_cost": _("Kalkylbibliotek"),
    "discount_schedule": _("Kalkylbibliotek"),
    "practice": _("Kunskapsbanken"),
    "appraisal": _("Kunskapsbanken"),
    "programme": _("Program"),
    "statistics": _("Statistik och jämförelser"),
    "peergroup": _("Statistik och jämförelser"),
    "kpi": _("Statistik och jämförelser"),
    "peergroups": _("Statistik och jämförelser"),
    "goal_contribution": _("Webbplats och mål"),
    "cms": _("Webbplats och mål"),
}

ACTIONS = {
    "organisation.registered": _("registrerade organisationen"),
    "organisation.updated": _("ändrade organisationen"),
    "organisation.approved": _("godkände organisationen"),
    "organisation.rejected": _("avslog organisationens ansökan"),
    "organisation.resubmitted": _("skickade in ansökan igen"),
    "membership.created": _("lade till en medlem"),
    "membership.role_changed": _("ändrade en medlems roll"),
    "membership.removed": _("tog bort en medlem"),
    "invitation.created": _("bjöd in en person"),
    "invitation.revoked": _("drog tillbaka en inbjudan"),
    "invitation.accepted": _("tackade ja till en inbjudan"),
    "user.registered": _("skapade ett konto"),
    "account.locked_out": _("kontot spärrades efter för många misslyckade inloggningar"),
    "two_factor.enabled": _("slog på tvåstegsverifiering"),
    "two_factor.backup_codes_renewed": _("skapade nya reservkoder"),
    "two_factor.reset": _("återställde en persons tvåstegsverifiering"),
    "reference_data.created": _("lade till referensdata"),
    "reference_data.updated": _("ändrade referensdata"),
    "reference_data.deleted": _("tog bort referensdata"),
    "pilot.created": _("registrerade piloten"),
    "pilot.updated": _("ändrade pilotens grunduppgifter"),
    "pilot.published": _("publicerade piloten"),
    "pilot.partners_changed": _("ändrade pilotens partner"),
    "pilot.evaluation_plan_updated": _("ändrade utvärderingsplanen"),
    "pilot.periods_regenerated": _("skapade om rapportperioderna"),
    "pilot.indicator_added": _("lade till en indikator i piloten"),
    "pilot.indicator_updated": _("ändrade utgångsvärde eller mål"),
    "pilot.indicator_removed": _("tog bort en indikator ur piloten"),
    "pilot.membership_granted": _("gav en person en roll i piloten"),
    "pilot.membership_revoked": _("tog bort en persons roll i piloten"),
    "pilot.adopted": _("startade en pilot efter en annan (adoption)"),
    "pilot.adapted_from_changed": _("ändrade pilotens ursprung"),
    "pilot.closing_report_saved": _("sparade slutrapporten"),
    "pilot.closing_lesson_added": _("lade till en lärdom i slutrapporten"),
    "indicator.created": _("skapade en indikator"),
    "indicator.updated": _("ändrade en indikator"),
    "indicator.rule_created": _("lade till en valideringsregel"),
    "indicator.rule_updated": _("ändrade en valideringsregel"),
    "indicator.rule_deleted": _("tog bort en valideringsregel"),
    "report.created": _("påbörjade en periodrapport"),
    "report.saved": _("sparade en periodrapport"),
    "report.submitted": _("skickade in en periodrapport"),
    "report.approved": _("godkände en periodrapport"),
    "report.returned": _("returnerade en periodrapport"),
    "report.accepted": _("accepterade en periodrapport (finansiären)"),
    "report.unaccepted": _("tog tillbaka acceptansen av en periodrapport"),
    "report.reminders_sent": _("påminde rapportörerna om försenade rapporter"),
    "report.cell_commented": _("kommenterade värden i en periodrapport"),
    "report.cell_comment_resolved": _("markerade en kommentar till ett värde som besvarad"),
    "business_case.created": _("skapade kalkylen"),
    "business_case.changed": _("ändrade kalkylens inställningar"),
    "business_case.line_added": _("lade till en kalkylrad"),
    "business_case.line_changed": _("ändrade en kalkylrad"),
    "business_case.line_removed": _("tog bort en kalkylrad"),
    "business_case.lines_saved": _("sparade kalkylraderna"),
    "unit_cost.created": _("lade till en enhetskostnad"),
    "unit_cost.changed": _("ändrade en enhetskostnad"),
    "discount_schedule.created": _("lade till en kalkylräntetabell"),
    "discount_schedule.default": _("gjorde en kalkylräntetabell till standard"),
    "practice.created": _("skapade en praktik"),
    "practice.nominated": _("nominerade en praktik till bedömning"),
    "appraisal.created": _("påbörjade en bedömning"),
    "appraisal.updated": _("ändrade en bedömning"),
    "appraisal.submitted": _("skickade en bedömning till granskning"),
    "appraisal.returned": _("skickade tillbaka en bedömning"),
    "appraisal.published": _("publicerade en bedömning"),
    "appraisal.flagged_by_estimate": _(
        "markerade en bedömning för omprövning efter en ny effektskattning"
    ),
    "appraisal.evidence_flags_resolved": _("markerade effektskattningens flaggor som hanterade"),
    "practice.outcome_chosen": _("valde ett utfallsmått för effektskattning"),
    "practice.outcome_removed": _("tog bort ett utfallsmått för effektskattning"),
    "programme.created": _("skapade programmet"),
    "programme.updated": _("ändrade programmet"),
    "programme.stage_added": _("lade till en fas"),
    "programme.stage_updated": _("ändrade en fas"),
    "programme.pilot_applied": _("ansökte om plats i programmet"),
    "programme.pilot_accepted": _("antog en pilot till programmet"),
    "programme.pilot_declined": _("avslog en pilots ansökan"),
    "programme.pilot_withdrawn": _("tog bort en pilot ur programmet"),
    "programme.gate_decision": _("fattade ett beslut vid en beslutspunkt"),
    "programme.principle_assessed": _("bedömde en arbetsprincip"),
    "programme.report_compiled": _("sammanställde en lägesrapport"),
    "programme.report_summary": _("skrev lägesrapportens sammanfattning"),
    "programme.report_published": _("publicerade en lägesrapport"),
    "programme.payout": _("registrerade en utbetalning"),
    "programme.repayment": _("registrerade en återbetalning"),
    "programme.ledger_reversed": _("vände en post i fondens bokföring"),
    "programme.expectedsaving": _("registrerade en förväntad besparing"),
    "programme.realisedsaving": _("registrerade en realiserad besparing"),
    "statistics.imported": _("importerade statistik"),
    "kpi.updated": _("ändrade ett nyckeltals beskrivning"),
    "kpi.created_from_kolada": _("lade till ett nyckeltal från Kolada"),
    "kpi.metadata_from_kolada": _("uppdaterade ett nyckeltals beskrivning från Kolada"),
    "peergroup.created": _("skapade en jämförelsegrupp"),
    "peergroup.updated": _("ändrade en jämförelsegrupp"),
    "peergroup.deleted": _("tog bort en jämförelsegrupp"),
    "peergroups.imported": _("importerade jämförelsegrupper"),
    "goal_contribution.added": _("lade till en pilot som bidrag till ett mål"),
    "goal_contribution.removed": _("tog bort en pilot som bidrag till ett mål"),
    "cms.page_published": _("publicerade en sida"),
    "cms.page_unpublished": _("avpublicerade en sida"),
    "cms.page_deleted": _("tog bort en sida"),
    "cms.page_draft_set_aside": _("flyttade undan ett övergivet utkast så att sluggen blev ledig"),
}


def area_of(action: str) -> str:
    return action.split(".", 1)[0]


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def area_label(area: str) -> str:
    return str(AREAS.get(area, area))


def action_choices(present: list[str]) -> list:
    """Options for the filter: per area (an optgroup) "every event in the area" and each action,
    for the known actions and any others found in the log."""
    by_area: dict[str, set[str]] = {}
    for action in [*ACTIONS, *present]:
        by_area.setdefault(area_label(area_of(action)), set()).add(action)
    areas_by_label: dict[str, set[str]] = {}
    for area in {area_of(a) for a in [*ACTIONS, *present]}:
        areas_by_label.setdefault(area_label(area), set()).add(area)
    choices = [("", _("Alla händelser"))]
    for label in sorted(by_area):
        options = [("area:" + ",".join(sorted(areas_by_label[label])), _("Allt inom området"))]
        options += sorted(((a, action_label(a)) for a in by_area[label]), key=lambda c: c[1])
        choices.append((label, options))
    return choices


# Changed "fields" that are no model field of the event's object (relations written as lists,
# derived keys), or whose model field has no words of its own.
FIELD_LABELS = {
    "outcome_kpi": _("Utfallsmått (nyckeltal)"),
    "partners": _("Partner"),
    "periods": _("Rapportperioder"),
    "indicators": _("Indikatorer"),
    "targets": _("Målvärden"),
    "values": _("Värden"),
    "lessons": _("Lärdomar"),
    "period_locked": _("Perioden låst"),
    "decided_by": _("Beslutad av"),
    "cell_comments": _("Kommentarer till värden"),
    "outliers_confirmed": _("Bekräftade avvikande värden"),
    "line": _("Kalkylrad"),
    "saved": _("Sparade rader"),
    "removed": _("Borttagna rader"),
    "default": _("Standardtabell"),
    "kommuner": _("Kommuner"),
    "regioner": _("Regioner"),
    "adapted_from": _("Anpassad från"),
    "original_pilot": _("Ursprunglig pilot"),
    "period": _("Period"),
    "role": _("Roll"),
    "email": _("E-postadress"),
    "amount_sek": _("Belopp (kr)"),
    "paid_on": _("Utbetalningsdatum"),
    "count": _("Antal rapporter"),
}

# Events whose changed fields belong to another model than the event's object: where to find
# their words and choices (an indicator's baseline is recorded on the pilot).
ACTION_MODELS = {
    "pilot.created": "pilots.Pilot",
    "pilot.updated": "pilots.Pilot",
    "pilot.published": "pilots.Pilot",
    "pilot.evaluation_plan_updated": "pilots.EvaluationPlan",
    "pilot.indicator_updated": "pilots.PilotIndicator",
    "pilot.membership_granted": "pilots.PilotMembership",
    "pilot.membership_revoked": "pilots.PilotMembership",
    "pilot.closing_report_saved": "learning.ClosingReport",
    "indicator.created": "pilots.Indicator",
    "indicator.updated": "pilots.Indicator",
    "indicator.rule_created": "pilots.ValidationRule",
    "indicator.rule_updated": "pilots.ValidationRule",
    "business_case.created": "business_cases.BusinessCase",
    "business_case.changed": "business_cases.BusinessCase",
    "business_case.line_changed": "business_cases.BusinessCaseLine",
    "unit_cost.created": "business_cases.UnitCost",
    "unit_cost.changed": "business_cases.UnitCost",
    "discount_schedule.created": "business_cases.DiscountRateSchedule",
    "organisation.registered": "partners.Organisation",
    "organisation.updated": "partners.Organisation",
    "organisation.approved": "partners.Organisation",
    "organisation.rejected": "partners.Organisation",
    "organisation.resubmitted": "partners.Organisation",
    "report.created": "pilots.PeriodReport",
    "report.saved": "pilots.PeriodReport",
    "report.submitted": "pilots.PeriodReport",
    "report.approved": "pilots.PeriodReport",
    "report.returned": "pilots.PeriodReport",
    "report.accepted": "pilots.PeriodReport",
    "report.unaccepted": "pilots.PeriodReport",
    "report.cell_commented": "pilots.PeriodReport",
    "report.cell_comment_resolved": "pilots.PeriodReport",
    "appraisal.updated": "learning.Appraisal",
    "programme.created": "programmes.Programme",
    "programme.updated": "programmes.Programme",
    "programme.stage_added": "programmes.ProgrammeStage",
    "programme.stage_updated": "programmes.ProgrammeStage",
    "programme.pilot_applied": "programmes.ProgrammePilot",
    "programme.pilot_accepted": "programmes.ProgrammePilot",
    "programme.pilot_declined": "programmes.ProgrammePilot",
    "programme.pilot_withdrawn": "programmes.ProgrammePilot",
    "kpi.updated": "benchmarking.Kpi",
    "kpi.created_from_kolada": "benchmarking.Kpi",
    "kpi.metadata_from_kolada": "benchmarking.Kpi",
    "programme.gate_decision": "programmes.GateDecision",
    "programme.principle_assessed": "programmes.PrincipleAssessment",
    "programme.report_summary": "programmes.ProgressReport",
    "programme.report_published": "programmes.ProgressReport",
}

NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d+(?![\w.])")
KOMMUN_FIELDS = {"kommuner", "member_kommuner", "kommun"}
KOMMUN_NAMES_KEY = "audit:kommun-names"


# What an event's message holds when it is not a comment (the history labels it so), and
# messages written as codes by commands, in words.
MESSAGE_LABELS = {
    "pilot.indicator_updated": _("Indikator"),
    "pilot.indicator_added": _("Källa"),
    "pilot.membership_granted": _("Person"),
    "pilot.membership_revoked": _("Person"),
    "business_case.line_changed": _("Kalkylrad"),
    "business_case.line_added": _("Belopp per år"),
    "programme.report_compiled": _("Sammanställning"),
}
MESSAGE_WORDS = {
    "load_indicator_library": _("Inläst från indikatorbiblioteket"),
    "created": _("Första sammanställningen"),
    "recompiled": _("Sammanställd på nytt"),
}


def message_label(action: str) -> str:
    """What to call the event's message: "Kommentar" unless the event stores something else."""
    return str(MESSAGE_LABELS.get(action, _("Kommentar")))


# The statistics import stores its counts as a Swedish sentence (benchmarking.services); read
# back, the counts are put into the reader's language, so old events read right too.
IMPORT_COUNTS = re.compile(
    r"^(\d+) nya, (\d+) ändrade, (\d+) oförändrade, (\d+) borttagna, (\d+) överhoppade$"
)


def message_text(event) -> str:
    """The event's message in words, numbers in the reader's format."""
    message = event.message or ""
    if message in MESSAGE_WORDS:
        return str(MESSAGE_WORDS[message])
    counts = IMPORT_COUNTS.match(message) if event.action == "statistics.imported" else None
    if counts:
        created, updated, unchanged, deleted, skipped = (format_number(n) for n in counts.groups())
        return _(
            "%(created)s nya, %(updated)s ändrade, %(unchanged)s oförändrade, "
            "%(deleted)s borttagna, %(skipped)s överhoppade"
        ) % {
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
            "deleted": deleted,
            "skipped": skipped,
        }
    return _number_text(message)


def _model(label: str | None):
    if not label:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(name: str, *candidates):
    for model in candidates:
        if model is None:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(field, "concrete", False) or (field.many_to_many and not field.auto_created):
            return field
    return None


def _models_for(action: str, model) -> tuple:
    return (_model(ACTION_MODELS.get(action)), model)


def field_label(name: str, *, action: str = "", model=None) -> str:
    """What a changed field is called: "Utgångsvärde", never "baseline_value"."""
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    field = _field(name, *_models_for(action, model))
    if field is not None and field.verbose_name:
        return capfirst(str(field.verbose_name))
    return name


def has_field_label(name: str, *, action: str = "", model=None) -> bool:
    return field_label(name, action=action, model=model) != name


def _number_text(text: str) -> str:
    # "12.5 (5/40)" as stored reads "12,5 (5/40)"; years and dates are left alone.
    return NUMBER.sub(lambda match: format_number(match.group(0)), text)


def _kommun_names() -> dict[str, str]:
    from django.core.cache import cache

    names = cache.get(KOMMUN_NAMES_KEY)
    if names is None:
        names = dict(apps.get_model("partners.Kommun").objects.values_list("code", "name"))
        cache.set(KOMMUN_NAMES_KEY, names, 3600)
    return names


def value_text(name: str, value, *, action: str = "", model=None) -> str:
    """A stored value as the user would have typed or chosen it: a choice's words, "ja"/"nej",
    a number in the language's format without the stored trailing zeros; "–" for nothing."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return str(_("ja") if value else _("nej"))
    if name in KOMMUN_FIELDS and isinstance(value, list | str):
        names = _kommun_names()
        codes = value if isinstance(value, list) else [value]
        return ", ".join(names.get(str(code), str(code)) for code in codes)
    if isinstance(value, list) and all(isinstance(v, list) and len(v) == 2 for v in value):
        # Dated values such as targets: "2026-12-31: 15,2".
        return "; ".join(f"{_number_text(str(d))}: {_number_text(str(v))}" for d, v in value)
    if isinstance(value, list):
        return "; ".join(value_text(name, v, action=action, model=model) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{k}: {value_text(name, v, action=action, model=model)}" for k, v in value.items()
        )
    field = _field(name, *_models_for(action, model))
    if field is not None and field.choices:
        choices = {str(k): v for k, v in field.flatchoices}
        if str(value) in choices:
            return str(choices[str(value)])
    if isinstance(field, models.BooleanField) and str(value).lower() in ("true", "false"):
        return str(_("ja") if str(value).lower() == "true" else _("nej"))
    if isinstance(value, int | float) or isinstance(
        field, models.DecimalField | models.FloatField | models.IntegerField
    ):
        number = format_number(value)
        if number:
            return number
    return _number_text(str(value))


# Changes recorded per cell ({cell label: [before, after]}): one row per cell.
CELL_CHANGES = {"values", "cell_comments", "outliers_confirmed"}


def describe_changes(event) -> list[tuple[str, str, str]]:
    """(what, before, after) rows of an event, in words. A report's cell values ("values") are
    one row per cell, labelled with the cell (indicator, kön, ålder)."""
    from django.contrib.contenttypes.models import ContentType

    # get_for_id is cached per process: a page of events costs no query per event.
    model = (
        ContentType.objects.get_for_id(event.content_type_id).model_class()
        if event.content_type_id
        else None
    )
    data = event.changes if isinstance(event.changes, dict) else {"": event.changes}
    rows = []
    for name, change in data.items():
        if name in CELL_CHANGES and isinstance(change, dict):
            for cell, pair in change.items():
                before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
                rows.append((cell, _cell(before), _cell(after)))
            continue
        label = field_label(name, action=event.action, model=model) if name else ""
        if isinstance(change, list | tuple) and len(change) == 2:
            rows.append(
                (
                    label,
                    value_text(name, change[0], action=event.action, model=model),
                    value_text(name, change[1], action=event.action, model=model),
                )
            )
        else:
            rows.append((label, "", value_text(name, change, action=event.action, model=model)))
    return rows


def _cell(value) -> str:
    return "–" if value in (None, "") else _number_text(str(value))
