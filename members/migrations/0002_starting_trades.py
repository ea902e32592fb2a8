from django.db import migrations
from django.utils.text import slugify

# The trades the community starts with (see PRODUCT.md); administrators extend the list.
STARTING_TRADES = [
    "Rédacteur web", "Rédacteur SEO", "Copywriter", "Traducteur", "Correcteur / relecteur",
    "Community manager", "Graphiste", "Webdesigner", "Développeur web", "Consultant SEO",
    "UX designer", "Photographe", "Vidéaste", "Assistant virtuel", "Formateur",
    "Chef de projet digital",
]


def create_trades(apps, schema_editor):
    Trade = apps.get_model("members", "Trade")
    for position, name in enumerate(STARTING_TRADES):
        Trade.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(create_trades, migrations.RunPython.noop)]
