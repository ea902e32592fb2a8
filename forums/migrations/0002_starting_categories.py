from django.db import migrations

# The boards the community starts with (see PRODUCT.md); administrators manage them afterwards.
STARTING_CATEGORIES = [
    ("Tarifs & devis", "tarifs-devis", True,
     "Combien facturer, comment construire un devis, négocier et se faire payer."),
    ("Statut & administratif", "statut-administratif", True,
     "Micro-entreprise, EURL, SASU, portage, URSSAF, TVA, CFE : les questions de statut."),
    ("Prospection & clients", "prospection-clients", False,
     "Trouver des clients, les garder, gérer les situations délicates."),
    ("Astuces & outils", "astuces-outils", False,
     "Outils, méthodes et petites astuces pour travailler mieux."),
    ("Actualités du marché", "actualites-marche", False,
     "Ce qui bouge dans nos métiers : tendances, plateformes, réglementation."),
    ("Présentations", "presentations", False,
     "Nouveau ou nouvelle ? Présentez-vous à la communauté."),
    ("Entraide", "entraide", False,
     "Un coup de main, un avis, un projet à passer : on s’entraide."),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("forums", "Category")
    for position, (name, slug, is_questions, description) in enumerate(STARTING_CATEGORIES):
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "is_questions": is_questions,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("forums", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
