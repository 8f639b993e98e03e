"""Vocabulary for the demo pilots (pilots/demo.py): indicators, themes, lessons, distributions.

Every name and figure here is invented for the demo.
"""

from dataclasses import dataclass

from pilots.models import (
    Cadence,
    EvaluationDesign,
    LessonKind,
    Measure,
    PilotStatus,
    ProgressStatus,
    ReportStatus,
    SystemDimension,
    Visibility,
)

SEED = 20250601
PILOT_COUNT = 150
DEMO_NOTE = "Demo: piloten och alla siffror är påhittade."

# name: (definition, unit, measure, direction)
LIBRARY = {
    "Antal deltagare i insatsen": (
        "Antal personer som deltagit minst en gång under perioden.",
        "personer",
        Measure.NUMBER,
        "higher",
    ),
    "Andel som fullföljt insatsen": (
        "Andel av de som påbörjat insatsen som fullföljt den.",
        "%",
        Measure.PERCENT,
        "higher",
    ),
    "Andel med risk för undernäring": (
        "Andel bedömda med MNA-SF som har risk för undernäring.",
        "%",
        Measure.PERCENT,
        "lower",
    ),
    "Fallolyckor som krävt vård": (
        "Antal fallolyckor bland deltagarna som lett till vårdkontakt.",
        "händelser",
        Measure.NUMBER,
        "lower",
    ),
    "Andel elever med gott psykiskt välbefinnande": (
        "Andel elever som i enkät svarar att de mår bra eller mycket bra.",
        "%",
        Measure.PERCENT,
        "higher",
    ),
    "Andel som upplever ofrivillig ensamhet": (
        "Andel deltagare som ofta eller alltid känner sig ensamma.",
        "%",
        Measure.PERCENT,
        "lower",
    ),
    "Andel dagligrökare": ("Andel i målgruppen som röker dagligen.", "%", Measure.PERCENT, "lower"),
    "Sjukfrånvaro i procent av arbetstid": (
        "Sjukfrånvaro i procent av ordinarie arbetstid.",
        "%",
        Measure.PERCENT,
        "lower",
    ),
    "Minuter fysisk aktivitet per dag": (
        "Genomsnittligt antal minuter måttlig eller hög fysisk aktivitet per dag.",
        "minuter",
        Measure.NUMBER,
        "higher",
    ),
    "Andel barn utan karies": (
        "Andel undersökta barn utan kariesskador.",
        "%",
        Measure.PERCENT,
        "higher",
    ),
    "Deltagarnas upplevelse": (
        "Deltagarnas egna ord om insatsen, sammanfattat per period.",
        "",
        Measure.QUALITATIVE,
        "neutral",
    ),
}


@dataclass(frozen=True)
class Theme:
    brand: str
    tagline: str
    health_area: str
    life_stage: str
    arena: str
    indicator: str
    baseline: tuple[int, int]  # range of the baseline of the theme's indicator
    change: float  # relative change aimed for (negative = lower is better)


