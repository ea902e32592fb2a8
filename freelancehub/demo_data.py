"""The demo community that `manage.py seed_demo` creates: PRODUCT.md's personas and their peers.

Plain data, no database access: the command decides what to create. Everything is explicit so that
every run and every machine gets the same people; only the events' dates follow today, so that the
demo always has something coming up.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from events.models import Event
from freelancehub.places import Region
from members.models import LegalStatus

DEMO_PASSWORD = "demo-freelancehub"  # noqa: S105 -- printed by `make run` on purpose
DEMO_EMAIL_DOMAIN = "demo.freelancehub.fr"
PARIS = ZoneInfo("Europe/Paris")

CLAIRE = "claire"
KARIM = "karim"
SOPHIE = "sophie"
MODERATORS = {SOPHIE}


@dataclass(frozen=True)
class DemoMember:
    handle: str
    display_name: str
    headline: str
    trades: tuple[str, ...]  # Trade slugs, from members/migrations/0002_starting_trades.py
    legal_status: LegalStatus
    city: str
    region: Region
    joined_days_ago: int
    language: str = "fr"
    timezone: str = "Europe/Paris"

    @property
    def email(self) -> str:
        return f"{self.handle}@{DEMO_EMAIL_DOMAIN}"


# Short names keep each member on two lines, so the whole community reads as one table.
M = DemoMember
S = LegalStatus
R = Region

MEMBERS: tuple[DemoMember, ...] = (
    # The personas of PRODUCT.md.
    M(CLAIRE, "Claire Martin", "Rédactrice web et SEO spécialisée tourisme",
      ("redacteur-web", "redacteur-seo"), S.MICRO_ENTREPRISE, "Lyon", R.AUVERGNE_RHONE_ALPES, 640),
    M(KARIM, "Karim Benali", "Traducteur anglais-français et relecteur pour des clients canadiens",
      ("traducteur", "correcteur-relecteur"), S.PORTAGE, "Montréal", R.REMOTE, 590,
      language="en", timezone="America/Toronto"),
    M(SOPHIE, "Sophie Lefèvre", "Community manager et formatrice réseaux sociaux",
      ("community-manager", "formateur"), S.SASU, "Paris", R.ILE_DE_FRANCE, 725),
    # Their peers, across trades, statuses and places.
    M("julien-moreau", "Julien Moreau", "Développeur Django, sites et applications métier",
      ("developpeur-web",), S.EURL, "Bordeaux", R.NOUVELLE_AQUITAINE, 702),
    M("camille-durand", "Camille Durand", "Graphiste et webdesigner pour les artisans",
      ("graphiste", "webdesigner"), S.MICRO_ENTREPRISE, "Nantes", R.PAYS_DE_LA_LOIRE, 688),
    M("thomas-petit", "Thomas Petit", "Consultant SEO technique pour le e-commerce",
      ("consultant-seo", "redacteur-seo"), S.ENTREPRISE_INDIVIDUELLE, "Lille", R.HAUTS_DE_FRANCE,
      671),
    M("lea-roux", "Léa Roux", "Photographe culinaire et corporate en Provence",
      ("photographe",), S.ARTISTE_AUTEUR, "Marseille", R.PROVENCE_ALPES_COTE_D_AZUR, 655),
    M("nicolas-fournier", "Nicolas Fournier", "Chef de projet digital, refontes de sites",
      ("chef-de-projet-digital", "developpeur-web"), S.SARL_SAS, "Toulouse", R.OCCITANIE, 633),
    M("manon-girard", "Manon Girard", "Copywriter pour l’économie sociale et solidaire",
      ("copywriter", "redacteur-web"), S.CAE, "Rennes", R.BRETAGNE, 612),
    M("antoine-bonnet", "Antoine Bonnet", "Vidéaste le week-end, monteur salarié la semaine",
      ("videaste",), S.SALARIE_FREELANCE, "Strasbourg", R.GRAND_EST, 571),
    M("ines-mercier", "Inès Mercier", "Assistante virtuelle pour indépendants débordés",
      ("assistant-virtuel",), S.MICRO_ENTREPRISE, "Montpellier", R.OCCITANIE, 548),
    M("hugo-lambert", "Hugo Lambert", "Rédacteur outdoor et photographe de montagne",
      ("redacteur-web", "photographe"), S.MICRO_ENTREPRISE, "Annecy", R.AUVERGNE_RHONE_ALPES, 530),
    M("yann-le-goff", "Yann Le Goff", "Traducteur technique anglais et allemand, secteur naval",
      ("traducteur",), S.ENTREPRISE_INDIVIDUELLE, "Brest", R.BRETAGNE, 507),
    M("nathalie-payet", "Nathalie Payet", "Rédactrice web et community manager à La Réunion",
      ("redacteur-web", "community-manager"), S.MICRO_ENTREPRISE, "Saint-Denis", R.LA_REUNION,
      489, timezone="Indian/Reunion"),
    M("pauline-faure", "Pauline Faure", "UX designer : recherche utilisateur et prototypes",
      ("ux-designer",), S.EURL, "Lisbonne", R.REMOTE, 466,
      language="en", timezone="Europe/Lisbon"),
    M("maxime-dubois", "Maxime Dubois", "Développeur front-end et formateur JavaScript",
      ("developpeur-web", "formateur"), S.SASU, "Bruxelles", R.REMOTE, 451,
      timezone="Europe/Brussels"),
    M("emma-chevalier", "Emma Chevalier", "Copywriter pour les marques de cosmétiques",
      ("copywriter",), S.MICRO_ENTREPRISE, "Paris", R.ILE_DE_FRANCE, 433),
    M("lucas-garnier", "Lucas Garnier", "Consultant SEO local pour les commerces lyonnais",
      ("consultant-seo",), S.SASU, "Lyon", R.AUVERGNE_RHONE_ALPES, 410),
    M("sarah-benmansour", "Sarah Benmansour", "Cheffe de projet digital en mission longue",
      ("chef-de-projet-digital", "ux-designer"), S.PORTAGE, "Paris", R.ILE_DE_FRANCE, 392),
    M("mathieu-leroy", "Mathieu Leroy", "Rédacteur web spécialisé finance personnelle",
      ("redacteur-web",), S.MICRO_ENTREPRISE, "Rouen", R.NORMANDIE, 371),
    M("chloe-morel", "Chloé Morel", "Illustratrice et graphiste pour l’édition jeunesse",
      ("graphiste",), S.ARTISTE_AUTEUR, "Dijon", R.BOURGOGNE_FRANCHE_COMTE, 350),
    M("alexandre-blanc", "Alexandre Blanc", "Formateur bureautique et outils no-code",
      ("formateur", "assistant-virtuel"), S.CAE, "Tours", R.CENTRE_VAL_DE_LOIRE, 328),
    M("marie-lopez", "Marie Lopez", "Correctrice-relectrice pour l’édition et le web",
      ("correcteur-relecteur", "redacteur-web"), S.MICRO_ENTREPRISE, "Bordeaux",
      R.NOUVELLE_AQUITAINE, 305),
    M("romain-andre", "Romain André", "Cofondateur d’un petit studio web nantais",
      ("developpeur-web", "chef-de-projet-digital", "webdesigner"), S.SARL_SAS, "Nantes",
      R.PAYS_DE_LA_LOIRE, 281),
    M("julie-fontaine", "Julie Fontaine", "Photographe et vidéaste de mariages en Corse",
      ("photographe", "videaste"), S.MICRO_ENTREPRISE, "Ajaccio", R.CORSE, 254),
    M("elodie-marchand", "Élodie Marchand", "Rédactrice SEO en agence et en freelance le soir",
      ("redacteur-seo",), S.SALARIE_FREELANCE, "Lille", R.HAUTS_DE_FRANCE, 226),
    M("quentin-rousseau", "Quentin Rousseau", "Webdesigner WordPress pour les associations",
      ("webdesigner", "developpeur-web"), S.ENTREPRISE_INDIVIDUELLE, "Grenoble",
      R.AUVERGNE_RHONE_ALPES, 197),
    M("aurelie-vincent", "Aurélie Vincent", "Assistante virtuelle bilingue et community manager",
      ("assistant-virtuel", "community-manager"), S.MICRO_ENTREPRISE, "Fort-de-France",
      R.MARTINIQUE, 163, timezone="America/Martinique"),
    M("david-nguyen", "David Nguyen", "UX designer, ateliers de conception centrée utilisateur",
      ("ux-designer", "formateur"), S.EURL, "Toulouse", R.OCCITANIE, 131),
    M("laura-fernandes", "Laura Fernandes", "Traductrice portugais-français et copywriter",
      ("traducteur", "copywriter"), S.CAE, "Marseille", R.PROVENCE_ALPES_COTE_D_AZUR, 96,
      language="en"),
    M("benoit-caron", "Benoît Caron", "Vidéaste motion design pour les start-up",
      ("videaste", "graphiste"), S.MICRO_ENTREPRISE, "Rennes", R.BRETAGNE, 58),
    M("amandine-perrin", "Amandine Perrin", "Rédactrice web fraîchement lancée, santé et bien-être",
      ("redacteur-web",), S.MICRO_ENTREPRISE, "Paris", R.ILE_DE_FRANCE, 12),
)  # fmt: skip


def joined_at(member: DemoMember, today: date) -> datetime:
    """When a demo member signed up: a morning or afternoon that varies from one to the next."""
    days = member.joined_days_ago
    return datetime.combine(
        today - timedelta(days=days), time(9 + days % 10, days * 7 % 60), tzinfo=PARIS
    )


@dataclass(frozen=True)
class DemoEvent:
    """One event; the demo events are told apart by title and organiser (and order, in a series)."""

    title: str
    kind: Event.Kind
    organiser: str  # a demo member's handle
    starts_at: datetime
    ends_at: datetime
    description: str
    is_online: bool = False
    venue_name: str = ""
    address: str = ""
    city: str = ""
    region: Region | str = ""
    visibility: Event.Visibility = Event.Visibility.PUBLIC
    status: Event.Status = Event.Status.SCHEDULED
    cancellation_reason: str = ""


TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = 1, 2, 3, 4  # date.weekday() numbers


def next_weekday(today: date, weekday: int, weeks_later: int = 0) -> date:
    """The first given weekday strictly after today, plus whole weeks: depends on the date only."""
    days = (weekday - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=days, weeks=weeks_later)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Paris; zoneinfo picks the right offset on either side of DST."""
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


