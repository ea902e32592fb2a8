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
