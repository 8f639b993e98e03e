"""Programme pages under /program/."""

from django.urls import path

from programmes.views import acceptance, decisions, ledger, manage, portfolio, public, reports

app_name = "programmes"

urlpatterns = [
    path("program/", public.programme_list, name="programme_list"),
    path("program/nytt/", manage.programme_create, name="programme_create"),
    path("program/<slug:slug>/", public.programme_detail, name="programme_detail"),
    path("program/<slug:slug>/redigera/", manage.programme_edit, name="programme_edit"),
    path("program/<slug:slug>/faser/", manage.stages, name="stages"),
    path("program/<slug:slug>/faser/<int:stage_id>/", manage.stage_edit, name="stage_edit"),
    path("program/<slug:slug>/medlemmar/", manage.memberships, name="memberships"),
    path(
        "program/<slug:slug>/medlemmar/<int:membership_id>/beslut/",
        manage.membership_decide,
        name="membership_decide",
    ),
    path("program/<slug:slug>/ansok/", manage.programme_apply, name="apply"),
    path("program/<slug:slug>/portfolj/", portfolio.dashboard, name="portfolio"),
    path(
        "program/<slug:slug>/portfolj.csv", portfolio.export, {"fmt": "csv"}, name="portfolio_csv"
    ),
    path(
        "program/<slug:slug>/portfolj.xlsx",
        portfolio.export,
        {"fmt": "xlsx"},
        name="portfolio_xlsx",
    ),
    path("program/<slug:slug>/piloter/<slug:pilot_slug>/", decisions.pilot_page, name="pilot_page"),
    path(
        "program/<slug:slug>/piloter/<slug:pilot_slug>/beslut/",
        decisions.gate_decision_create,
        name="gate_decision",
    ),
    path(
        "program/<slug:slug>/piloter/<slug:pilot_slug>/sjalvskattning/",
        decisions.assessment_create,
        name="assessment",
    ),
    path(
        "program/<slug:slug>/piloter/<slug:pilot_slug>/lamna/",
        manage.membership_withdraw,
        name="withdraw",
    ),
    path("program/<slug:slug>/lagesrapporter/", reports.report_list, name="report_list"),
    path(
        "program/<slug:slug>/lagesrapporter/sammanstall/",
        reports.report_compile,
        name="report_compile",
    ),
    path(
        "program/<slug:slug>/lagesrapporter/<int:pk>/", reports.report_detail, name="report_detail"
    ),
    path(
        "program/<slug:slug>/lagesrapporter/<int:pk>/andra/",
        reports.report_action,
        name="report_action",
    ),
    path(
        "program/<slug:slug>/lagesrapporter/<int:pk>.xlsx", reports.report_xlsx, name="report_xlsx"
    ),
    path(
        "program/<slug:slug>/att-acceptera/",
        acceptance.acceptance_queue,
        name="acceptance_queue",
    ),
    path(
        "program/<slug:slug>/att-acceptera/<int:report_id>/",
        acceptance.acceptance_report,
        name="acceptance_report",
    ),
    path("program/<slug:slug>/fond/", ledger.fund_ledger, name="ledger"),
    path(
        "program/<slug:slug>/fond/poster/<int:entry_id>/vand/",
        ledger.ledger_reverse,
        name="ledger_reverse",
    ),
    path("program/<slug:slug>/fond.csv", ledger.ledger_export, {"fmt": "csv"}, name="ledger_csv"),
    path(
        "program/<slug:slug>/fond.xlsx", ledger.ledger_export, {"fmt": "xlsx"}, name="ledger_xlsx"
    ),
]