CHOCOSKYPE_TITLE = "ChocoSkype du mardi"
CHOCOSKYPE_DESCRIPTION = (
    "Un chocolat chaud (ou un café, un thé…) en visio, pour une semaine moins solitaire.\n\n"
    "On se répartit en petits groupes de 3 ou 4 : chacun raconte sa semaine, ses victoires et ce "
    "qui coince. Le lien de la visio est envoyé aux inscrits la veille."
)


def demo_events(today: date) -> list[DemoEvent]:
    """The demo events around today: upcoming afterworks, ChocoSkypes, workshops, and some past."""
    thursday = next_weekday(today, THURSDAY)
    wednesday = next_weekday(today, WEDNESDAY)
    tuesdays = [next_weekday(today, TUESDAY, weeks_later=week) for week in range(4)]
    lyon_bistrot = {
        "venue_name": "Le Bistrot des Canuts",
        "address": "12 rue d’Austerlitz, 69004 Lyon",
        "city": "Lyon",
        "region": Region.AUVERGNE_RHONE_ALPES,
    }
    return [
        DemoEvent(
            title="Afterwork des freelances lyonnais",
            kind=Event.Kind.AFTERWORK,
            organiser=CLAIRE,
            starts_at=at(thursday, 19),
            ends_at=at(thursday, 22),
            description=(
                "Rédacteurs, graphistes, développeurs… venez comme vous êtes ! On se retrouve dans "
                "la salle du fond, cherchez le panneau FreelanceHub. Chacun paie ses consommations."
            ),
            **lyon_bistrot,
        ),
        DemoEvent(
            title="Afterwork FreelanceHub Paris",
            kind=Event.Kind.AFTERWORK,
            organiser="emma-chevalier",
            starts_at=at(thursday + timedelta(weeks=1), 19),
            ends_at=at(thursday + timedelta(weeks=1), 22, 30),
            description=(
                "L’apéro pro des indépendants parisiens, au bord du canal. Premier verre offert "
                "aux nouveaux venus sur la plateforme !"
            ),
            venue_name="La Cantine du Canal",
            address="42 quai de Valmy, 75010 Paris",
            city="Paris",
            region=Region.ILE_DE_FRANCE,
        ),
        DemoEvent(
            title="Afterwork des indépendants bordelais",
            kind=Event.Kind.AFTERWORK,
            organiser="julien-moreau",
            starts_at=at(thursday + timedelta(weeks=2), 18, 30),
            ends_at=at(thursday + timedelta(weeks=2), 21, 30),
            description=(
                "Un verre en terrasse sur les quais pour parler clients, tarifs et projets. "
                "Repli à l’intérieur s’il pleut."
            ),
            venue_name="Le Quai des Chartrons",
            address="58 quai des Chartrons, 33000 Bordeaux",
            city="Bordeaux",
            region=Region.NOUVELLE_AQUITAINE,
        ),
        DemoEvent(
            title="Apéro pro nantais",
            kind=Event.Kind.AFTERWORK,
            organiser="camille-durand",
            starts_at=at(wednesday + timedelta(weeks=1), 19),
            ends_at=at(wednesday + timedelta(weeks=1), 22),
            description=(
                "L’apéro mensuel des freelances de Nantes et alentours, sur l’île de Nantes. "
                "Thème du mois : trouver ses premiers clients."
            ),
            venue_name="La Cantine de l’Île",
            address="3 boulevard Léon-Bureau, 44200 Nantes",
            city="Nantes",
            region=Region.PAYS_DE_LA_LOIRE,
        ),
        # A weekly ritual, one row per occurrence until events know how to repeat.
        *(
            DemoEvent(
                title=CHOCOSKYPE_TITLE,
                kind=Event.Kind.CHOCOSKYPE,
                organiser=CLAIRE,
                starts_at=at(tuesday, 9),
                ends_at=at(tuesday, 10),
                description=CHOCOSKYPE_DESCRIPTION,
                is_online=True,
            )
            for tuesday in tuesdays
        ),
        DemoEvent(
            title="Atelier : fixer son TJM",
            kind=Event.Kind.WORKSHOP,
            organiser="sarah-benmansour",
            starts_at=at(wednesday, 14),
            ends_at=at(wednesday, 15, 30),
            description=(
                "Une heure et demie pour calculer son taux journalier moyen à partir de ses "
                "charges, de ses congés et de ses jours non facturés, puis l’annoncer sans "
                "trembler.\n\nApportez vos chiffres de l’an dernier : un tableur modèle est "
                "partagé pendant l’atelier."
            ),
            is_online=True,
        ),
        DemoEvent(
            title="Journée coworking à Toulouse",
            kind=Event.Kind.COWORKING,
            organiser="nicolas-fournier",
            starts_at=at(next_weekday(today, FRIDAY, weeks_later=1), 9),
            ends_at=at(next_weekday(today, FRIDAY, weeks_later=1), 18),
            description=(
                "Une journée à travailler côte à côte, avec un déjeuner partagé à midi et un tour "
                "de table sur nos projets en fin d’après-midi. Places limitées : inscrivez-vous."
            ),
            venue_name="Le Hangar Coworking",
            address="27 rue des Amidonniers, 31000 Toulouse",
            city="Toulouse",
            region=Region.OCCITANIE,
        ),
        DemoEvent(
            title="Apéro entre membres à Marseille",
            kind=Event.Kind.AFTERWORK,
            organiser="lea-roux",
            starts_at=at(next_weekday(today, FRIDAY, weeks_later=1), 18, 30),
            ends_at=at(next_weekday(today, FRIDAY, weeks_later=1), 21),
            description=(
                "Entre membres seulement : on partage nos devis et nos tarifs à cœur ouvert, "
                "autour d’un verre et de quelques panisses."
            ),
            venue_name="Le Comptoir du Panier",
            address="8 rue du Panier, 13002 Marseille",
            city="Marseille",
            region=Region.PROVENCE_ALPES_COTE_D_AZUR,
            visibility=Event.Visibility.MEMBERS,
        ),
        DemoEvent(
            title="Afterwork des freelances lillois",
            kind=Event.Kind.AFTERWORK,
            organiser="thomas-petit",
            starts_at=at(thursday + timedelta(weeks=3), 19),
            ends_at=at(thursday + timedelta(weeks=3), 22),
            description="Rencontre des indépendants du numérique de la métropole lilloise.",
            venue_name="Estaminet du Vieux-Lille",
            address="5 rue de la Monnaie, 59800 Lille",
            city="Lille",
            region=Region.HAUTS_DE_FRANCE,
            status=Event.Status.CANCELLED,
            cancellation_reason="Le bar ferme pour travaux : nous reprogrammons dès que possible.",
        ),
        # Past events, so that the pages show some history.
        DemoEvent(
            title="Apéro des rédacteurs lyonnais",
            kind=Event.Kind.AFTERWORK,
            organiser=CLAIRE,
            starts_at=at(today - timedelta(days=20), 19),
            ends_at=at(today - timedelta(days=20), 22),
            description="Vingt rédacteurs et rédactrices autour d’un verre : à refaire !",
            **lyon_bistrot,
        ),
        DemoEvent(
            title="ChocoSkype spécial prospection",
            kind=Event.Kind.CHOCOSKYPE,
            organiser=KARIM,
            starts_at=at(today - timedelta(days=9), 16),
            ends_at=at(today - timedelta(days=9), 17),
            description=(
                "Un ChocoSkype en petit comité pour échanger nos méthodes de prospection, "
                "du message LinkedIn à la relance de devis."
            ),
            is_online=True,
        ),
        DemoEvent(
            title="Atelier : bien démarrer en micro-entreprise",
            kind=Event.Kind.WORKSHOP,
            organiser=SOPHIE,
            starts_at=at(today - timedelta(days=35), 18),
            ends_at=at(today - timedelta(days=35), 19, 30),
            description=(
                "Déclaration URSSAF, plafonds de chiffre d’affaires, franchise de TVA, CFE : "
                "l’essentiel pour ses premiers mois d’activité."
            ),
            is_online=True,
        ),
    ]
