"""A Swedish relevance set: pilots, lessons and practices with realistic text, and query →
expected top title pairs. `PAIRS` hold on PostgreSQL (the `swedish` configuration) and on
the SQLite fallback alike; `POSTGRES_ONLY` needs real Snowball stemming."""

from learning.factories import PracticeFactory
from pilots.factories import PilotFactory
from tests.search.data import approved_lesson

PILOTS = [
    (
        "Balansträning mot fallolyckor i hemtjänsten",
        "Äldre tränar balans hemma för att undvika fallolyckor.",
        "fall_skador",
        "aldre",
        "aldreomsorg",
    ),
    (
        "Matglädje mot fetman i skolan",
        "Skolmåltiderna ändras för att förebygga fetman hos barn.",
        "fetma",
        "barn_unga",
        "skola",
    ),
    (
        "Rökfria ungdomar",
        "Tobaksprevention med ungdomsledare på fritidsgårdar.",
        "tobak_alkohol",
        "barn_unga",
        "forening",
    ),
    (
        "Nattsömn för skiftarbetare",
        "Sömnskola för anställda med skiftarbete.",
        "sjukfranvaro",
        "arbetsfor_alder",
        "arbetsplats",
    ),
    (
        "Tandborstning på förskolan",
        "Daglig tandborstning med fluortandkräm i förskolans grupper.",
        "tandhalsa",
        "barn_unga",
        "forskola",
    ),
    (
        "Ensamhetsbrytare i bostadsområdet",
        "Träffpunkter mot ensamhet och social isolering bland grannar.",
        "ensamhet",
        "aldre",
        "samhalle",
    ),
    (
        "Nutritionsombud i äldreomsorgen",
        "Undernäring upptäcks tidigt av utbildade ombud på boenden.",
        "undernaring",
        "aldre",
        "aldreomsorg",
    ),
    (
        "Spelberoende bland studenter",
        "Information om spelproblem och hjälp till studenter.",
        "narkotika_spel",
        "arbetsfor_alder",
        "digitalt",
    ),
    (
        "Diabetesskola i primärvården",
        "Gruppträffar om kost och motion för personer med diabetes typ 2.",
        "kronisk_sjukdom",
        "arbetsfor_alder",
        "primarvard",
    ),
    (
        "Föräldrastöd på BVC",
        "Föräldragrupper om sömn och mat för småbarnsföräldrar.",
        "psykisk_ohalsa",
        "barn_unga",
        "bvc",
    ),
    (
        "Cykelpendling till jobbet",
        "Arbetsgivare uppmuntrar cykling med lånecyklar och dusch.",
        "fysisk_aktivitet",
        "arbetsfor_alder",
        "arbetsplats",
    ),
    (
        "Apotekets alkoholsamtal",
        "Farmaceuter samtalar om alkoholvanor vid receptexpediering.",
        "tobak_alkohol",
        "arbetsfor_alder",
        "apotek",
    ),
    (
        "Mödravårdens rökstopp",
        "Gravida erbjuds stöd att sluta röka under graviditeten.",
        "tobak_alkohol",
        "arbetsfor_alder",
        "modravard",
    ),
    (
        "Stresshantering för lärare",
        "Lärarna lär sig hantera stress och förebygga utmattning.",
        "sjukfranvaro",
        "arbetsfor_alder",
        "skola",
    ),
    (
        "Ungdomsmottagningens samtalsgrupper",
        "Samtalsgrupper om ångest och nedstämdhet för tonåringar.",
        "psykisk_ohalsa",
        "barn_unga",
        "ungdomsmottagning",
    ),
    (
        "Vattenträning för seniorer",
        "Simhallen erbjuder vattengympa för pensionärer.",
        "fysisk_aktivitet",
        "aldre",
        "samhalle",
    ),
    (
        "Frukostklubben",
        "Gratis frukost före första lektionen för elever.",
        "matvanor",
        "barn_unga",
        "skola",
    ),
    (
        "Hälsosamtal i socialtjänsten",
        "Socialsekreterare för hälsosamtal med klienter.",
        "annat",
        "arbetsfor_alder",
        "socialtjanst",
    ),
    (
        "Digital träningsdagbok",
        "En app där deltagarna loggar sina promenader och steg.",
        "fysisk_aktivitet",
        "alla",
        "digitalt",
    ),
    (
        "Trygg hemgång efter sjukhusvistelse",
        "Rehabilitering i hemmet efter utskrivning från sjukhuset.",
        "fall_skador",
        "aldre",
        "aldreomsorg",
    ),
    (
        "Läxhjälp och rörelse",
        "Läxhjälp kombineras med lekar och rörelse efter skolan.",
        "fysisk_aktivitet",
        "barn_unga",
        "forening",
    ),
    (
        "Snusfri arbetsplats",
        "Arbetsplatsen blir snusfri med stöd från företagshälsovården.",
        "tobak_alkohol",
        "arbetsfor_alder",
        "arbetsplats",
    ),
    (
        "Kostråd i folktandvården",
        "Tandhygienister ger kostråd om sockervanor till familjer.",
        "tandhalsa",
        "barn_unga",
        "folktandvard",
    ),
    (
        "Grannsamverkan mot droger",
        "Föreningar och polis samverkar mot narkotika i stadsdelen.",
        "narkotika_spel",
        "barn_unga",
        "samhalle",
    ),
    (
        "Seniorernas matlagningskurs",
        "Matlagning i grupp för ensamstående äldre män.",
        "undernaring",
        "aldre",
        "forening",
    ),
    (
        "Psykisk första hjälpen",
        "Utbildning i psykisk första hjälpen för chefer.",
        "psykisk_ohalsa",
        "arbetsfor_alder",
        "arbetsplats",
    ),
]
LESSONS = [
    (
        "Balansträning mot fallolyckor i hemtjänsten",
        "Chefernas förankring avgjorde",
        "Utan cheferna fick personalen ingen tid avsatt för träningen.",
    ),
    (
        "Rökfria ungdomar",
        "Ungdomsledarna var nyckeln",
        "Unga lyssnade mer på jämnåriga ledare än på vuxna.",
    ),
    (
        "Frukostklubben",
        "Matsalspersonalen behövde schemaändring",
        "Frukosten krävde att köket öppnade en timme tidigare.",
    ),
]
PRACTICES = [
    (
        "Balansträning mot fallolyckor i hemtjänsten",
        "Hemmaträning för balans",
        "Ett arbetssätt där hemtjänsten tränar balans med brukarna.",
    ),
    (
        "Tandborstning på förskolan",
        "Fluorborstning i förskolan",
        "Daglig fluorborstning i förskolegrupper.",
    ),
]

