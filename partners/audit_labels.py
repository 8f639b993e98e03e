"""The audit trail in plain Swedish: what each action code means, grouped by area.

Services write short codes ("report.approved"); the coordinator's audit log shows them as
sentences. A code missing here is shown as it is, so a new service never breaks the log.
"""

from django.utils.translation import gettext_lazy as _

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
    "report.created": _("påbörjade en periodrapport"),
    "report.saved": _("sparade en periodrapport"),
    "report.submitted": _("skickade in en periodrapport"),
    "report.approved": _("godkände en periodrapport"),
    "report.returned": _("returnerade en periodrapport"),
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
    "programme.expectedsaving": _("registrerade en förväntad besparing"),
    "programme.realisedsaving": _("registrerade en realiserad besparing"),
    "statistics.imported": _("importerade statistik"),
    "peergroup.created": _("skapade en jämförelsegrupp"),
    "peergroup.updated": _("ändrade en jämförelsegrupp"),
    "peergroup.deleted": _("tog bort en jämförelsegrupp"),
    "peergroups.imported": _("importerade jämförelsegrupper"),
    "goal_contribution.added": _("lade till en pilot som bidrag till ett mål"),
    "goal_contribution.removed": _("tog bort en pilot som bidrag till ett mål"),
    "cms.page_published": _("publicerade en sida"),
    "cms.page_unpublished": _("avpublicerade en sida"),
    "cms.page_deleted": _("tog bort en sida"),
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
