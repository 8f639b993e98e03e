"""Pilots and partners, evaluation plans, indicators, periods, reports, lessons, business cases."""

from .business_case import (
    Actor,
    BusinessCase,
    BusinessCaseAmount,
    BusinessCaseLine,
    ConfidenceGrade,
    DiscountRateSchedule,
    LineKind,
    UnitCost,
    ValueType,
)
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
from .reports import IndicatorValue, PeriodReport, ReportingPeriod

__all__ = [
    "Actor",
    "Arena",
    "BusinessCase",
    "BusinessCaseAmount",
    "BusinessCaseLine",
    "Cadence",
    "ConfidenceGrade",
    "DiscountRateSchedule",
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
    "LineKind",
    "Measure",
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
    "SystemDimension",
    "UnitCost",
    "ValueType",
    "Visibility",
]
