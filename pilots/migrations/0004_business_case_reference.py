"""The default discount-rate schedule and an illustrative unit-cost library (business cases)."""

from django.db import migrations


def seed(apps, schema_editor):
    from pilots.business_case_data import seed_reference

    seed_reference(apps.get_model("pilots", "DiscountRateSchedule"), apps.get_model("pilots", "UnitCost"))


class Migration(migrations.Migration):
    dependencies = [("pilots", "0003_business_case")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