PAIRS = [
    ("balansträning", "Balansträning mot fallolyckor i hemtjänsten"),
    ("fallolycka", "Balansträning mot fallolyckor i hemtjänsten"),
    ("fetma", "Matglädje mot fetman i skolan"),
    ("skolmåltider", "Matglädje mot fetman i skolan"),
    ("rökfria", "Rökfria ungdomar"),
    ("nattsömn", "Nattsömn för skiftarbetare"),
    ("skiftarbete", "Nattsömn för skiftarbetare"),
    ("tandborstning förskola", "Tandborstning på förskolan"),
    ("ensamhetsbrytare", "Ensamhetsbrytare i bostadsområdet"),
    ("nutritionsombud", "Nutritionsombud i äldreomsorgen"),
    ("spelberoende", "Spelberoende bland studenter"),
    ("diabetesskola", "Diabetesskola i primärvården"),
    ("föräldrastöd", "Föräldrastöd på BVC"),
    ("cykelpendling", "Cykelpendling till jobbet"),
    ("alkoholsamtal", "Apotekets alkoholsamtal"),
    ("rökstopp", "Mödravårdens rökstopp"),
    ("stresshantering", "Stresshantering för lärare"),
    ("samtalsgrupper", "Ungdomsmottagningens samtalsgrupper"),
    ("vattenträning", "Vattenträning för seniorer"),
    ("frukostklubben", "Frukostklubben"),
    ("hälsosamtal", "Hälsosamtal i socialtjänsten"),
    ("träningsdagbok", "Digital träningsdagbok"),
    ("hemgång", "Trygg hemgång efter sjukhusvistelse"),
    ("läxhjälp", "Läxhjälp och rörelse"),
    ("snusfri", "Snusfri arbetsplats"),
    ("kostråd", "Kostråd i folktandvården"),
    ("grannsamverkan", "Grannsamverkan mot droger"),
    ("matlagningskurs", "Seniorernas matlagningskurs"),
    ("psykisk första hjälpen", "Psykisk första hjälpen"),
    ("chefernas förankring", "Chefernas förankring avgjorde"),
    ("ungdomsledarna", "Ungdomsledarna var nyckeln"),
    ("fluorborstning", "Fluorborstning i förskolan"),
    ("hemmaträning", "Hemmaträning för balans"),
    ("matsalspersonal", "Matsalspersonalen behövde schemaändring"),
]
POSTGRES_ONLY = [
    ("seniorerna vattengympa", "Vattenträning för seniorer"),
    ("tonåringarnas ångest", "Ungdomsmottagningens samtalsgrupper"),
]


def seed():
    """Create the relevance corpus (call `reindex()` afterwards)."""
    pilots = {}
    for title, summary, health_area, life_stage, arena in PILOTS:
        pilots[title] = PilotFactory(
            title=title,
            summary=summary,
            health_area=health_area,
            life_stage=life_stage,
            arena=arena,
        )
    for pilot_title, title, text in LESSONS:
        approved_lesson(pilots[pilot_title], title=title, text=text)
    for pilot_title, title, summary in PRACTICES:
        PracticeFactory(title=title, summary=summary, original_pilot=pilots[pilot_title])
