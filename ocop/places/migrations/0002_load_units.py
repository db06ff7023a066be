from django.db import migrations


def load(apps, schema_editor):
    from ocop.places.loading import load_current_units, load_legacy_districts

    Commune = apps.get_model("places", "Commune")
    load_current_units(apps.get_model("places", "Province"), Commune)
    load_legacy_districts(apps.get_model("places", "LegacyDistrict"), Commune)


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
