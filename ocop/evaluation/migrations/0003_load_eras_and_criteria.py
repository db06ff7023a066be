from django.db import migrations


def load(apps, schema_editor):
    from ocop.evaluation.loading import load_criteria, load_eras

    load_eras(apps)
    load_criteria(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_rules_and_evidence"),
        ("registry", "0002_load_taxonomies"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
