"""Pilots and partners, evaluation plans, indicators, periods, reports, lessons.

Business cases live in the business_cases app (which depends on pilots, never the reverse)."""

from .choices import (
    Arena,
    Cadence,
    EvaluationDesign,
    Gender,
    HealthArea,
    LessonKind,
    LifeStage,
    PartnerRole,
    PilotStatus,
    ProgressStatus,
    ReportStatus,
    SystemDimension,
    Visibility,
)
from .indicators import Indicator, IndicatorTarget, Measure, PilotIndicator
from .lessons import Lesson
from .pilots import EvaluationPlan, Pilot, PilotMembership, PilotPartner
from .quality import CellComment, Channel, OutlierConfirmation, ValueChange
from .reports import IndicatorValue, PeriodReport, ReportingPeriod
from .validation import Operator, Severity, ValidationRule

__all__ = [
    "Arena",
    "Cadence",
    "CellComment",
    "Channel",
    "EvaluationDesign",
    "EvaluationPlan",
    "Gender",
    "HealthArea",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "Lesson",
    "LessonKind",
    "LifeStage",
    "Measure",
    "Operator",
    "OutlierConfirmation",
    "PartnerRole",
    "PeriodReport",
    "Pilot",
    "PilotIndicator",
    "PilotMembership",
    "PilotPartner",
    "PilotStatus",
    "ProgressStatus",
    "ReportStatus",
    "ReportingPeriod",
    "Severity",
    "SystemDimension",
    "ValidationRule",
    "ValueChange",
    "Visibility",
]
