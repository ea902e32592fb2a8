from django.db import migrations


def create_events_board(apps, schema_editor):
    Category = apps.get_model("forums", "Category")
    Category.objects.get_or_create(
        slug="evenements",
        defaults={
            "name": "Événements",
            "description": "Les discussions autour des afterworks, ChocoSkypes, ateliers et "
            "journées coworking : questions, covoiturage, qui apporte quoi.",
            "position": 90,
            "members_only": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("forums", "0004_french_search")]

    operations = [migrations.RunPython(create_events_board, migrations.RunPython.noop)]
