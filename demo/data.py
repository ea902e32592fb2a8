"""The demo community that `manage.py seed_demo` creates: PRODUCT.md's personas and their peers.

Plain data, no database access: the command decides what to create. Everything is explicit so that
every run and every machine gets the same people; only the dates (events, last activity,
recommendations) follow today, so that the demo always looks alive and has something coming up.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.places import Region
from events.models import Event
from members.models import Availability, LegalStatus

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


# --- Profiles ---------------------------------------------------------------------------------

LINKEDIN, MALT, WEBSITE, PORTFOLIO = "linkedin_url", "malt_url", "website", "portfolio_url"
BUSY, NOT_TAKING = Availability.BUSY, Availability.NOT_TAKING_WORK


@dataclass(frozen=True)
class DemoProfile:
    """What a demo member wrote on their profile; filled once, then theirs to change."""

    bio: str  # Markdown, in the member's voice
    skills: tuple[str, ...]
    years_freelancing: int
    languages: tuple[str, ...]  # codes of members/forms.py SPOKEN_LANGUAGE_CODES
    active_days_ago: int  # last visit, so that “recently active” has an order
    availability: Availability = Availability.AVAILABLE
    open_to_chocoskype: bool = False
    members_only: bool = False
    links: tuple[str, ...] = ()  # which of LINKEDIN, MALT, WEBSITE, PORTFOLIO they filled in
    avatar_palette: int | None = None  # an index in demo_avatars.PALETTES; None: initials only


def profile_links(handle: str, profile: DemoProfile) -> dict[str, str]:
    """Made-up but well-formed addresses; personal sites use the reserved .example TLD."""
    addresses = {
        LINKEDIN: f"https://www.linkedin.com/in/{handle}-demo",
        MALT: f"https://www.malt.fr/profile/{handle.replace('-', '')}demo",
        WEBSITE: f"https://{handle}.example",
        PORTFOLIO: f"https://{handle}.example/portfolio",
    }
    return {field: addresses[field] for field in profile.links}


def last_active_at(member: DemoMember, profile: DemoProfile, today: date) -> datetime:
    """A past day and a time of day that differ from one member to the next."""
    days = member.joined_days_ago
    return datetime.combine(
        today - timedelta(days=profile.active_days_ago),
        time(8 + days % 13, days * 11 % 60),
        tzinfo=PARIS,
    )


P = DemoProfile

PROFILES: dict[str, DemoProfile] = {
    CLAIRE: P(
        "Rédactrice web depuis deux ans, j’écris pour celles et ceux qui font vivre le tourisme : "
        "offices de tourisme, gîtes, campings et agences de voyage.\n\n"
        "Ce que je propose :\n\n"
        "- des articles de blog optimisés pour le SEO, de 800 à 2 000 mots ;\n"
        "- des fiches hébergements et des fiches produits ;\n"
        "- la refonte éditoriale de sites vitrines.\n\n"
        "Je vis à Lyon et je pars volontiers en repérage. Quelques textes récents sur "
        "[mon site](https://claire.example).",
        ("SEO", "tourisme", "fiches produits", "WordPress", "articles de blog"),
        2, ("fr", "en"), 1, open_to_chocoskype=True, links=(LINKEDIN, MALT, WEBSITE),
        avatar_palette=4,
    ),
    KARIM: P(
        "Traducteur anglais → français installé à Montréal, je travaille surtout pour des cabinets "
        "d’avocats et des éditeurs de logiciels canadiens. Je relis aussi des textes écrits "
        "directement en français, du contrat au site web.\n\n"
        "Avec le décalage horaire, un texte envoyé le soir depuis Paris est souvent traduit à "
        "votre réveil. Je parle aussi arabe, ce qui aide pour certains dossiers.",
        ("traduction juridique", "localisation de logiciels", "relecture", "anglais canadien"),
        6, ("fr", "en", "ar"), 2, open_to_chocoskype=True, links=(LINKEDIN, WEBSITE),
        avatar_palette=1,
    ),
    SOPHIE: P(
        "Community manager depuis huit ans, je gère les réseaux de marques lifestyle et "
        "d’associations, et je forme les indépendants à LinkedIn et à Instagram.\n\n"
        "Mes formations sont courtes et pratiques : on y travaille sur **vos** comptes, pas sur "
        "des exemples génériques. Programme et dates sur [mon site](https://sophie.example).",
        ("Instagram", "LinkedIn", "stratégie social media", "Canva", "formation"),
        8, ("fr", "en"), 1, BUSY, links=(LINKEDIN, WEBSITE), avatar_palette=6,
    ),
    "julien-moreau": P(
        "Développeur Python et Django depuis neuf ans, je construis des applications métier : "
        "extranets, outils de gestion, API pour des applications mobiles.\n\n"
        "- Django, PostgreSQL et htmx\n"
        "- tests automatisés et déploiement continu\n"
        "- reprise et modernisation de projets vieillissants\n\n"
        "Peu disponible jusqu’à l’été, mais écrivez-moi pour la suite.",
        ("Django", "Python", "PostgreSQL", "htmx", "API REST"),
        9, ("fr", "en"), 9, BUSY, links=(LINKEDIN, WEBSITE, PORTFOLIO), avatar_palette=3,
    ),
    "camille-durand": P(
        "Graphiste et webdesigner à Nantes, j’aide les artisans à avoir une image à la hauteur de "
        "leur savoir-faire : logo, cartes de visite, enseigne et site vitrine. J’aime partir de "
        "l’atelier, des matières et des outils de mes clients. Mes derniers projets sont dans "
        "[mon portfolio](https://camille-durand.example/portfolio).",
        ("identité visuelle", "logo", "Figma", "print", "site vitrine"),
        5, ("fr",), 3, open_to_chocoskype=True, links=(MALT, PORTFOLIO), avatar_palette=0,
    ),
    "thomas-petit": P(
        "Consultant SEO technique, j’accompagne les boutiques en ligne sous Shopify, PrestaShop "
        "et WooCommerce. Audit, plan d’action priorisé, puis suivi avec vos développeurs : je "
        "préfère dix corrections utiles à un rapport de cent pages. Pour les contenus, je "
        "travaille souvent en binôme avec des rédacteurs du réseau.",
        ("SEO technique", "audit SEO", "Shopify", "PrestaShop", "e-commerce"),
        7, ("fr", "en"), 5, BUSY, links=(LINKEDIN, MALT),
    ),
    "lea-roux": P(
        "Photographe culinaire et corporate, je travaille à Marseille et dans toute la Provence : "
        "cartes de restaurants, produits du terroir, portraits d’équipe pour les sites et "
        "LinkedIn.\n\n"
        "Lumière naturelle autant que possible, stylisme culinaire inclus sur demande. Voir "
        "[mes séries récentes](https://lea-roux.example/portfolio).",
        ("photo culinaire", "portrait corporate", "Lightroom", "stylisme culinaire"),
        10, ("fr", "it"), 14, links=(WEBSITE, PORTFOLIO), avatar_palette=2,
    ),
    "nicolas-fournier": P(
        "Chef de projet digital depuis douze ans, dont sept en agence, je pilote des refontes de "
        "sites de A à Z : cadrage, cahier des charges, choix des prestataires, recette et mise en "
        "ligne.\n\n"
        "Je code encore un peu, ce qui aide à parler le même langage que les développeurs. "
        "J’organise aussi la journée coworking de Toulouse.",
        ("gestion de projet", "refonte de site", "cahier des charges", "méthodes agiles"),
        12, ("fr", "en", "es"), 4, open_to_chocoskype=True, links=(LINKEDIN,),
    ),
    "manon-girard": P(
        "Copywriter pour l’économie sociale et solidaire : associations, coopératives, "
        "entreprises à mission. J’écris des pages de site, des campagnes d’appel aux dons et des "
        "newsletters qui donnent envie d’agir, sans culpabiliser.\n\n"
        "Membre d’une CAE à Rennes, je facture comme une indépendante mais je ne suis pas seule. "
        "Exemples sur [mon site](https://manon-girard.example).",
        ("copywriting", "ESS", "newsletters", "appel aux dons"),
        4, ("fr", "es"), 2, open_to_chocoskype=True, links=(MALT, WEBSITE), avatar_palette=7,
    ),
    "antoine-bonnet": P(
        "Monteur salarié la semaine, je réalise le week-end des vidéos pour des associations et "
        "des petites entreprises alsaciennes : portraits, captations d’événements, formats courts "
        "pour les réseaux. Je ne prends pas de nouveaux projets pour l’instant, mais je suis "
        "toujours partant pour parler montage ou DaVinci Resolve.",
        ("montage vidéo", "DaVinci Resolve", "captation"),
        3, ("fr", "de"), 38, NOT_TAKING, members_only=True, links=(PORTFOLIO,),
    ),
    "ines-mercier": P(
        "Assistante virtuelle, je libère les indépendants de ce qui les épuise :\n\n"
        "- facturation, relances et suivi des paiements ;\n"
        "- gestion de la boîte mail et de l’agenda ;\n"
        "- préparation des déclarations URSSAF.\n\n"
        "Je travaille au forfait mensuel, avec un point hebdomadaire en visio.",
        ("facturation", "gestion d’agenda", "Notion", "administratif"),
        3, ("fr", "es"), 6, open_to_chocoskype=True, links=(MALT,),
    ),
    "hugo-lambert": P(
        "Rédacteur et photographe, je raconte la montagne pour les offices de tourisme, les "
        "marques outdoor et les magazines de randonnée. Je teste moi-même les itinéraires dont je "
        "parle, appareil photo dans le sac. Saison chargée en ce moment : je réponds avec un peu "
        "de retard. Mes reportages sont sur [mon site](https://hugo-lambert.example).",
        ("outdoor", "randonnée", "tourisme", "photo de paysage"),
        4, ("fr", "en", "it"), 21, BUSY, links=(WEBSITE,),
    ),
    "yann-le-goff": P(
        "Traducteur technique depuis quinze ans, je traduis de l’anglais et de l’allemand vers le "
        "français pour la construction navale et l’industrie : manuels, spécifications, consignes "
        "de sécurité.\n\n"
        "Je tiens à jour un glossaire propre à chaque client et je travaille sous SDL Trados. "
        "Brestois, je parle aussi breton, même si on me le demande rarement en traduction !",
        ("traduction technique", "naval", "SDL Trados", "terminologie"),
        15, ("fr", "en", "de", "br"), 11, links=(LINKEDIN,),
    ),
    "nathalie-payet": P(
        "Rédactrice web et community manager à Saint-Denis de La Réunion, j’écris pour les "
        "acteurs du tourisme et les commerces de l’île. Je connais le terrain, les lieux et la "
        "façon de parler aux Réunionnais comme aux visiteurs. Avec le décalage horaire, vos "
        "publications sont prêtes avant votre premier café.",
        ("tourisme", "Facebook", "Instagram", "rédaction web"),
        5, ("fr",), 3, open_to_chocoskype=True, links=(MALT,),
    ),
    "pauline-faure": P(
        "UX designer installée à Lisbonne, je mène des recherches utilisateurs et je conçois des "
        "prototypes pour des start-up et des services publics numériques.\n\n"
        "- entretiens et tests utilisateurs\n"
        "- ateliers de cadrage\n"
        "- prototypes Figma testables\n\n"
        "Je travaille en français, en anglais et en portugais. Quelques études de cas dans "
        "[mon portfolio](https://pauline-faure.example/portfolio).",
        ("recherche utilisateur", "Figma", "prototypage", "tests utilisateurs"),
        6, ("fr", "en", "pt"), 8, BUSY, links=(LINKEDIN, PORTFOLIO), avatar_palette=5,
    ),
    "maxime-dubois": P(
        "Développeur front-end à Bruxelles, je construis des interfaces rapides et accessibles en "
        "JavaScript et React. Je forme aussi des équipes et des personnes en reconversion, en "
        "présentiel ou à distance. L’accessibilité n’est pas une option : elle est dans chaque "
        "devis.",
        ("JavaScript", "React", "accessibilité", "formation"),
        8, ("fr", "en", "nl"), 5, open_to_chocoskype=True, links=(LINKEDIN, WEBSITE),
    ),
    "emma-chevalier": P(
        "Copywriter pour les marques de cosmétiques et de bien-être, j’écris des fiches produits, "
        "des pages de vente et des newsletters qui respectent la réglementation (non, une crème "
        "ne « soigne » pas).\n\n"
        "J’organise aussi l’afterwork parisien de FreelanceHub : venez dire bonjour ! Mon "
        "travail : [emma-chevalier.example](https://emma-chevalier.example).",
        ("cosmétique", "fiches produits", "pages de vente", "newsletters"),
        5, ("fr", "en"), 1, open_to_chocoskype=True, links=(MALT, WEBSITE), avatar_palette=8,
    ),
    "lucas-garnier": P(
        "Consultant SEO local, j’aide les commerces et les artisans lyonnais à apparaître quand "
        "on les cherche près de chez soi : fiche Google Business Profile, avis clients, pages "
        "locales et annuaires. Des résultats concrets en quelques semaines, sans jargon.",
        ("SEO local", "Google Business Profile", "netlinking"),
        3, ("fr",), 12, links=(MALT,),
    ),
    "sarah-benmansour": P(
        "Cheffe de projet digital et UX designer en portage salarial, je suis en mission longue "
        "chez un grand compte jusqu’à la fin de l’année. J’échange avec plaisir sur la gestion de "
        "projet agile, le portage ou la négociation du TJM.",
        ("gestion de projet", "méthodes agiles", "Jira", "ateliers"),
        7, ("fr", "en", "ar"), 27, NOT_TAKING, members_only=True, links=(LINKEDIN,),
    ),
    "mathieu-leroy": P(
        "Rédacteur web spécialisé en finance personnelle : épargne, crédit, retraite, fiscalité "
        "des particuliers. Ancien conseiller bancaire, je vulgarise sans jamais arrondir les "
        "chiffres.\n\n"
        "J’écris pour des blogs de courtiers, des néobanques et des comparateurs. Mes derniers "
        "articles sont sur [mon site](https://mathieu-leroy.example).",
        ("finance personnelle", "vulgarisation", "rédaction SEO"),
        3, ("fr",), 17, links=(WEBSITE,),
    ),
    "chloe-morel": P(
        "Illustratrice et graphiste, je travaille surtout pour l’édition jeunesse : albums, "
        "couvertures, cahiers d’activités. J’aime les couleurs douces et les animaux qui ont du "
        "caractère. Mon planning est plein jusqu’au printemps, mais les demandes pour la suite "
        "sont les bienvenues : voir [mon portfolio](https://chloe-morel.example/portfolio).",
        ("illustration", "édition jeunesse", "Procreate", "couvertures"),
        6, ("fr",), 7, BUSY, open_to_chocoskype=True, links=(PORTFOLIO,), avatar_palette=9,
    ),
    "alexandre-blanc": P(
        "Formateur bureautique, j’aide les TPE et les indépendants à gagner du temps avec Excel, "
        "Notion et les outils no-code comme Airtable ou Zapier.\n\n"
        "Formations courtes, sur vos propres fichiers, en présentiel à Tours ou en visio. Je suis "
        "membre d’une coopérative d’activité et d’emploi.",
        ("Excel", "Notion", "Airtable", "no-code", "formation"),
        4, ("fr",), 10, open_to_chocoskype=True, links=(MALT,),
    ),
    "marie-lopez": P(
        "Correctrice-relectrice depuis onze ans, je relis romans, essais, rapports annuels et "
        "sites web. Orthographe, grammaire, typographie, cohérence : rien ne m’échappe (ou "
        "presque).\n\n"
        "Je travaille avec *Antidote* et beaucoup de café, à Bordeaux.",
        ("correction orthotypographique", "édition", "Antidote", "relecture"),
        11, ("fr", "es"), 4, links=(LINKEDIN, MALT),
    ),
    "romain-andre": P(
        "Cofondateur d’un petit studio web à Nantes : nous sommes trois, une designeuse, un "
        "développeur et moi, entre les deux. Nous faisons des sites WordPress et Symfony sur "
        "mesure pour les PME de la région. Plus d’infos sur "
        "[notre site](https://romain-andre.example).",
        ("WordPress", "Symfony", "webdesign", "gestion de projet"),
        10, ("fr", "en"), 19, BUSY, links=(WEBSITE,),
    ),
    "julie-fontaine": P(
        "Photographe et vidéaste de mariages en Corse, je raconte vos journées en images, des "
        "préparatifs à la dernière danse. Je fais aussi des prises de vues aériennes par drone "
        "(télépilote certifiée). La saison prochaine est presque complète : écrivez-moi tôt !",
        ("mariage", "reportage", "drone", "vidéo"),
        5, ("fr", "it"), 33, BUSY, links=(WEBSITE, PORTFOLIO),
    ),
    "elodie-marchand": P(
        "Rédactrice SEO en agence le jour, je prends quelques missions en freelance le soir et le "
        "week-end : articles de blog, pages catégories, et briefs SEO pour d’autres rédacteurs. "
        "Des délais raisonnables, mais toujours tenus.",
        ("rédaction SEO", "briefs SEO", "articles de blog"),
        2, ("fr", "en"), 6, members_only=True, links=(LINKEDIN,),
    ),
    "quentin-rousseau": P(
        "Webdesigner et développeur WordPress, je crée des sites pour les associations et les "
        "structures de l’économie sociale. Je forme les bénévoles à mettre leur site à jour "
        "eux-mêmes.\n\n"
        "- sites accessibles (RGAA)\n"
        "- hébergement éthique\n"
        "- maintenance à prix doux pour les petites associations",
        ("WordPress", "accessibilité", "associations", "maintenance"),
        6, ("fr",), 9, open_to_chocoskype=True, links=(MALT, WEBSITE),
    ),
    "aurelie-vincent": P(
        "Assistante virtuelle bilingue français-anglais depuis la Martinique, je gère "
        "l’administratif et les réseaux sociaux de plusieurs indépendants en métropole et au "
        "Canada. Le décalage horaire est un atout : vos messages sont traités pendant votre "
        "nuit ! Je parle aussi espagnol.",
        ("administratif", "Instagram", "Canva", "service client"),
        4, ("fr", "en", "es"), 2, open_to_chocoskype=True, links=(LINKEDIN,),
    ),
    "david-nguyen": P(
        "UX designer depuis neuf ans, j’anime des ateliers de conception centrée utilisateur pour "
        "des équipes produit et je forme des designers juniors.\n\n"
        "J’aime quand les développeurs, le marketing et les utilisateurs sont dans la même pièce. "
        "Ressources et retours d’ateliers sur [mon site](https://david-nguyen.example).",
        ("design thinking", "ateliers", "Figma", "recherche utilisateur"),
        9, ("fr", "en"), 15, open_to_chocoskype=True, links=(LINKEDIN, WEBSITE),
    ),
    "laura-fernandes": P(
        "Traductrice portugais → français et copywriter, je vis entre Marseille et Porto. "
        "J’adapte les sites et les campagnes de marques portugaises et brésiliennes pour le "
        "public français, en réécrivant plutôt qu’en traduisant mot à mot.",
        ("traduction", "portugais", "copywriting", "transcréation"),
        3, ("fr", "pt", "en"), 3, open_to_chocoskype=True, links=(MALT,),
    ),
    "benoit-caron": P(
        "Vidéaste spécialisé en motion design, je réalise des vidéos explicatives et des "
        "animations pour les start-up. After Effects, un peu de 3D, et beaucoup de storyboards "
        "avant de toucher à la timeline. Bandes démo dans "
        "[mon portfolio](https://benoit-caron.example/portfolio).",
        ("motion design", "After Effects", "vidéo explicative", "storyboard"),
        2, ("fr", "en"), 8, links=(PORTFOLIO,),
    ),
    "amandine-perrin": P(
        "Tout juste lancée en micro-entreprise, j’écris sur la santé et le bien-être après dix "
        "ans comme infirmière. Je cherche mes premiers clients et je serais ravie d’échanger avec "
        "des rédactrices et rédacteurs plus expérimentés : proposez-moi un ChocoSkype !",
        ("santé", "bien-être", "articles de blog"),
        0, ("fr",), 1, open_to_chocoskype=True,
    ),
}  # fmt: skip


# --- Recommendations --------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoRecommendation:
    """One member vouching for another, for one of the recipient's trades."""

    author: str  # handles
    recipient: str
    trade: str  # a Trade slug, one of the recipient's
    days_ago: int  # when it was written; after both joined
    text: str
    is_hidden: bool = False  # hidden by the recipient from their profile