THEMES = [
    Theme(
        "Matglad",
        "måltidsstöd mot undernäring i hemtjänsten",
        "undernaring",
        "aldre",
        "aldreomsorg",
        "Andel med risk för undernäring",
        (25, 40),
        -0.3,
    ),
    Theme(
        "Stå stadigt",
        "balansträning mot fallolyckor",
        "fall_skador",
        "aldre",
        "aldreomsorg",
        "Fallolyckor som krävt vård",
        (20, 60),
        -0.35,
    ),
    Theme(
        "Fikavänner",
        "träffpunkter mot ofrivillig ensamhet",
        "ensamhet",
        "aldre",
        "forening",
        "Andel som upplever ofrivillig ensamhet",
        (30, 45),
        -0.25,
    ),
    Theme(
        "Må bra i skolan",
        "elevhälsans tidiga stöd",
        "psykisk_ohalsa",
        "barn_unga",
        "skola",
        "Andel elever med gott psykiskt välbefinnande",
        (55, 70),
        0.15,
    ),
    Theme(
        "Rörelserikt",
        "daglig rörelse under skoldagen",
        "fysisk_aktivitet",
        "barn_unga",
        "skola",
        "Minuter fysisk aktivitet per dag",
        (35, 50),
        0.3,
    ),
    Theme(
        "Familjelyftet",
        "hälsosamma levnadsvanor via barnhälsovården",
        "fetma",
        "barn_unga",
        "bvc",
        "Andel som fullföljt insatsen",
        (40, 60),
        0.3,
    ),
    Theme(
        "Rökfri generation",
        "tobaksprevention på ungdomsmottagningen",
        "tobak_alkohol",
        "barn_unga",
        "ungdomsmottagning",
        "Andel dagligrökare",
        (8, 14),
        -0.4,
    ),
    Theme(
        "Friskt jobb",
        "tidiga insatser mot sjukskrivning",
        "sjukfranvaro",
        "arbetsfor_alder",
        "arbetsplats",
        "Sjukfrånvaro i procent av arbetstid",
        (6, 9),
        -0.2,
    ),
    Theme(
        "Hjärtkoll",
        "hälsosamtal i primärvården",
        "kronisk_sjukdom",
        "arbetsfor_alder",
        "primarvard",
        "Andel som fullföljt insatsen",
        (45, 60),
        0.25,
    ),
    Theme(
        "Friska tänder",
        "tandborstskola och fluorlack",
        "tandhalsa",
        "barn_unga",
        "folktandvard",
        "Andel barn utan karies",
        (60, 75),
        0.12,
    ),
    Theme(
        "Grönt på tallriken",
        "bättre matvanor i bostadsområdet",
        "matvanor",
        "alla",
        "samhalle",
        "Andel som fullföljt insatsen",
        (30, 50),
        0.35,
    ),
    Theme(
        "Spela lagom",
        "förebyggande arbete mot spelproblem",
        "narkotika_spel",
        "arbetsfor_alder",
        "socialtjanst",
        "Andel som fullföljt insatsen",
        (35, 55),
        0.3,
    ),
    Theme(
        "Livslust",
        "tidig upptäckt av nedstämdhet hos äldre",
        "psykisk_ohalsa",
        "aldre",
        "primarvard",
        "Andel som upplever ofrivillig ensamhet",
        (25, 40),
        -0.2,
    ),
    Theme(
        "FaR på apoteket",
        "fysisk aktivitet på recept via apoteket",
        "fysisk_aktivitet",
        "arbetsfor_alder",
        "apotek",
        "Minuter fysisk aktivitet per dag",
        (15, 25),
        0.5,
    ),
    Theme(
        "Chatta med oss",
        "digitalt samtalsstöd för unga",
        "psykisk_ohalsa",
        "barn_unga",
        "digitalt",
        "Andel elever med gott psykiskt välbefinnande",
        (50, 65),
        0.12,
    ),
    Theme(
        "Trygg start",
        "alkoholfri graviditet i mödrahälsovården",
        "tobak_alkohol",
        "arbetsfor_alder",
        "modravard",
        "Andel som fullföljt insatsen",
        (50, 70),
        0.2,
    ),
    Theme(
        "Utelek",
        "mer rörelse och utevistelse i förskolan",
        "fysisk_aktivitet",
        "barn_unga",
        "forskola",
        "Minuter fysisk aktivitet per dag",
        (40, 60),
        0.25,
    ),
    Theme(
        "Seniorkraft",
        "styrketräning i föreningslivet",
        "fall_skador",
        "aldre",
        "forening",
        "Fallolyckor som krävt vård",
        (15, 40),
        -0.3,
    ),
]

