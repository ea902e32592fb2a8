from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """Regions of France, as members and events are placed in them, plus working remotely."""

    AUVERGNE_RHONE_ALPES = "ara", "Auvergne-Rhône-Alpes"
    BOURGOGNE_FRANCHE_COMTE = "bfc", "Bourgogne-Franche-Comté"
    BRETAGNE = "bre", "Bretagne"
    CENTRE_VAL_DE_LOIRE = "cvl", "Centre-Val de Loire"
    CORSE = "cor", "Corse"
    GRAND_EST = "ges", "Grand Est"
    HAUTS_DE_FRANCE = "hdf", "Hauts-de-France"
    ILE_DE_FRANCE = "idf", "Île-de-France"
    NORMANDIE = "nor", "Normandie"
    NOUVELLE_AQUITAINE = "naq", "Nouvelle-Aquitaine"
    OCCITANIE = "occ", "Occitanie"
    PAYS_DE_LA_LOIRE = "pdl", "Pays de la Loire"
    PROVENCE_ALPES_COTE_D_AZUR = "pac", "Provence-Alpes-Côte d’Azur"
    GUADELOUPE = "gua", "Guadeloupe"
    MARTINIQUE = "mtq", "Martinique"
    GUYANE = "guf", "Guyane"
    LA_REUNION = "reu", "La Réunion"
    MAYOTTE = "myt", "Mayotte"
    REMOTE = "remote", _("Remote / international")
