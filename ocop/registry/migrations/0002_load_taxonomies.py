from django.db import migrations


def load(apps, schema_editor):
    from ocop.registry.taxonomy import load_taxonomies

    load_taxonomies(apps.get_model("registry", "Taxonomy"), apps.get_model("registry", "ProductCategory"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
