from django.db import migrations

# Every board and tag keeps its French name and description as the French ones; the starting
# boards (0002, 0005) and tags (forums/starting_tags.py) get English ones. Slugs stay: a board's
# address is the same in both languages.
BOARDS = {
    "tarifs-devis": (
        "Rates & quotes",
        "What to charge, how to build a quote, negotiate and get paid.",
    ),
    "statut-administratif": (
        "Legal status & paperwork",
        "Micro-entreprise, EURL, SASU, umbrella companies, URSSAF, VAT, CFE: questions of status.",
    ),
    "prospection-clients": (
        "Finding & keeping clients",
        "Finding clients, keeping them, handling the awkward moments.",
    ),
    "astuces-outils": ("Tips & tools", "Tools, methods and small tips to work better."),
    "actualites-marche": (
        "Market news",
        "What moves in our trades: trends, platforms, regulation.",
    ),
    "presentations": ("Introductions", "New here? Introduce yourself to the community."),
    "entraide": ("Helping each other", "A hand, an opinion, a project to pass on: we help each other."),
    "evenements": (
        "Events",
        "Talking about the afterworks, ChocoSkypes, workshops and coworking days: questions, "
        "car sharing, who brings what.",
    ),
}
TAGS = {
    "tjm": ("Day rate", "Average day rate (TJM): working it out, announcing it, negotiating it."),
    "devis": ("Quotes", "Building, sending and following up a quote."),
    "urssaf": ("URSSAF", "Declarations, contributions and dealings with the URSSAF."),
    "tva": ("VAT", "VAT exemption threshold, invoicing with or without VAT."),
    "cfe": ("CFE", "The business property contribution (cotisation foncière des entreprises)."),
    "micro-entreprise": (
        "Micro-enterprise",
        "The micro regime: ceilings, contributions, moving to the real regime.",
    ),
    "portage": ("Umbrella companies", "Portage salarial and business and employment cooperatives."),
    "seo": ("SEO", "Writing and optimising for search engines."),
    "traduction": ("Translation", "Translation, localisation and proofreading."),
    "outils": ("Tools", "Software and services to work better."),
    "prospection": ("Prospecting", "Finding clients and keeping them."),
    "malt": ("Malt", "The Malt platform: profile, fees, projects."),
    "linkedin": ("LinkedIn", "Being visible and prospecting on LinkedIn."),
    "facturation": ("Invoicing", "Invoices, mandatory mentions, late payments."),
    "debutant": ("Getting started", "Questions from those who are just starting out."),
}


def name_in_both_languages(apps, schema_editor):
    for model_name, english in (("Category", BOARDS), ("Tag", TAGS)):
        model = apps.get_model("forums", model_name)
        for row in model.objects.all():
            row.name_fr = row.name_fr or row.name
            row.description_fr = row.description_fr or row.description
            if row.slug in english and not row.name_en:
                row.name_en, row.description_en = english[row.slug]
            row.save(update_fields=["name_fr", "name_en", "description_fr", "description_en"])


class Migration(migrations.Migration):
    dependencies = [("forums", "0007_names_in_french_and_english")]

    operations = [migrations.RunPython(name_in_both_languages, migrations.RunPython.noop)]
