"""The permission matrix's classification: every URL pattern of the project → who may read it,
who may write through it, and how to fill its URL from the world (tests/security/world.py).

A pattern is classified by its name in TABLE, or by one of the RULES (the Wagtail admin's
hundreds of views, the documents and password-protection views). A pattern matched by neither
fails tests/security/test_url_matrix.py with its route, so a new URL cannot ship unclassified.

Access sets are the roles whose request succeeds; everyone else must be refused (302 to the
login page for the anonymous, 401/403/404/405 for others) without seeing a private marker.
`write=None` marks a read-only URL: no role may change anything through it with POST.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.security.world import ROLES, World

PUBLIC = frozenset(ROLES)
SIGNED_IN = PUBLIC - {"anonymous"}
ORG_A = frozenset({"viewer", "reporter", "approver", "org_admin", "coordinator"})
EDITORS = ORG_A - {"viewer"}
APPROVERS = EDITORS - {"reporter"}
ORG_ADMINS = frozenset({"org_admin", "coordinator"})
APPRAISERS = frozenset({"appraiser", "coordinator"})
COORDINATOR = frozenset({"coordinator"})
NOBODY = frozenset()
# Admins and approvers of any approved organisation (B's admin included) for what they start
# for their own organisation; reporters too where a reporter may start it.
ANY_ORG_EDITORS = EDITORS | {"other_member"}
ANY_ORG_MANAGERS = APPROVERS | {"other_member"}
# Who may open the reporting matrix: approvers and admins of any organisation, the coordinator.
MONITORS = ANY_ORG_MANAGERS


@dataclass(frozen=True)
class Case:
    """One way of exercising a pattern."""

    read: frozenset = PUBLIC
    write: frozenset | None = None
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    ok: tuple = (200,)
    query: str = ""
    path: Callable[[World], str] | None = None  # for patterns with unnamed groups
    payload: Callable[[World], dict] = field(default=lambda w: {})
    label: str = ""
    # The Wagtail admin sends signed-in users without admin access to its login page too.
    login_refuses_all: bool = False
    # Logging out ends the shared session, so these cases sign fresh clients in.
    fresh_clients: bool = False


def _pilot(name):
    return lambda w: {"slug": getattr(w, name).slug}


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def _prog(**extra):
    def build(w):
        values = {"slug": w.programme.slug}
        for key, value in extra.items():
            values[key] = value(w)
        return values

    return build


def _rule_form(w):
    indicator = w.private_pilot.indicators.get().indicator
    return {
        "name": "Ny regel",
        "message": "Håller inte.",
        "severity": "warning",
        "is_active": "on",
        "left": "{" + indicator.name + "}",
        "operator": ">=",
        "right": "0",
    }


def _rule_payload(w):
    return {**_rule_form(w), "is_active": True, "pilot": w.private_pilot.slug}


_REPORT = lambda w: {"slug": w.private_pilot.slug, "period_id": w.private_period.pk}  # noqa: E731
_API_ONLY_OWN = ORG_A  # API reads of A's private records

TABLE: dict[str, list[Case]] = {
    # --- operations, i18n, accounts -----------------------------------------------------------
    "healthz": [Case()],
    "set_language": [Case(ok=(302,), write=PUBLIC)],
    "javascript-catalog": [Case()],
    "login": [Case(ok=(200, 302), write=PUBLIC)],
    "logout": [Case(ok=(405,), write=PUBLIC, fresh_clients=True)],
    "password_change": [Case(read=SIGNED_IN, write=SIGNED_IN)],
    "password_change_done": [Case(read=SIGNED_IN)],
    "password_reset": [Case(write=PUBLIC)],
    "password_reset_done": [Case()],
    "password_reset_confirm": [
        Case(kwargs=lambda w: {"uidb64": "MQ", "token": "ogiltig"}, write=PUBLIC)
    ],
    "password_reset_complete": [Case()],
    "wagtailcore_login": [Case(ok=(200, 302), write=PUBLIC)],
    "wagtailcore_authenticate_with_password": [
        Case(read=NOBODY, kwargs=lambda w: {"page_view_restriction_id": 999, "page_id": 999})
    ],
    "wagtaildocs_serve": [Case(read=NOBODY, path=lambda w: "/dokument/999/saknas.pdf")],
    "wagtaildocs_authenticate_with_password": [
        Case(read=NOBODY, kwargs=lambda w: {"restriction_id": 999})
    ],
    # --- the Wagtail admin's pages that must work before its login --------------------------
    "wagtailadmin_login": [Case(ok=(200, 302), write=PUBLIC)],
    "wagtailadmin_password_reset": [Case(write=PUBLIC)],
    # The reset flow's other pages are for people who cannot sign in: open to all, and a POST
    # with an invalid token changes nothing.
    "wagtailadmin_password_reset_done": [Case()],
    "wagtailadmin_password_reset_confirm": [
        Case(kwargs=lambda w: {"uidb64": "MQ", "token": "ogiltig"})
    ],
    "wagtailadmin_password_reset_complete": [Case()],
    "wagtailadmin_sprite": [Case()],
    # Wagtail's logout is POST only: 405 on a GET; the others are sent to its login page.
    "wagtailadmin_logout": [
        Case(read=PUBLIC, ok=(200, 302, 405), write=PUBLIC, fresh_clients=True)
    ],
    # A non-numeric id makes Wagtail's chooser answer 500 (its get_object_or_404 on an integer
    # key): a Wagtail bug reachable only by admins, so the matrix asks for a missing number.
    "wagtaildocs_chooser:chosen": [
        Case(
            read=COORDINATOR,
            ok=(404,),
            kwargs=lambda w: {"pk": 999999},
            write=COORDINATOR,
            login_refuses_all=True,
        )
    ],
    "wagtailimages_chooser:chosen": [
        Case(
            read=COORDINATOR,
            ok=(404,),
            kwargs=lambda w: {"pk": 999999},
            write=COORDINATOR,
            login_refuses_all=True,
        )
    ],
    "wagtailadmin_javascript_catalog": [Case()],
    # Wagtail's deliberate error page for testing the 500 template; admins only.
    "wagtailadmin_error_test": [
        Case(read=COORDINATOR, ok=(500,), write=COORDINATOR, login_refuses_all=True)
    ],
    # --- Wagtail's page serving (every path no app claimed) ------------------------------------
    "wagtail_serve": [
        Case(path=lambda w: "/", label="home"),
        Case(path=lambda w: w.news.url, label="news"),
        Case(path=lambda w: w.news.url + "rss/", label="rss"),
        Case(path=lambda w: w.news.url + "atom/", label="atom"),
        Case(path=lambda w: w.update.url, label="update"),
        Case(path=lambda w: w.goal.url, label="goal with a private contributor"),
        Case(read=NOBODY, path=lambda w: "/utkastsida/", label="unpublished page"),
    ],
    # --- REST API -------------------------------------------------------------------------------
    "api-token": [Case(ok=(405,), write=PUBLIC)],
    "api-root": [Case()],
    "api-schema": [Case()],
    "api-docs": [Case()],
    "wagtailapi:pages:listing": [Case()],
    "wagtailapi:pages:detail": [
        Case(kwargs=_pk("goal"), label="live"),
        Case(read=NOBODY, kwargs=_pk("draft_page"), label="unpublished"),
    ],
    "wagtailapi:pages:find": [Case(ok=(302,), query="html_path=/nyheter/")],
    "organisation-list": [Case(write=COORDINATOR)],
    "organisation-detail": [
        Case(kwargs=lambda w: {"slug": w.org_a.slug}, write=ORG_ADMINS, label="approved"),
        # The coordinator may correct a pending application before deciding it.
        Case(
            read=COORDINATOR,
            kwargs=lambda w: {"slug": w.pending_org.slug},
            write=COORDINATOR,
            label="pending",
        ),
    ],
    "organisation-approve": [
        Case(
            ok=(405,),
            read=COORDINATOR,
            kwargs=lambda w: {"slug": w.pending_org.slug},
            write=COORDINATOR,
        )
    ],
    "organisation-reject": [
        Case(
            ok=(405,),
            read=COORDINATOR,
            kwargs=lambda w: {"slug": w.pending_org.slug},
            write=COORDINATOR,
        )
    ],
    "organisation-members": [Case(read=ORG_A, kwargs=lambda w: {"slug": w.org_a.slug})],
    "kommun-list": [Case()],
    "kommun-detail": [Case(kwargs=lambda w: {"code": "2480"})],
    "region-list": [Case()],
    "region-detail": [Case(kwargs=lambda w: {"lan_code": "24"})],
    "pilot-list": [Case(write=ANY_ORG_EDITORS)],
    "pilot-detail": [
        Case(read=ORG_A, kwargs=_pilot("private_pilot"), write=EDITORS),
    ],
    "pilot-indicators": [Case(read=ORG_A, kwargs=_pilot("private_pilot"))],
    "indicator-list": [Case()],
    "indicator-detail": [
        Case(kwargs=lambda w: {"pk": w.private_pilot.indicators.get().indicator_id})
    ],
    "period-list": [Case()],
    "period-detail": [Case(read=ORG_A, kwargs=_pk("private_period"))],
    "period-report": [Case(ok=(405,), read=ORG_A, kwargs=_pk("private_period"), write=EDITORS)],
    "report-list": [Case()],
    "report-detail": [Case(read=ORG_A, kwargs=_pk("private_report"), write=EDITORS)],
    "report-approve": [
        Case(
            ok=(405,),
            read=ORG_A,
            kwargs=_pk("private_report"),
            write=APPROVERS,
            payload=lambda w: {"version": w.private_report.version},
        )
    ],
    "report-return": [
        Case(
            ok=(405,),
            read=ORG_A,
            kwargs=_pk("private_report"),
            write=APPROVERS,
            payload=lambda w: {"version": w.private_report.version, "comment": "Fel."},
        )
    ],
    "report-comments": [Case(read=ORG_A, kwargs=_pk("private_report"))],
    "report-history": [Case(read=ORG_A, kwargs=_pk("private_report"))],
    "report-outliers": [Case(read=ORG_A, kwargs=_pk("private_report"))],
    "report-submit": [
        Case(
            ok=(405,),
            read=ORG_A,
            kwargs=_pk("public_draft_report"),
            write=EDITORS,
            payload=lambda w: {"version": w.public_draft_report.version},
        )
    ],
    # Validation rules: the library for all (written by the coordinator), a pilot's rules for its
    # people (written by its editors). POST creates a rule for the private pilot.
    "validation-rule-list": [Case(write=EDITORS, payload=lambda w: _rule_payload(w))],
    "validation-rule-detail": [
        Case(read=ORG_A, kwargs=_pk("private_rule"), write=EDITORS, label="pilot"),
        Case(kwargs=_pk("library_rule"), write=COORDINATOR, label="library"),
    ],
    "business-case-list": [Case(write=ANY_ORG_EDITORS)],
    "business-case-detail": [
        Case(read=ORG_A, kwargs=lambda w: {"pilot_slug": w.public_pilot.slug}, write=EDITORS)
    ],
    "business-case-results": [
        Case(read=ORG_A, kwargs=lambda w: {"pilot_slug": w.public_pilot.slug})
    ],
    "business-case-line-list": [Case(write=ANY_ORG_EDITORS)],
    "business-case-line-detail": [Case(read=ORG_A, kwargs=_pk("case_line"), write=EDITORS)],
    "unit-cost-list": [Case(write=COORDINATOR)],
    "unit-cost-detail": [Case(kwargs=_pk("unit_cost"), write=COORDINATOR)],
    "discount-schedule-list": [Case()],
    "discount-schedule-detail": [Case(kwargs=_pk("discount_schedule"))],
    "lesson-list": [Case()],
    # The lessons API shows lessons of approved and closing reports only, even to the pilot's
    # own people (README, Learning base); this one is on a submitted report.
    "lesson-detail": [Case(read=NOBODY, kwargs=_pk("private_lesson"))],
    "practice-list": [Case()],
    "practice-detail": [
        Case(kwargs=lambda w: {"slug": w.practice.slug}, label="public"),
        Case(read=ORG_A, kwargs=lambda w: {"slug": w.private_practice.slug}, label="private"),
    ],
    "practice-nominate": [
        Case(ok=(405,), kwargs=lambda w: {"slug": w.practice.slug}, write=COORDINATOR)
    ],
    "appraisal-list": [Case(write=APPRAISERS)],
    "appraisal-detail": [Case(read=APPRAISERS, kwargs=_pk("draft_appraisal"), write=APPRAISERS)],
    "appraisal-publish": [
        Case(ok=(405,), read=APPRAISERS, kwargs=_pk("draft_appraisal"), write=APPRAISERS)
    ],
    "appraisal-send-back": [
        Case(ok=(405,), read=APPRAISERS, kwargs=_pk("draft_appraisal"), write=APPRAISERS)
    ],
    "appraisal-submit": [
        Case(ok=(405,), read=APPRAISERS, kwargs=_pk("draft_appraisal"), write=APPRAISERS)
    ],
    "adoption-list": [Case(ok=(405,), read=SIGNED_IN, write=ANY_ORG_EDITORS)],
    "kpi-list": [Case()],
    # PATCH: the coordinator keeps KPI metadata (title, unit, direction, gender split).
    "kpi-detail": [Case(kwargs=lambda w: {"pk": w.kpi.pk}, write=COORDINATOR)],
    "statistic-list": [Case()],
    "peer-group-list": [Case(write=SIGNED_IN)],
    "peer-group-detail": [Case(read={"reporter"}, kwargs=_pk("peer_group"), write={"reporter"})],
    "benchmark-list": [Case(ok=(200, 400))],
    "programme-list": [Case()],
    # PATCH edits a programme: the owner's (A's) admins and approvers, and the coordinator.
    "programme-detail": [
        Case(kwargs=lambda w: {"slug": w.programme.slug}, write=APPROVERS, label="public"),
        Case(
            read=ORG_A,
            kwargs=lambda w: {"slug": w.private_programme.slug},
            write=APPROVERS,
            label="private",
        ),
    ],
    "programme-aggregates": [Case(read=ORG_A, kwargs=lambda w: {"slug": w.private_programme.slug})],
    # POST only (adds a stage); the stages are read through programme-detail.
    "programme-stages": [
        Case(
            ok=(405,),
            read=ORG_A,
            kwargs=lambda w: {"slug": w.private_programme.slug},
            write=APPROVERS,
        )
    ],
    "programme-membership-list": [Case()],
    "programme-membership-detail": [Case(read=ORG_A, kwargs=_pk("applied_membership"))],
    "programme-membership-decide": [
        Case(ok=(405,), read=ORG_A, kwargs=_pk("applied_membership"), write=APPROVERS)
    ],
    # A funder's acceptance of approved reports: the programme's managers (A's admins and
    # approvers) and the coordinator; everyone signed in may list (their own, maybe empty, queue).
    "report-acceptance-list": [Case(read=SIGNED_IN)],
    "report-acceptance-detail": [Case(read=APPROVERS, kwargs=_pk("acceptance_report"))],
    "report-acceptance-accept": [
        Case(ok=(405,), read=APPROVERS, kwargs=_pk("acceptance_report"), write=APPROVERS)
    ],
    "report-acceptance-unaccept": [
        Case(ok=(405,), read=APPROVERS, kwargs=_pk("acceptance_report"), write=APPROVERS)
    ],
    "progress-report-list": [Case(write=APPROVERS)],
    "progress-report-detail": [Case(read=ORG_A, kwargs=_pk("progress_report"), write=APPROVERS)],
    "progress-report-publish": [
        Case(ok=(405,), read=ORG_A, kwargs=_pk("progress_report"), write=APPROVERS)
    ],
    "reporting-matrix-list": [Case(read=MONITORS), Case(read=MONITORS, query="year=", label="all")],
    "reporting-matrix-rates": [Case(read=MONITORS, query="year=")],
    "reporting-matrix-remind": [Case(ok=(405,), read=MONITORS, write=MONITORS)],
    "gate-decision-list": [Case(read=SIGNED_IN, write=APPROVERS)],
    "gate-decision-detail": [Case(read=ORG_A, kwargs=_pk("gate_decision"))],
    # Lists only the ledgers the user funds; POST records a payout or repayment (managers).
    "ledger-entry-list": [Case(read=SIGNED_IN, write=APPROVERS)],
    "ledger-entry-detail": [Case(read=ORG_A, kwargs=_pk("payout"))],
    "ledger-entry-reverse": [Case(ok=(405,), read=ORG_A, kwargs=_pk("payout"), write=APPROVERS)],
    "search-list": [Case(), Case(query="q=pilot", label="query")],
    # --- pilots ------------------------------------------------------------------------------
    "pilots:pilot_create": [Case(read=ANY_ORG_EDITORS, write=ANY_ORG_EDITORS)],
    # Without a step it sends the editor on to the first step with something missing.
    "pilots:pilot_register": [
        Case(read=EDITORS, ok=(302,), kwargs=_pilot("draft_pilot"), write=EDITORS)
    ],
    "pilots:pilot_register_step": [
        Case(
            read=EDITORS,
            kwargs=lambda w: {"slug": w.draft_pilot.slug, "step": "grunder"},
            write=EDITORS,
        )
    ],
    "pilots:dashboard": [Case(read=SIGNED_IN)],
    "pilots:report_edit": [Case(read=ORG_A, kwargs=_REPORT, write=EDITORS)],
    "pilots:report_review": [Case(read=APPROVERS, kwargs=_REPORT, write=APPROVERS)],
    "pilots:pilot_history": [Case(read=ORG_A, kwargs=_pilot("private_pilot"))],
    "pilots:value_history": [
        Case(
            read=ORG_A,
            kwargs=lambda w: {
                **_REPORT(w),
                "link_id": w.private_pilot.indicators.get().pk,
                "gender": "T",
            },
        )
    ],
    "pilots:cell_comment_resolve": [
        Case(
            ok=(405,),
            read=SIGNED_IN,
            kwargs=lambda w: {**_REPORT(w), "comment_id": w.cell_comment.pk},
            write=EDITORS,
        )
    ],
    "pilots:import_values": [Case(read=EDITORS, kwargs=_pilot("private_pilot"), write=EDITORS)],
    "pilots:import_template_csv": [Case(read=EDITORS, kwargs=_pilot("private_pilot"))],
    "pilots:validation_rules": [
        Case(
            read=ORG_A,
            kwargs=_pilot("private_pilot"),
            write=EDITORS,
            payload=lambda w: _rule_form(w),
        )
    ],
    "pilots:validation_rule_edit": [
        Case(
            read=EDITORS,
            kwargs=lambda w: {"slug": w.private_pilot.slug, "rule_id": w.private_rule.pk},
            write=EDITORS,
            payload=lambda w: {"action": "delete"},
        )
    ],
    "pilots:import_template_xlsx": [Case(read=EDITORS, kwargs=_pilot("private_pilot"))],
    "pilots:pilot_list": [Case()],
    "pilots:pilot_detail": [
        Case(read=ORG_A, kwargs=_pilot("private_pilot"), label="private"),
        Case(read=ORG_A, kwargs=_pilot("draft_pilot"), label="draft"),
        Case(kwargs=_pilot("public_pilot"), label="public"),
        Case(read=ORG_A | {"other_member"}, kwargs=_pilot("partnership_pilot"), label="partners"),
    ],
    "business_cases:business_case": [Case(read=ORG_A, kwargs=_pilot("public_pilot"))],
    "business_cases:business_case_edit": [
        Case(read=EDITORS, kwargs=_pilot("public_pilot"), write=EDITORS)
    ],
    "business_cases:business_case_print": [Case(read=ORG_A, kwargs=_pilot("public_pilot"))],
    "business_cases:business_case_xlsx": [Case(read=ORG_A, kwargs=_pilot("public_pilot"))],
    # --- learning base -----------------------------------------------------------------------
    "learning:home": [Case()],
    "learning:lesson_list": [Case()],
    "learning:practice_list": [Case()],
    "learning:practice_detail": [
        Case(kwargs=lambda w: {"slug": w.practice.slug}, label="public"),
        Case(read=ORG_A, kwargs=lambda w: {"slug": w.private_practice.slug}, label="private"),
    ],
    "learning:nominate": [
        Case(
            ok=(405,),
            read=COORDINATOR,
            kwargs=lambda w: {"slug": w.practice.slug},
            write=COORDINATOR,
        )
    ],
    "learning:appraisal_start": [
        Case(
            ok=(405,), read=APPRAISERS, kwargs=lambda w: {"slug": w.practice.slug}, write=APPRAISERS
        )
    ],
    # A POST names the pilot to make a practice of; only the coordinator may (can_nominate).
    "learning:appraisal_dashboard": [
        Case(
            read=APPRAISERS,
            write=COORDINATOR,
            payload=lambda w: {"pilot": w.public_pilot.slug},
        )
    ],
    "learning:appraisal_queue": [Case(read=APPRAISERS)],
    "learning:appraisal_edit": [
        Case(read=APPRAISERS, kwargs=_pk("draft_appraisal"), write=APPRAISERS)
    ],
    # Adopting starts a pilot for an organisation the user may register pilots for
    # (learning.rules.can_adopt_for = pilots.rules.can_create_pilot_for): the coordinator may
    # for any approved one, as on the registration page and in the API (issue 17).
    "learning:adopt": [
        Case(read=ANY_ORG_EDITORS, kwargs=_pilot("public_pilot"), write=ANY_ORG_EDITORS)
    ],
    "learning:closing_report": [Case(read=EDITORS, kwargs=_pilot("private_pilot"), write=EDITORS)],
    # --- programmes --------------------------------------------------------------------------
    "programmes:programme_list": [Case()],
    "programmes:programme_create": [Case(read=ANY_ORG_MANAGERS, write=ANY_ORG_MANAGERS)],
    "programmes:programme_detail": [
        Case(kwargs=_prog(), label="public"),
        Case(read=ORG_A, kwargs=lambda w: {"slug": w.private_programme.slug}, label="private"),
    ],
    "programmes:programme_edit": [Case(read=APPROVERS, kwargs=_prog(), write=APPROVERS)],
    "programmes:stages": [Case(read=APPROVERS, kwargs=_prog(), write=APPROVERS)],
    "programmes:stage_edit": [
        Case(read=APPROVERS, kwargs=_prog(stage_id=lambda w: w.programme_stage.pk), write=APPROVERS)
    ],
    "programmes:memberships": [Case(read=APPROVERS, kwargs=_prog(), write=APPROVERS)],
    "programmes:membership_decide": [
        Case(
            ok=(405,),
            read=APPROVERS,
            kwargs=_prog(membership_id=lambda w: w.applied_membership.pk),
            write=APPROVERS,
        )
    ],
    "programmes:apply": [Case(read=ANY_ORG_EDITORS, kwargs=_prog(), write=ANY_ORG_EDITORS)],
    "programmes:portfolio": [Case(read=ORG_A, kwargs=_prog())],
    # The completeness and timeliness matrix (monitoring): rows limited to monitoring.rules.
    "monitoring:matrix": [
        Case(read=MONITORS),
        Case(read=MONITORS, query="year=&status=missing", label="every year, missing"),
    ],
    "monitoring:matrix_csv": [Case(read=MONITORS, query="year=")],
    "monitoring:remind": [Case(ok=(405,), read=MONITORS, write=MONITORS)],
    "programmes:portfolio_csv": [Case(read=ORG_A, kwargs=_prog())],
    "programmes:portfolio_xlsx": [Case(read=ORG_A, kwargs=_prog())],
    "programmes:pilot_page": [
        Case(read=ORG_A, kwargs=_prog(pilot_slug=lambda w: w.public_pilot.slug))
    ],
    "programmes:gate_decision": [
        Case(
            ok=(405,),
            read=APPROVERS,
            kwargs=_prog(pilot_slug=lambda w: w.public_pilot.slug),
            write=APPROVERS,
        )
    ],
    "programmes:assessment": [
        Case(
            ok=(405,),
            read=EDITORS,
            kwargs=_prog(pilot_slug=lambda w: w.public_pilot.slug),
            write=EDITORS,
        )
    ],
    "programmes:withdraw": [
        Case(
            ok=(405,),
            read=EDITORS,
            kwargs=_prog(pilot_slug=lambda w: w.public_pilot.slug),
            write=EDITORS,
        )
    ],
    "programmes:report_list": [Case(kwargs=_prog())],
    "programmes:report_compile": [Case(ok=(405,), read=APPROVERS, kwargs=_prog(), write=APPROVERS)],
    "programmes:report_detail": [Case(read=ORG_A, kwargs=_prog(pk=lambda w: w.progress_report.pk))],
    "programmes:report_action": [
        Case(
            ok=(405,),
            read=APPROVERS,
            kwargs=_prog(pk=lambda w: w.progress_report.pk),
            write=APPROVERS,
        )
    ],
    "programmes:report_xlsx": [Case(read=ORG_A, kwargs=_prog(pk=lambda w: w.progress_report.pk))],
    "programmes:acceptance_queue": [Case(read=APPROVERS, kwargs=_prog())],
    "programmes:acceptance_report": [
        Case(
            read=APPROVERS,
            kwargs=_prog(report_id=lambda w: w.acceptance_report.pk),
            write=APPROVERS,
        )
    ],
    "programmes:ledger": [Case(read=ORG_A, kwargs=_prog(), write=APPROVERS)],
    # The confirmation page and its POST (a reversing entry): the programme's managers only.
    "programmes:ledger_reverse": [
        Case(read=APPROVERS, kwargs=_prog(entry_id=lambda w: w.payout.pk), write=APPROVERS)
    ],
    "programmes:ledger_csv": [Case(read=ORG_A, kwargs=_prog())],
    "programmes:ledger_xlsx": [Case(read=ORG_A, kwargs=_prog())],
    # --- partners ----------------------------------------------------------------------------
    "partners:signup": [Case(ok=(200, 302), write=PUBLIC)],
    "partners:dashboard": [Case(read=SIGNED_IN)],
    "partners:two_factor_setup": [Case(read=SIGNED_IN, ok=(200, 302), write=SIGNED_IN)],
    "partners:two_factor_verify": [Case(read=SIGNED_IN, ok=(200, 302), write=SIGNED_IN)],
    "partners:two_factor_backup_codes": [Case(read=SIGNED_IN, ok=(200, 302), write=SIGNED_IN)],
    "partners:two_factor_reset": [
        Case(read=COORDINATOR, write=COORDINATOR, payload=lambda w: {"email": w.viewer_email})
    ],
    "partners:organisation_list": [Case()],
    "partners:organisation_register": [Case(read=SIGNED_IN, write=SIGNED_IN)],
    "partners:organisation_detail": [
        Case(kwargs=lambda w: {"slug": w.org_a.slug}, label="approved"),
        Case(read=COORDINATOR, kwargs=lambda w: {"slug": w.pending_org.slug}, label="pending"),
    ],
    "partners:organisation_resubmit": [
        Case(read=NOBODY, kwargs=lambda w: {"slug": w.pending_org.slug}, write=NOBODY)
    ],
    "partners:organisation_members": [
        Case(read=ORG_A, kwargs=lambda w: {"slug": w.org_a.slug}, write=ORG_ADMINS)
    ],
    "partners:membership_update": [
        Case(
            ok=(405,),
            read=ORG_ADMINS,
            kwargs=_pk("viewer_membership"),
            write=ORG_ADMINS,
            payload=lambda w: {"role": "admin"},
        )
    ],
    # The confirmation page: the organisation's admins, the coordinator, and the member leaving.
    "partners:membership_remove": [
        Case(
            read=ORG_ADMINS | {"viewer"},
            kwargs=_pk("viewer_membership"),
            write=ORG_ADMINS | {"viewer"},
        )
    ],
    "partners:organisation_audit": [
        Case(read=ORG_ADMINS, kwargs=lambda w: {"slug": w.org_a.slug}, label="own"),
        # B's admin reads B's trail; A's admin does not.
        Case(
            read=frozenset({"other_member", "coordinator"}),
            kwargs=lambda w: {"slug": w.org_b.slug},
            label="other",
        ),
    ],
    "partners:invitation_revoke": [
        Case(ok=(405,), read=ORG_ADMINS, kwargs=_pk("invitation"), write=ORG_ADMINS)
    ],
    "partners:invitation_accept": [
        # Addressed to one e-mail address: no role here may accept it (write=None: the page
        # answers, the database must not change).
        Case(read=SIGNED_IN, kwargs=lambda w: {"token": w.invitation.token})
    ],
    "partners:kommun_list": [Case()],
    "partners:kommun_detail": [Case(kwargs=lambda w: {"code": "2480"})],
    "partners:region_list": [Case()],
    "partners:region_detail": [Case(kwargs=lambda w: {"lan_code": "24"})],
    # --- benchmarking ------------------------------------------------------------------------
    "benchmarking:index": [Case()],
    "benchmarking:peer_group_list": [Case(read=SIGNED_IN)],
    "benchmarking:peer_group_create": [Case(read=SIGNED_IN, write=SIGNED_IN)],
    "benchmarking:peer_group_edit": [
        Case(read={"reporter"}, kwargs=_pk("peer_group"), write={"reporter"})
    ],
    "benchmarking:peer_group_delete": [
        Case(read={"reporter"}, kwargs=_pk("peer_group"), write={"reporter"})
    ],
    "benchmarking:benchmark": [Case(kwargs=lambda w: {"code": "2480"})],
    "benchmarking:benchmark_csv": [Case(kwargs=lambda w: {"code": "2480"})],
    "benchmarking:map_csv": [Case(ok=(200, 400), kwargs=lambda w: {"code": "2480"})],
    # --- search and CMS ----------------------------------------------------------------------
    "search:search": [Case(), Case(query="q=pilot", label="query")],
    "search:suggest": [Case(query="q=pil")],
    "cms:goal_contribute": [
        Case(read=ANY_ORG_EDITORS, kwargs=lambda w: {"goal_id": w.goal.pk}, write=ANY_ORG_EDITORS)
    ],
    "cms:subscribe": [Case(write=PUBLIC)],
    "cms:subscription_confirm": [
        Case(kwargs=lambda w: {"token": w.subscription.token}, write=PUBLIC)
    ],
    "cms:subscription_cancel": [
        Case(kwargs=lambda w: {"token": w.subscription.token}, write=PUBLIC)
    ],
}


@dataclass(frozen=True)
class Rule:
    """Classifies every pattern under a route prefix (third-party families)."""

    prefix: str
    case: Case
    why: str


RULES = [
    Rule(
        "api/v1/.+/$",
        Case(read=NOBODY, path=lambda w: "/api/v1/finns-inte/"),
        "the API's JSON 404 for every path under /api/v1/ no route claims",
    ),
    Rule(
        "admin/",
        Case(
            read=COORDINATOR,
            write=COORDINATOR,
            ok=(200, 302, 400, 404, 405),
            login_refuses_all=True,
        ),
        "Wagtail admin: only users with admin access (the coordinator here) get past the login",
    ),
]


def classify(route: str, name: str | None) -> list[Case] | None:
    """The cases for a pattern, or None when nothing classifies it. The table comes first, so
    a pattern under a rule's prefix can be classified on its own."""
    if name in TABLE:
        return TABLE[name]
    for rule in RULES:
        if route.lstrip("^").startswith(rule.prefix):
            return [rule.case]
    return None