def written_at(recommendation: DemoRecommendation, today: date) -> datetime:
    days = recommendation.days_ago
    return datetime.combine(
        today - timedelta(days=days), time(10 + days % 9, days * 13 % 60), tzinfo=PARIS
    )


D = DemoRecommendation

RECOMMENDATIONS: tuple[DemoRecommendation, ...] = (
    # Claire, the persona: four shown, and one she hid because it talks about the bar, not work.
    D("nicolas-fournier", CLAIRE, "redacteur-seo", 210,
      "Claire a rédigé les 40 fiches hébergements du nouveau site d’un office de tourisme que je "
      "pilotais : dans les temps, avec un vrai sens du SEO, et les élus ont tout validé sans une "
      "retouche. Je la rappelle dès le prochain projet."),
    D("hugo-lambert", CLAIRE, "redacteur-web", 150,
      "Nous avons écrit à quatre mains un guide des randonnées autour du lac d’Annecy. Claire "
      "structure ses textes comme personne et respecte les briefs à la virgule près. Une "
      "collaboration à refaire !"),
    D("thomas-petit", CLAIRE, "redacteur-seo", 64,
      "Je lui envoie mes clients e-commerce qui ont besoin de contenus : ses articles se "
      "positionnent vite, et elle comprend vraiment ce qu’est une intention de recherche. Rare "
      "et précieux."),
    D(KARIM, CLAIRE, "redacteur-web", 23,
      "Claire relit mes traductions de brochures touristiques destinées au marché français. Elle "
      "repère tout ce qui sonne « traduit » et propose toujours une tournure plus naturelle."),
    D("lucas-garnier", CLAIRE, "redacteur-web", 41,
      "Toujours partante pour un verre après l’afterwork, et de très bon conseil pour choisir un "
      "bar à Lyon ! Bonne plume, en plus de ça.", is_hidden=True),
    D(CLAIRE, KARIM, "traducteur", 120,
      "Karim a traduit en anglais les pages « séjours » d’un client québécois pour qui "
      "j’écrivais. Traduction fluide, délais tenus malgré le décalage horaire, et il a pensé à "
      "adapter les expressions au public canadien."),
    D("marie-lopez", KARIM, "correcteur-relecteur", 88,
      "Nous nous échangeons régulièrement des relectures. Karim est d’une rigueur rare sur la "
      "typographie française, même en vivant de l’autre côté de l’Atlantique."),
    D("yann-le-goff", KARIM, "traducteur", 35,
      "Je lui ai confié un dossier juridique trop volumineux pour moi seul : glossaire respecté, "
      "questions précises posées au bon moment, rendu impeccable. Je recommande sans hésiter."),
    D(CLAIRE, SOPHIE, "formateur", 300,
      "La formation LinkedIn de Sophie m’a apporté deux clients en trois mois. Concrète, "
      "bienveillante, avec des exercices sur nos propres profils : exactement ce qu’il me "
      "fallait pour me lancer."),
    D("amandine-perrin", SOPHIE, "formateur", 5,
      "Son atelier « bien démarrer en micro-entreprise » m’a évité bien des erreurs : URSSAF, "
      "TVA, CFE… tout est enfin clair. Merci Sophie !"),
    D("ines-mercier", SOPHIE, "community-manager", 76,
      "Sophie gère depuis un an les réseaux d’une cliente que nous avons en commun : calendrier "
      "éditorial toujours prêt à l’avance, et un bilan clair chaque mois."),
    D("romain-andre", "julien-moreau", "developpeur-web", 95,
      "Julien a développé en Django l’extranet d’un de nos clients. Code propre, testé et "
      "documenté : la reprise en maintenance par notre studio a été un plaisir."),
    D("nicolas-fournier", "julien-moreau", "developpeur-web", 260,
      "Mon développeur back-end de confiance pour les projets sur mesure. Il sait dire quand une "
      "demande est une mauvaise idée, et il propose mieux."),
    D("lea-roux", "camille-durand", "graphiste", 180,
      "Camille a créé l’identité visuelle de mon activité : logo, cartes de visite, modèles pour "
      "Instagram. À l’écoute, force de proposition, et des fichiers livrés dans tous les formats."),
    D("quentin-rousseau", "camille-durand", "webdesigner", 47,
      "Je lui confie mes maquettes quand je suis débordé : ses fichiers Figma sont propres, bien "
      "nommés et faciles à intégrer."),
    D(CLAIRE, "thomas-petit", "consultant-seo", 130,
      "Thomas a audité le site d’un de mes clients hôteliers : rapport clair, priorités chiffrées, "
      "et il prend le temps d’expliquer. Le trafic organique a doublé en six mois."),
    D("emma-chevalier", "lea-roux", "photographe", 70,
      "Léa a photographié la nouvelle gamme d’une de mes clientes : lumière naturelle, stylisme "
      "soigné, et des images livrées en deux formats pour le site et les réseaux."),
    D("sarah-benmansour", "nicolas-fournier", "chef-de-projet-digital", 200,
      "Nicolas a repris au pied levé une refonte qui avait trois mois de retard. Planning "
      "réaliste, comités apaisés, et une mise en ligne à la date annoncée."),
    D(SOPHIE, "manon-girard", "copywriter", 55,
      "Manon a écrit la campagne d’appel aux dons d’une association que j’accompagne : des "
      "textes sincères, sans pathos, et un objectif de collecte dépassé."),
    D("mathieu-leroy", "marie-lopez", "correcteur-relecteur", 100,
      "Marie relit tous mes articles de finance avant publication. Elle traque les coquilles, "
      "mais aussi les chiffres incohérents : une vraie seconde paire d’yeux."),
    D("alexandre-blanc", "ines-mercier", "assistant-virtuel", 140,
      "Inès a repris en main ma facturation et mes relances : je ne cours plus après les "
      "paiements et je récupère une demi-journée par semaine."),
    D("maxime-dubois", "pauline-faure", "ux-designer", 110,
      "Pauline a mené les entretiens utilisateurs d’une application que je développais. Ses "
      "recommandations nous ont évité deux mois de développement inutile."),
    D("david-nguyen", "sarah-benmansour", "ux-designer", 90,
      "Sarah anime des ateliers de co-conception avec une énergie communicative : même les "
      "équipes les plus sceptiques en ressortent avec des idées et l’envie de tester."),
    D("camille-durand", "quentin-rousseau", "webdesigner", 60,
      "Quentin a intégré sous WordPress les maquettes que j’avais dessinées pour une association "
      "nantaise : fidèle au pixel près, accessible, et il a formé les bénévoles à la mise à jour "
      "du site."),
    D("chloe-morel", "benoit-caron", "videaste", 20,
      "Benoît a animé mes illustrations pour la bande-annonce d’un album jeunesse. Le résultat "
      "est magique, et il a respecté mon trait sans le dénaturer."),
    D("laura-fernandes", "emma-chevalier", "copywriter", 45,
      "Nous avons adapté ensemble le site d’une marque portugaise de cosmétiques : Emma a "
      "transformé mes traductions en vrais textes de marque, dans le respect de la "
      "réglementation française."),
    D("nathalie-payet", "aurelie-vincent", "community-manager", 80,
      "Entre îles, on se comprend ! Aurélie m’a remplacée pendant mon congé maternité sur les "
      "réseaux de deux clients : ton respecté, communauté chouchoutée, rien à redire."),
    D("julie-fontaine", "hugo-lambert", "photographe", 115,
      "Hugo m’a prêté main-forte pour un mariage en altitude : il connaît la lumière de montagne "
      "mieux que personne, et les mariés ont adoré ses photos de groupe au sommet."),
)  # fmt: skip


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
