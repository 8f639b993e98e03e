"""The portal's vocabularies mapped to IATI 2.03 codelists, written once (see docs/api.md).

Codes checked against the IATI codelists: Sector (OECD DAC 5-digit purpose codes, vocabulary 1),
OrganisationType, OrganisationRole, ActivityStatus, ActivityDateType, IndicatorMeasure,
GeographicLocationClass, LocationType (GeoNames feature codes) and DocumentCategory.
"""

from partners.models import OrganisationKind
from pilots.models import HealthArea, Measure, PartnerRole, PilotStatus

IATI_VERSION = "2.03"
DEFAULT_LANGUAGE = "sv"
DEFAULT_CURRENCY = "SEK"

# org-id.guide list SE-ON: Swedish organisationsnummer, written NNNNNN-NNNN after the prefix.
ORGANISATION_ID_PREFIX = "SE-ON"
# Appended to the reporting organisation's identifier to make the activity identifier.
ACTIVITY_ID_INFIX = "PP"

# health area → [(DAC 5-digit sector code, percentage)]; percentages of one vocabulary sum to 100.
SECTORS = {
    HealthArea.MENTAL_HEALTH: [("12340", 100)],
    HealthArea.OBESITY: [("12350", 100)],
    HealthArea.UNDERNUTRITION: [("12240", 100)],
    HealthArea.PHYSICAL_ACTIVITY: [("12350", 100)],
    HealthArea.TOBACCO_ALCOHOL: [("12320", 50), ("12330", 50)],
    HealthArea.DRUGS: [("12330", 100)],
    HealthArea.FOOD_HABITS: [("12350", 100)],
    HealthArea.LONELINESS: [("12340", 100)],
    HealthArea.FALLS: [("12220", 100)],
    HealthArea.ORAL_HEALTH: [("12220", 100)],
    HealthArea.SICK_LEAVE: [("12220", 100)],
    HealthArea.CHRONIC_DISEASE: [("12350", 100)],
    HealthArea.OTHER: [("12310", 100)],
}
# A published pilot without a health area: prevention of NCDs, general.
DEFAULT_SECTORS = [("12310", 100)]
SECTOR_NAMES = {
    "12220": "Basic health care",
    "12240": "Basic nutrition",
    "12310": "NCDs control, general",
    "12320": "Tobacco use control",
    "12330": "Control of harmful use of alcohol and drugs",
    "12340": "Promotion of mental health and well-being",
    "12350": "Other prevention and treatment of NCDs",
}

# OrganisationType: 10 government, 11 local government, 15 other public sector, 22 national NGO,
# 70 private sector, 80 academic, training and research, 90 other.
ORGANISATION_TYPES = {
    OrganisationKind.KOMMUN: "11",
    OrganisationKind.REGION: "11",
    OrganisationKind.MYNDIGHET: "10",
    OrganisationKind.NARINGSLIV: "70",
    OrganisationKind.CIVILSAMHALLE: "22",
    OrganisationKind.AKADEMI: "80",
    OrganisationKind.KOMMUNALFORBUND: "11",
    OrganisationKind.SAMORDNINGSFORBUND: "15",
    OrganisationKind.ANNAN: "90",
}

# OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing. IATI has no role for an
# evaluator; it takes part in carrying the activity out, so it is listed as implementing.
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"
PARTNER_ROLES = {
    PartnerRole.LEAD: ROLE_ACCOUNTABLE,
    PartnerRole.CO_FUNDER: ROLE_FUNDING,
    PartnerRole.IMPLEMENTER: ROLE_IMPLEMENTING,
    PartnerRole.EVALUATOR: ROLE_IMPLEMENTING,
}

# ActivityStatus: 1 pipeline, 2 implementation, 4 closed, 5 cancelled (drafts are never exported).
STATUS_PIPELINE = "1"
STATUSES = {PilotStatus.ACTIVE: "2", PilotStatus.COMPLETED: "4", PilotStatus.STOPPED: "5"}

# ActivityDateType.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"

# IndicatorMeasure: 1 unit, 2 percentage, 5 qualitative.
MEASURES = {Measure.NUMBER: "1", Measure.PERCENT: "2", Measure.QUALITATIVE: "5"}
# ResultType 9 (other): the portal does not classify indicators as output, outcome or impact.
RESULT_TYPE = "9"

# Dimensions of disaggregated actuals: Kolada's kön K/M as sex; T (totalt) has no dimension.
SEX_DIMENSION = "sex"
SEX_VALUES = {"K": "female", "M": "male"}
AGE_DIMENSION = "age"

# Locations: GeographicLocationClass 1 (administrative region), GeoNames feature codes ADM1 (län /
# region) and ADM2 (kommun), exactness 1 (exact), location-reach 1 (the activity happens there).
LOCATION_CLASS_ADMINISTRATIVE = "1"
FEATURE_REGION, FEATURE_KOMMUN = "ADM1", "ADM2"
RECIPIENT_COUNTRY = "SE"

# DocumentCategory A12: activity web page.
DOCUMENT_ACTIVITY_WEB_PAGE = "A12"


def organisation_identifier(org_number: str) -> str:
    """SE-ON-212000-0142 for organisationsnummer 212000-0142 (org-id.guide list SE-ON)."""
    return f"{ORGANISATION_ID_PREFIX}-{org_number}"


def activity_identifier(org_number: str, pilot_pk: int) -> str:
    """The lead organisation's identifier, then PP and the pilot's permanent number."""
    return f"{organisation_identifier(org_number)}-{ACTIVITY_ID_INFIX}{pilot_pk}"


def sectors_for(health_area: str) -> list[tuple[str, int]]:
    return SECTORS.get(health_area, DEFAULT_SECTORS)
