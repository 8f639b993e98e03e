"""Programmes: programmes, stages, member pilots, gate decisions, progress reports, the fund
ledger."""

from .choices import (
    CONTINUING_DECISIONS,
    Decision,
    LedgerKind,
    MembershipStatus,
    ProgrammeKind,
    ProgrammeVisibility,
    ReportState,
    SavingActor,
)
from .ledger import ExpectedSaving, Payout, RealisedSaving
from .programmes import GateDecision, PrincipleAssessment, Programme, ProgrammePilot, ProgrammeStage
from .reports import ProgressReport

__all__ = [
    "CONTINUING_DECISIONS",
    "Decision",
    "ExpectedSaving",
    "GateDecision",
    "LedgerKind",
    "MembershipStatus",
    "Payout",
    "PrincipleAssessment",
    "Programme",
    "ProgrammeKind",
    "ProgrammePilot",
    "ProgrammeStage",
    "ProgrammeVisibility",
    "ProgressReport",
    "RealisedSaving",
    "ReportState",
    "SavingActor",
]
