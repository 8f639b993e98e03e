"""Formerly seeded the business-case reference data; that moved with the models to
business_cases (its 0002 seeds a new database), so pilots never imports business_cases."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pilots", "0003_business_case")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
