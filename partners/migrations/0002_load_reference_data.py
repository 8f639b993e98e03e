from django.db import migrations


def load(apps, schema_editor):
    from partners.reference_data import load_reference_data

    load_reference_data(apps.get_model("partners", "Region"), apps.get_model("partners", "Kommun"))


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
