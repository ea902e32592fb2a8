"""The tags the boards start with: the demo data and the benchmark's board both use them."""

TAGS: tuple[tuple[str, str], ...] = (
    ("TJM", "Taux journalier moyen : le calculer, l’annoncer, le négocier."),
    ("Devis", "Construire, envoyer et relancer un devis."),
    ("URSSAF", "Déclarations, cotisations et échanges avec l’URSSAF."),
    ("TVA", "Franchise en base, seuils, facturation avec ou sans TVA."),
    ("CFE", "Cotisation foncière des entreprises."),
    ("Micro-entreprise", "Le régime micro : plafonds, cotisations, passage au réel."),
    ("Portage", "Portage salarial et coopératives d’activité et d’emploi."),
    ("SEO", "Rédaction et optimisation pour les moteurs de recherche."),
    ("Traduction", "Traduction, localisation et relecture."),
    ("Outils", "Logiciels et services pour travailler mieux."),
    ("Prospection", "Trouver des clients et les garder."),
    ("Malt", "La plateforme Malt : profil, commissions, missions."),
    ("LinkedIn", "Se rendre visible et prospecter sur LinkedIn."),
    ("Facturation", "Factures, mentions obligatoires, retards de paiement."),
    ("Débutant", "Les questions de celles et ceux qui se lancent."),
)

# Their English names and descriptions, for readers of the English site (forums/translation.py).
ENGLISH: dict[str, tuple[str, str]] = {
    "TJM": ("Day rate", "Average day rate (TJM): working it out, announcing it, negotiating it."),
    "Devis": ("Quotes", "Building, sending and following up a quote."),
    "URSSAF": ("URSSAF", "Declarations, contributions and dealings with the URSSAF."),
    "TVA": ("VAT", "VAT exemption threshold, invoicing with or without VAT."),
    "CFE": ("CFE", "The business property contribution (cotisation foncière des entreprises)."),
    "Micro-entreprise": (
        "Micro-enterprise",
        "The micro regime: ceilings, contributions, moving to the real regime.",
    ),
    "Portage": ("Umbrella companies", "Portage salarial and business and employment cooperatives."),
    "SEO": ("SEO", "Writing and optimising for search engines."),
    "Traduction": ("Translation", "Translation, localisation and proofreading."),
    "Outils": ("Tools", "Software and services to work better."),
    "Prospection": ("Prospecting", "Finding clients and keeping them."),
    "Malt": ("Malt", "The Malt platform: profile, fees, projects."),
    "LinkedIn": ("LinkedIn", "Being visible and prospecting on LinkedIn."),
    "Facturation": ("Invoicing", "Invoices, mandatory mentions, late payments."),
    "Débutant": ("Getting started", "Questions from those who are just starting out."),
}


def tag_fields(name: str, description: str) -> dict[str, str | None]:
    """A starting tag's names and descriptions in both languages, whatever language is active
    when it is made (a bare ``name=`` would fill the active language's only)."""
    english_name, english_description = ENGLISH.get(name, (None, None))
    return {
        "name": name,
        "name_fr": name,
        "name_en": english_name,
        "description": description,
        "description_fr": description,
        "description_en": english_description,
    }
