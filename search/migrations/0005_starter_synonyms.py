"""A starter list of search synonyms; the coordinator keeps it in the admin (Söksynonymer)."""

from django.db import migrations

STARTER = [
    ("BVC, barnavårdscentral, barnhälsovård", "Förkortning och äldre namn"),
    ("MVC, mödravårdscentral, mödrahälsovård", "Förkortning och äldre namn"),
    ("FaR, fysisk aktivitet på recept", "Förkortning"),
    ("ensamhet, social isolering", "Samma behov"),
    ("sjukskrivning, sjukfrånvaro, sick leave, sickness absence", "Samma mått; engelska"),
    ("undernutrition, malnutrition, undernäring", "Engelska"),
    ("karies, hål i tänderna", "Vardagligt ord"),
    ("övervikt, fetma", "Samma hälsoområde"),
    ("seniorer, pensionärer, äldre personer", "Samma målgrupp"),
    ("motion, fysisk aktivitet", "Vardagligt ord"),
    ("spelberoende, spelproblem", "Samma behov"),
    ("nedstämdhet, depression", "Vardagligt ord"),
]


def add(apps, schema_editor):
    Synonym = apps.get_model("portal_search", "Synonym")
    for terms, note in STARTER:
        Synonym.objects.get_or_create(terms=terms, defaults={"note": note})


def remove(apps, schema_editor):
    Synonym = apps.get_model("portal_search", "Synonym")
    Synonym.objects.filter(terms__in=[terms for terms, _note in STARTER]).delete()


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0004_fields_vocabulary_synonyms")]

    operations = [migrations.RunPython(add, remove)]
