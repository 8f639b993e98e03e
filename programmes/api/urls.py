"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

from programmes.api import acceptance, ledger, views

routes = [
    ("programmes", views.ProgrammeViewSet, "programme"),
    ("programme-memberships", views.MembershipViewSet, "programme-membership"),
    ("progress-reports", views.ProgressReportViewSet, "progress-report"),
    ("gate-decisions", views.GateDecisionViewSet, "gate-decision"),
    ("ledger-entries", ledger.LedgerEntryViewSet, "ledger-entry"),
    ("report-acceptances", acceptance.ReportAcceptanceViewSet, "report-acceptance"),
]
