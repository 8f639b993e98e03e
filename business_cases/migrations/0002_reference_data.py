"""The default discount-rate schedule and the illustrative unit-cost library, on a new database.

pilots 0004 seeded them before business cases had their own app; a database that ran it has a
schedule (schedules are never deleted), so this seeds only where there is none and never brings
back a unit cost the coordinator removed."""

from django.db import migrations


def seed(apps, schema_editor):
    from business_cases.reference_data import seed_reference

    DiscountRateSchedule = apps.get_model("business_cases", "DiscountRateSchedule")
    if DiscountRateSchedule.objects.exists():
        return
    seed_reference(DiscountRateSchedule, apps.get_model("business_cases", "UnitCost"))


class Migration(migrations.Migration):
    dependencies = [("business_cases", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