SUMMARY = (
    "{brand} testar {tagline} i {place}. {lead} leder arbetet tillsammans med {partners}. "
    "Målgruppen är {who}, och piloten följs upp med {design} mot ett utgångsvärde. {note}"
)
WHO = {
    "aldre": "äldre personer",
    "barn_unga": "barn och unga",
    "arbetsfor_alder": "vuxna i arbetsför ålder",
    "alla": "boende i alla åldrar",
}
NARRATIVES = {
    ProgressStatus.ON_TRACK: "Aktiviteterna genomfördes enligt plan och deltagandet ökade.",
    ProgressStatus.AT_RISK: "Personalomsättning försenade delar av perioden; vi har tagit in extra stöd.",  # noqa: E501
    ProgressStatus.OFF_TRACK: "Rekryteringen av deltagare gick trögt och vi har ändrat arbetssättet.",  # noqa: E501
}
LESSONS = [
    (
        LessonKind.SUCCESS_FACTOR,
        SystemDimension.CULTURE,
        "Chefer som går före",
        "När första linjens chefer deltog själva fick personalen tid och mandat att prioritera arbetet.",  # noqa: E501
    ),
    (
        LessonKind.BOTTLENECK,
        SystemDimension.POLICY,
        "Sekretess mellan huvudmän",
        "Uppgifter kunde inte delas mellan kommun och region utan samtycke, vilket försenade uppföljningen.",  # noqa: E501
    ),
    (
        LessonKind.ADVICE,
        SystemDimension.INFRASTRUCTURE,
        "Boka lokaler tidigt",
        "Träffpunkterna fungerade bäst i lokaler deltagarna redan kände till; boka dem ett halvår i förväg.",  # noqa: E501
    ),
    (
        LessonKind.BOTTLENECK,
        SystemDimension.BUSINESS_MODELS,
        "Vinsten hamnar hos någon annan",
        "Kommunen bär kostnaden medan regionen får minskade vårdkostnader; en gemensam budget behövs.",  # noqa: E501
    ),
    (
        LessonKind.SUCCESS_FACTOR,
        SystemDimension.TECHNOLOGY,
        "Enkelt digitalt stöd",
        "En enkel påminnelse via sms höjde andelen som fullföljde insatsen.",
    ),
    (
        LessonKind.ADVICE,
        SystemDimension.CULTURE,
        "Låt målgruppen vara med",
        "Involvera deltagarna i utformningen från början; det ökade både deltagande och förtroende.",  # noqa: E501
    ),
    (
        LessonKind.SUCCESS_FACTOR,
        SystemDimension.BUSINESS_MODELS,
        "Delad finansiering",
        "Ett avtal om delad finansiering mellan kommun och region gjorde det möjligt att fortsätta efter piloten.",  # noqa: E501
    ),
    (
        LessonKind.ADVICE,
        SystemDimension.POLICY,
        "Förankra i politiken",
        "Ett tidigt beslut i nämnden gav arbetet legitimitet när prioriteringar ställdes mot varandra.",  # noqa: E501
    ),
    (
        LessonKind.BOTTLENECK,
        SystemDimension.TECHNOLOGY,
        "Journalsystemen pratar inte",
        "Data fick föras över för hand mellan systemen, vilket tog tid från själva insatsen.",
    ),
    (
        LessonKind.SUCCESS_FACTOR,
        SystemDimension.INFRASTRUCTURE,
        "Befintliga mötesplatser",
        "Att använda befintliga mötesplatser som bibliotek och träffpunkter sänkte trösklarna.",
    ),
]
EXTRA_KOMMUNER = [
    "0180",
    "0114",
    "0380",
    "0480",
    "0580",
    "0680",
    "0780",
    "0880",
    "0980",
    "1080",
    "1280",
    "1281",
    "1480",
    "1490",
    "1780",
    "1880",
    "1980",
    "2080",
    "2180",
    "2281",
    "2380",
    "2480",
    "2580",
    "2584",
    "0127",
    "0683",
    "1380",
    "1282",
    "1484",
    "2161",
]
STATUSES = (
    [PilotStatus.ACTIVE] * 14
    + [PilotStatus.COMPLETED] * 3
    + [PilotStatus.DRAFT] * 2
    + [PilotStatus.STOPPED]
)
VISIBILITIES = [Visibility.PUBLIC] * 15 + [Visibility.PARTNERSHIP] * 3 + [Visibility.PRIVATE] * 2
CADENCES = [Cadence.QUARTER] * 6 + [Cadence.TERTIAL] * 2 + [Cadence.HALF_YEAR] * 2 + [Cadence.MONTH]
DESIGNS = [
    EvaluationDesign.BEFORE_AFTER,
    EvaluationDesign.COMPARISON_GROUP,
    EvaluationDesign.STEPPED_WEDGE,
    EvaluationDesign.TIME_SERIES,
    EvaluationDesign.RCT,
]
# The last reported periods cycle through these so every workflow state is well represented.
OPEN_STATES = [
    (ReportStatus.SUBMITTED,),
    (ReportStatus.DRAFT,),
    (ReportStatus.RETURNED,),
    (ReportStatus.APPROVED,),
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED),
    (ReportStatus.SUBMITTED, ReportStatus.DRAFT),
]


# Validation rules of the library seeded with the demo (docs/data-quality.md): name, left,
# operator, right, message, severity. A rule whose indicators are missing is left out.
DEMO_RULES = [
    (
        "Deltagare: kvinnor och män är totalt",
        "{Antal deltagare som nåtts av insatsen|K} + {Antal deltagare som nåtts av insatsen|M}",
        "=",
        "{Antal deltagare som nåtts av insatsen}",
        "Kvinnor plus män ska vara lika med totalt. Rätta någon av de tre cellerna.",
        "blocking",
    ),
    (
        "FaR: kvinnor och män är totalt",
        "{Antal förskrivningar av fysisk aktivitet på recept (FaR)|K}"
        " + {Antal förskrivningar av fysisk aktivitet på recept (FaR)|M}",
        "=",
        "{Antal förskrivningar av fysisk aktivitet på recept (FaR)}",
        "Kvinnor plus män ska vara lika med totalt.",
        "blocking",
    ),
    (
        "Deltagare högst befolkningen",
        "{Antal deltagare i insatsen}",
        "<=",
        "folkmängd",
        "Fler deltagare än invånare i pilotens kommuner: kontrollera enheten.",
        "blocking",
    ),
    (
        "Minst en deltagare",
        "{Antal deltagare i insatsen}",
        ">",
        "0",
        "Inga deltagare under perioden – stämmer det? Berätta gärna varför i berättelsen.",
        "warning",
    ),
]
