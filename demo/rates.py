"""The rates observatory's demo, written by `manage.py seed_demo`: the services members report
rates for (per trade, with the forums tags that name them), and a few hundred reports, so that
the observatory shows figures, and cuts by experience, region, status and client type, at once.

The reports come from the demo personas (what they say they charge in the demo discussions) and
from quieter members: freelancers who reported their rates without filling in a profile, so
that no directory card shows them. Everything is drawn by one seeded random generator: every
run and every machine gets the same members and the same amounts; only the dates follow today.

Rates are believable for France today, in euros excluding VAT: a median per service × unit,
moved by experience, region, client type and legal status, spread as real rates are (a few
members charge much more than the rest), and a little lower in earlier years.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from core.places import Region
from demo.data import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, MEMBERS, PARIS, PROFILES
from forums.models import Tag, Topic
from forums.starting_tags import tag_fields
from legal.services import acceptances_record_at_seeding
from members.models import LegalStatus, Member, Trade
from rates.models import ClientSource, ClientType, ExperienceBand, RateReport, Service, Unit

SEED = 15  # the issue that asked for the observatory: any fixed number would do

# --- Tags ---------------------------------------------------------------------------------------

# Topics carrying a service's tag show its figures beside the discussion. Day rates and
# translation reuse the boards' tags ("TJM", "Traduction"); writing gets one of its own, the
# boards' "SEO" being about far more than rates.
WRITING_RATES = "Tarifs rédaction"
NEW_TAGS: dict[str, tuple[str, str, str]] = {
    WRITING_RATES: (
        "Combien facturer un article, une fiche produit, une page de vente.",
        "Writing rates",
        "What to charge for an article, a product description, a sales page.",
    ),
}
DAY_RATE = "TJM"
TRANSLATION = "Traduction"
# Demo discussions about writing rates (demo/forums.py) that carry the new tag.
WRITING_TOPICS = (
    "Combien facturer un article SEO de 1 000 mots ?",
    "Tarif pour 200 fiches produits d’une boutique en ligne ?",
)

# --- Services -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoService:
    slug: str
    trade: str  # a Trade slug
    name_fr: str
    name_en: str
    default_unit: Unit
    tag: str | None  # a tag's French name


S = DemoService
U = Unit

SERVICES: tuple[DemoService, ...] = (
    S("article-de-blog", "redacteur-web", "Article de blog", "Blog article", U.WORD, WRITING_RATES),
    S("fiche-produit", "redacteur-web", "Fiche produit", "Product description", U.ARTICLE,
      WRITING_RATES),
    S("article-seo", "redacteur-seo", "Article SEO", "SEO article", U.WORD, WRITING_RATES),
    S("page-de-vente", "copywriter", "Page de vente", "Sales page", U.PAGE, WRITING_RATES),
    S("newsletter", "copywriter", "Newsletter", "Newsletter", U.ARTICLE, WRITING_RATES),
    S("traduction", "traducteur", "Traduction", "Translation", U.THOUSAND_WORDS, TRANSLATION),
    S("relecture-correction", "correcteur-relecteur", "Relecture-correction", "Proofreading",
      U.FEUILLET, TRANSLATION),
    S("gestion-reseaux-sociaux", "community-manager", "Gestion des réseaux sociaux",
      "Social media management", U.MONTH, None),
    S("identite-visuelle", "graphiste", "Identité visuelle", "Visual identity", U.PROJECT, None),
    S("creation-graphique", "graphiste", "Création graphique", "Graphic design", U.DAY, DAY_RATE),
    S("site-vitrine", "webdesigner", "Site vitrine", "Showcase website", U.PROJECT, None),
    S("developpement-web", "developpeur-web", "Développement web", "Web development", U.DAY,
      DAY_RATE),
    S("audit-seo", "consultant-seo", "Audit SEO", "SEO audit", U.PROJECT, None),
    S("accompagnement-seo", "consultant-seo", "Accompagnement SEO", "SEO consulting", U.DAY,
      DAY_RATE),
    S("conception-ux", "ux-designer", "Conception UX", "UX design", U.DAY, DAY_RATE),
    S("reportage-photo", "photographe", "Reportage photo", "Photo shoot", U.DAY, None),
    S("video-de-presentation", "videaste", "Vidéo de présentation", "Promotional video",
      U.PROJECT, None),
    S("assistance-administrative", "assistant-virtuel", "Assistance administrative",
      "Administrative assistance", U.HOUR, None),
    S("journee-de-formation", "formateur", "Journée de formation", "Training day", U.DAY, None),
    S("gestion-de-projet-digital", "chef-de-projet-digital", "Gestion de projet digital",
      "Digital project management", U.DAY, DAY_RATE),
)  # fmt: skip


@dataclass(frozen=True)
class Market:
    """What members charge for a service × unit this year: the median of a member with 2 to 5
    years of freelancing, working for a small business; ``step`` is what amounts are rounded to;
    ``members`` how many report it (personas included)."""

    service: str
    unit: Unit
    median: Decimal
    step: Decimal
    members: int


D = Decimal
MARKETS: tuple[Market, ...] = (
    Market("article-de-blog", U.WORD, D("0.09"), D("0.01"), 58),
    Market("article-seo", U.WORD, D("0.11"), D("0.01"), 36),
    Market("article-seo", U.ARTICLE, D("110"), D("5"), 16),
    Market("fiche-produit", U.ARTICLE, D("15"), D("1"), 21),
    Market("page-de-vente", U.PAGE, D("450"), D("10"), 15),
    Market("newsletter", U.ARTICLE, D("250"), D("10"), 8),
    Market("traduction", U.THOUSAND_WORDS, D("115"), D("5"), 34),
    Market("traduction", U.WORD, D("0.12"), D("0.01"), 12),
    Market("relecture-correction", U.FEUILLET, D("3.20"), D("0.10"), 13),
    Market("relecture-correction", U.HOUR, D("40"), D("1"), 6),
    Market("gestion-reseaux-sociaux", U.MONTH, D("750"), D("50"), 15),
    Market("identite-visuelle", U.PROJECT, D("1800"), D("50"), 18),
    Market("creation-graphique", U.DAY, D("350"), D("10"), 11),
    Market("site-vitrine", U.PROJECT, D("2500"), D("100"), 12),
    Market("developpement-web", U.DAY, D("480"), D("10"), 46),
    Market("audit-seo", U.PROJECT, D("2200"), D("100"), 4),  # too few: no figure yet
    Market("accompagnement-seo", U.DAY, D("500"), D("10"), 11),
    Market("conception-ux", U.DAY, D("460"), D("10"), 16),
    Market("reportage-photo", U.DAY, D("550"), D("10"), 11),
    Market("video-de-presentation", U.PROJECT, D("2200"), D("100"), 7),
    Market("assistance-administrative", U.HOUR, D("32"), D("1"), 9),
    Market("journee-de-formation", U.DAY, D("800"), D("50"), 8),
    Market("gestion-de-projet-digital", U.DAY, D("520"), D("10"), 14),
)

# --- The personas' reports: what they say they charge in the demo discussions -------------------


@dataclass(frozen=True)
class PersonaReport:
    handle: str
    service: str
    unit: Unit
    amount: Decimal
    years_ago: int  # 0: this year
    client_type: ClientType
    client_source: ClientSource


P = PersonaReport
AGENCY, SME, LARGE = ClientType.AGENCY, ClientType.SME, ClientType.LARGE_ACCOUNT
INDIVIDUAL, PLATFORM = ClientType.INDIVIDUAL, ClientType.PLATFORM
DIRECT, VIA_PLATFORM, REFERRAL = ClientSource.DIRECT, ClientSource.PLATFORM, ClientSource.REFERRAL

PERSONA_REPORTS: tuple[PersonaReport, ...] = (
    P("claire", "article-seo", U.WORD, D("0.11"), 0, SME, DIRECT),
    P("claire", "article-seo", U.ARTICLE, D("110"), 0, SME, DIRECT),
    P("claire", "article-seo", U.WORD, D("0.07"), 1, SME, DIRECT),
    P("claire", "article-de-blog", U.WORD, D("0.08"), 1, PLATFORM, VIA_PLATFORM),
    P("karim", "traduction", U.WORD, D("0.13"), 0, AGENCY, DIRECT),
    P("karim", "traduction", U.THOUSAND_WORDS, D("130"), 0, LARGE, DIRECT),
    P("karim", "relecture-correction", U.HOUR, D("45"), 0, LARGE, REFERRAL),
    P("sophie", "gestion-reseaux-sociaux", U.MONTH, D("900"), 0, SME, DIRECT),
    P("sophie", "journee-de-formation", U.DAY, D("1000"), 0, LARGE, REFERRAL),
    P("julien-moreau", "developpement-web", U.DAY, D("550"), 0, SME, DIRECT),
    P("julien-moreau", "developpement-web", U.DAY, D("520"), 1, SME, DIRECT),
    P("camille-durand", "identite-visuelle", U.PROJECT, D("1800"), 0, SME, DIRECT),
    P("camille-durand", "creation-graphique", U.DAY, D("320"), 0, SME, REFERRAL),
    P("thomas-petit", "accompagnement-seo", U.DAY, D("500"), 0, SME, DIRECT),
    P("thomas-petit", "audit-seo", U.PROJECT, D("2400"), 0, SME, DIRECT),
    P("lea-roux", "reportage-photo", U.DAY, D("650"), 0, SME, DIRECT),
    P("nicolas-fournier", "gestion-de-projet-digital", U.DAY, D("580"), 0, LARGE, DIRECT),
    P("manon-girard", "page-de-vente", U.PAGE, D("450"), 0, SME, REFERRAL),
    P("antoine-bonnet", "video-de-presentation", U.PROJECT, D("900"), 1, INDIVIDUAL, REFERRAL),
    P("ines-mercier", "assistance-administrative", U.HOUR, D("35"), 0, INDIVIDUAL, DIRECT),
    P("hugo-lambert", "article-de-blog", U.WORD, D("0.10"), 0, SME, DIRECT),
    P("hugo-lambert", "reportage-photo", U.DAY, D("450"), 1, SME, DIRECT),
    P("yann-le-goff", "traduction", U.WORD, D("0.11"), 0, LARGE, DIRECT),
    P("yann-le-goff", "traduction", U.THOUSAND_WORDS, D("110"), 1, LARGE, DIRECT),
    P("nathalie-payet", "gestion-reseaux-sociaux", U.MONTH, D("500"), 0, SME, DIRECT),
    P("pauline-faure", "conception-ux", U.DAY, D("520"), 0, LARGE, DIRECT),
    P("maxime-dubois", "developpement-web", U.DAY, D("480"), 0, AGENCY, DIRECT),
    P("maxime-dubois", "journee-de-formation", U.DAY, D("900"), 0, LARGE, REFERRAL),
    P("emma-chevalier", "page-de-vente", U.PAGE, D("600"), 0, SME, DIRECT),
    P("emma-chevalier", "newsletter", U.ARTICLE, D("300"), 0, SME, DIRECT),
    P("lucas-garnier", "accompagnement-seo", U.DAY, D("450"), 0, SME, DIRECT),
    P("sarah-benmansour", "gestion-de-projet-digital", U.DAY, D("560"), 0, LARGE, DIRECT),
    P("sarah-benmansour", "gestion-de-projet-digital", U.DAY, D("420"), 1, LARGE, VIA_PLATFORM),
    P("mathieu-leroy", "article-de-blog", U.WORD, D("0.16"), 0, SME, DIRECT),
    P("chloe-morel", "identite-visuelle", U.PROJECT, D("1500"), 0, INDIVIDUAL, REFERRAL),
    P("alexandre-blanc", "journee-de-formation", U.DAY, D("700"), 0, SME, DIRECT),
    P("marie-lopez", "relecture-correction", U.FEUILLET, D("2.50"), 0, SME, DIRECT),
    P("romain-andre", "site-vitrine", U.PROJECT, D("3500"), 0, SME, DIRECT),
    P("julie-fontaine", "reportage-photo", U.DAY, D("500"), 0, INDIVIDUAL, DIRECT),
    P("elodie-marchand", "article-seo", U.WORD, D("0.10"), 0, SME, DIRECT),
    P("quentin-rousseau", "site-vitrine", U.PROJECT, D("1800"), 0, SME, REFERRAL),
    P("aurelie-vincent", "assistance-administrative", U.HOUR, D("28"), 0, SME, VIA_PLATFORM),
    P("david-nguyen", "conception-ux", U.DAY, D("450"), 0, SME, DIRECT),
    P("laura-fernandes", "traduction", U.WORD, D("0.13"), 0, AGENCY, DIRECT),
    P("benoit-caron", "video-de-presentation", U.PROJECT, D("2000"), 0, SME, DIRECT),
    P("amandine-perrin", "article-de-blog", U.WORD, D("0.08"), 0, SME, VIA_PLATFORM),
)  # fmt: skip

# The indicative rates some personas show on their profile (members.Member.day_rate/word_rate).
INDICATIVE_RATES: dict[str, tuple[Decimal | None, Decimal | None]] = {
    "claire": (None, D("0.11")),
    "karim": (None, D("0.13")),
    "julien-moreau": (D("550"), None),
    "camille-durand": (D("320"), None),
    "thomas-petit": (D("500"), None),
    "maxime-dubois": (D("480"), None),
    "pauline-faure": (D("520"), None),
    "mathieu-leroy": (None, D("0.16")),
}

# --- The quieter members ------------------------------------------------------------------------

FIRST_NAMES = (
    "Adèle", "Agathe", "Alix", "Anaïs", "Anne", "Aurore", "Bastien", "Baptiste", "Bérénice",
    "Cécile", "Céline", "Charlotte", "Clément", "Coralie", "Damien", "Delphine", "Diane",
    "Élise", "Émilie", "Étienne", "Fanny", "Florian", "Gaëlle", "Guillaume", "Hélène", "Hortense",
    "Irène", "Jeanne", "Jérémy", "Joséphine", "Justine", "Kevin", "Laetitia", "Laurine", "Lina",
    "Loïc", "Lucie", "Maëlle", "Margaux", "Marion", "Mathilde", "Mélanie", "Morgane", "Nadia",
    "Noémie", "Océane", "Olivier", "Pierre", "Rachid", "Rémi", "Salomé", "Samia", "Simon",
    "Solène", "Sonia", "Tristan", "Valentin", "Vanessa", "Victor", "Yasmine",
)  # fmt: skip
LAST_NAMES = (
    "Arnaud", "Barbier", "Baron", "Benoit", "Berger", "Besson", "Boyer", "Brun", "Carpentier",
    "Caron", "Charpentier", "Chauvin", "Clément", "Colin", "Collet", "Cordier", "Cousin",
    "Daniel", "Denis", "Deschamps", "Dumas", "Dupuis", "Fabre", "Fleury", "Gaillard", "Gauthier",
    "Gérard", "Gilbert", "Guillot", "Hamon", "Hubert", "Jacquet", "Joly", "Lacroix", "Laine",
    "Lebrun", "Leclerc", "Lecomte", "Lemaire", "Lemoine", "Leroux", "Lucas", "Marchal",
    "Martel", "Masson", "Mathieu", "Meunier", "Meyer", "Millet", "Noël", "Olivier", "Paris",
    "Perret", "Perrot", "Picard", "Poirier", "Prévost", "Renard", "Renaud", "Rey", "Riviere",
    "Roche", "Rolland", "Roger", "Royer", "Schmitt", "Tessier", "Texier", "Vidal", "Weber",
)  # fmt: skip

# Where freelancers work, roughly as the French market spreads them.
REGION_WEIGHTS = {
    Region.ILE_DE_FRANCE: 26, Region.AUVERGNE_RHONE_ALPES: 13, Region.OCCITANIE: 8,
    Region.NOUVELLE_AQUITAINE: 8, Region.PROVENCE_ALPES_COTE_D_AZUR: 7,
    Region.HAUTS_DE_FRANCE: 6, Region.BRETAGNE: 6, Region.PAYS_DE_LA_LOIRE: 6,
    Region.GRAND_EST: 5, Region.NORMANDIE: 3, Region.CENTRE_VAL_DE_LOIRE: 2,
    Region.BOURGOGNE_FRANCHE_COMTE: 2, Region.REMOTE: 6, Region.LA_REUNION: 1,
    Region.GUADELOUPE: 1,
}  # fmt: skip
TIMEZONES = {
    Region.LA_REUNION: "Indian/Reunion",
    Region.GUADELOUPE: "America/Guadeloupe",
}
STATUS_WEIGHTS = {
    LegalStatus.MICRO_ENTREPRISE: 52, LegalStatus.SASU: 10, LegalStatus.PORTAGE: 8,
    LegalStatus.SALARIE_FREELANCE: 8, LegalStatus.EURL: 7, LegalStatus.ENTREPRISE_INDIVIDUELLE: 6,
    LegalStatus.CAE: 4, LegalStatus.ARTISTE_AUTEUR: 3, LegalStatus.SARL_SAS: 2,
}  # fmt: skip
CLIENT_WEIGHTS = {SME: 35, AGENCY: 28, PLATFORM: 15, LARGE: 12, INDIVIDUAL: 10}
SOURCE_WEIGHTS = {DIRECT: 50, REFERRAL: 30, VIA_PLATFORM: 20}
# Years of freelancing, by band: newcomers are many, veterans fewer.
YEARS_WEIGHTS = {0: 9, 1: 14, 2: 11, 3: 10, 4: 9, 5: 8, 6: 7, 7: 6, 8: 5, 9: 4, 11: 5, 14: 4,
                 18: 3, 22: 2}  # fmt: skip

# What moves a rate from the market's median.
EXPERIENCE_FACTOR = {
    ExperienceBand.UNDER_2: 0.78, ExperienceBand.FROM_2_TO_5: 0.95,
    ExperienceBand.FROM_5_TO_10: 1.1, ExperienceBand.OVER_10: 1.28,
}  # fmt: skip
REGION_FACTOR = {Region.ILE_DE_FRANCE: 1.1, Region.REMOTE: 1.05}
CLIENT_FACTOR = {AGENCY: 0.88, SME: 1.0, LARGE: 1.2, INDIVIDUAL: 0.9, PLATFORM: 0.82}
STATUS_FACTOR = {LegalStatus.PORTAGE: 1.08, LegalStatus.SASU: 1.05, LegalStatus.EURL: 1.04}
YEARLY_RISE = 0.04  # rates were about 4 % lower each year back
SPREAD = 0.16  # the spread of one member's rate around what the rest predicts (log scale)

# Reports so far from everyone else's that they wait in the moderators' review queue: a member
# whose only report of the service × unit is one of these counts in none of its figures.
OUTLIERS: tuple[tuple[str, Unit, Decimal], ...] = (
    ("article-de-blog", U.WORD, D("0.85")),
    ("developpement-web", U.DAY, D("2900")),
)


@dataclass(frozen=True)
class Contributor:
    handle: str
    trade: str
    legal_status: LegalStatus
    region: Region
    years_freelancing: int
    joined_days_ago: int


@dataclass(frozen=True)
class DemoReport:
    handle: str
    service: str
    unit: Unit
    amount: Decimal
    year: int
    years_freelancing: int | None
    region: str
    legal_status: str
    client_type: ClientType
    client_source: ClientSource
    status: str = RateReport.Status.PUBLISHED


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _rounded(value: float, step: Decimal) -> Decimal:
    steps = (Decimal(str(value)) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(steps, Decimal(1)) * step


def _persona_reporters(market: Market) -> set[str]:
    return {
        r.handle for r in PERSONA_REPORTS if (r.service, r.unit) == (market.service, market.unit)
    }


def contributors() -> list[Contributor]:
    """The quieter members, trade by trade: as many as the trade's busiest market needs
    besides the personas who report it, and one more for each outlier."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not a secret
    taken_days = {demo.joined_days_ago for demo in MEMBERS}
    free_days = [day for day in range(8, 731) if day not in taken_days]
    rng.shuffle(free_days)
    trades = {service.slug: service.trade for service in SERVICES}
    needed: dict[str, int] = {}
    for market in MARKETS:
        trade = trades[market.service]
        count = max(0, market.members - len(_persona_reporters(market)))
        count += sum(
            1 for service, unit, _a in OUTLIERS if (service, unit) == (market.service, market.unit)
        )
        needed[trade] = max(needed.get(trade, 0), count)
    people = []
    handles = {demo.handle for demo in MEMBERS}
    for trade, count in needed.items():
        for _ in range(count):
            while True:
                handle = slugify(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
                if handle not in handles:
                    break
            handles.add(handle)
            people.append(
                Contributor(
                    handle=handle,
                    trade=trade,
                    legal_status=weighted(rng, STATUS_WEIGHTS),
                    region=weighted(rng, REGION_WEIGHTS),
                    years_freelancing=weighted(rng, YEARS_WEIGHTS),
                    joined_days_ago=free_days.pop(),
                )
            )
    return people


def reports(today: date, people: list[Contributor]) -> list[DemoReport]:
    """The personas' reports, then the quieter members': each market's drawn among the members
    of its trade, for this year, often the year before too, sometimes the one before that; and
    the outliers, by members of the trade who reported nothing else for that market."""
    rng = random.Random(SEED + 1)  # noqa: S311 - demo data, not a secret
    by_handle = {demo.handle: demo for demo in MEMBERS}
    drawn = [
        DemoReport(
            handle=report.handle,
            service=report.service,
            unit=report.unit,
            amount=report.amount,
            year=today.year - report.years_ago,
            years_freelancing=max(0, PROFILES[report.handle].years_freelancing - report.years_ago),
            region=by_handle[report.handle].region,
            legal_status=by_handle[report.handle].legal_status,
            client_type=report.client_type,
            client_source=report.client_source,
        )
        for report in PERSONA_REPORTS
    ]
    trades = {service.slug: service.trade for service in SERVICES}
    for market in MARKETS:
        pool = [person for person in people if person.trade == trades[market.service]]
        reporters = rng.sample(pool, max(0, market.members - len(_persona_reporters(market))))
        for person in reporters:
            drawn += member_reports(rng, today, market, person)
        others = [person for person in pool if person not in reporters]
        for service, unit, amount in OUTLIERS:
            if (service, unit) == (market.service, market.unit):
                person = others.pop()
                drawn.append(
                    DemoReport(
                        handle=person.handle,
                        service=service,
                        unit=unit,
                        amount=amount,
                        year=today.year,
                        years_freelancing=person.years_freelancing,
                        region=person.region,
                        legal_status=person.legal_status,
                        client_type=weighted(rng, CLIENT_WEIGHTS),
                        client_source=DIRECT,
                        status=RateReport.Status.REVIEW,
                    )
                )
    return drawn


def member_reports(rng, today: date, market: Market, person: Contributor) -> list[DemoReport]:
    """What one member reports for one market: this year's rate, often last year's, sometimes
    the year before (bench/rates_observatory.py draws its 100,000 reports with it too)."""
    client_type = weighted(rng, CLIENT_WEIGHTS)
    source = VIA_PLATFORM if client_type == PLATFORM else weighted(rng, SOURCE_WEIGHTS)
    # What this member charges, before the years: the market, their experience, place and
    # status, their kind of client, and what is theirs alone.
    level = (
        float(market.median)
        * EXPERIENCE_FACTOR[ExperienceBand.for_years(person.years_freelancing)]
        * REGION_FACTOR.get(person.region, 1.0)
        * CLIENT_FACTOR[client_type]
        * STATUS_FACTOR.get(person.legal_status, 1.0)
        * rng.lognormvariate(0, SPREAD)
    )
    years_back = rng.choices([0, 1, 2], weights=[50, 32, 18])[0]
    drawn = []
    for back in range(years_back + 1):
        # A few members report only past years: their latest report is not this year's.
        if back == 0 and years_back and rng.random() < 0.2:
            continue
        amount = level * (1 - YEARLY_RISE) ** back * rng.uniform(0.97, 1.03)
        drawn.append(
            DemoReport(
                handle=person.handle,
                service=market.service,
                unit=market.unit,
                amount=_rounded(amount, market.step),
                year=today.year - back,
                years_freelancing=max(0, person.years_freelancing - back),
                region=person.region,
                legal_status=person.legal_status,
                client_type=client_type,
                client_source=source,
            )
        )
    return drawn


# --- Seeding ------------------------------------------------------------------------------------


def seed_demo_rates(*, members: dict[str, Member], today: date) -> dict[str, int]:
    """Writes the observatory's demo once: the services, the quieter members and every report.

    Known by its quieter members: when the first of them exists, the observatory was seeded
    already and is left alone, reports members changed or deleted since included (one query).
    """
    people = contributors()
    if Member.objects.filter(username=people[0].handle).exists():
        return {"services": 0, "contributors": 0, "reports": 0}
    services = services_seed()
    contributors_by_handle = _contributors_seed(people, today)
    everyone = {**members, **contributors_by_handle}
    drawn = [r for r in reports(today, people) if r.handle in everyone]
    created = RateReport.objects.bulk_create(
        [
            RateReport(
                member=everyone[r.handle],
                service=services[r.service],
                unit=r.unit,
                amount=r.amount,
                year=r.year,
                years_freelancing=r.years_freelancing,
                experience_band=ExperienceBand.for_years(r.years_freelancing),
                region=r.region,
                legal_status=r.legal_status,
                client_type=r.client_type,
                client_source=r.client_source,
                status=r.status,
            )
            for r in drawn
            if r.service in services
        ],
        batch_size=500,
    )
    _report_dates_set(created, today)
    _indicative_rates_set(members)
    _writing_topics_tag()
    return {"services": len(services), "contributors": len(people), "reports": len(created)}


def _tags() -> dict[str, Tag]:
    """The tags the services use: the boards' own when they exist (a tag an administrator
    deleted is not brought back), and the observatory's new one."""
    Tag.objects.bulk_create(
        [
            Tag(
                slug=slugify(name),
                **{
                    **tag_fields(name, description),
                    "name_en": english_name,
                    "description_en": english_description,
                },
            )
            for name, (description, english_name, english_description) in NEW_TAGS.items()
        ],
        ignore_conflicts=True,
    )
    names = {service.tag for service in SERVICES if service.tag}
    return {tag.name_fr: tag for tag in Tag.objects.filter(name_fr__in=names)}


def services_seed() -> dict[str, Service]:
    """The services, with their tags, once (the bench makes its own with it)."""
    tags = _tags()
    trades = {trade.slug: trade for trade in Trade.objects.all()}
    positions: dict[str, int] = {}
    rows = []
    for spec in SERVICES:
        if spec.trade not in trades:
            continue
        positions[spec.trade] = positions.get(spec.trade, 0) + 1
        rows.append(
            Service(
                slug=spec.slug,
                trade=trades[spec.trade],
                name=spec.name_fr,
                name_fr=spec.name_fr,
                name_en=spec.name_en,
                default_unit=spec.default_unit,
                tag=tags.get(spec.tag) if spec.tag else None,
                position=positions[spec.trade],
            )
        )
    # Services an administrator made with the same address are theirs: kept as they are.
    Service.objects.bulk_create(rows, ignore_conflicts=True)
    return {s.slug: s for s in Service.objects.filter(slug__in=[s.slug for s in SERVICES])}


def _contributors_seed(people: list[Contributor], today: date) -> dict[str, Member]:
    """The quieter members: signed up as anyone does, able to sign in with the demo password,
    with a trade, a status, a region and their years of freelancing, and no public name, so
    that the directory, which lists profiles with a name, does not show them."""
    password = make_password(DEMO_PASSWORD)
    made = Member.objects.bulk_create(
        [
            Member(
                username=person.handle,
                email=f"{person.handle}@{DEMO_EMAIL_DOMAIN}",
                password=password,
                legal_status=person.legal_status,
                region=person.region,
                timezone=TIMEZONES.get(person.region, "Europe/Paris"),
                years_freelancing=person.years_freelancing,
                date_joined=_joined_at(person, today),
                last_active_at=_joined_at(person, today) + timedelta(hours=1),
            )
            for person in people
        ],
        batch_size=500,
    )
    trades = {trade.slug: trade for trade in Trade.objects.all()}
    Member.trades.through.objects.bulk_create(
        [
            Member.trades.through(member=member, trade=trades[person.trade])
            for member, person in zip(made, people, strict=True)
            if person.trade in trades
        ]
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=member, email=member.email, primary=True, verified=True)
            for member in made
        ]
    )
    acceptances_record_at_seeding(members=made)
    return {member.username: member for member in made}


def _joined_at(person: Contributor, today: date) -> datetime:
    days = person.joined_days_ago
    return datetime.combine(
        today - timedelta(days=days), time(8 + days % 12, days * 13 % 60), tzinfo=PARIS
    )


def _report_dates_set(created: list[RateReport], today: date) -> None:
    """A report was written after its member joined, and a report of a past year in that year
    or soon after; never in the future."""
    rng = random.Random(SEED + 2)  # noqa: S311 - demo data, not a secret
    latest = datetime.combine(today - timedelta(days=1), time(21, 0), tzinfo=PARIS)
    for report in created:
        joined = report.member.date_joined
        start = max(joined, datetime(report.year, 1, 15, 10, tzinfo=PARIS))
        written = min(start + timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 9)), latest)
        report.created_at = report.updated_at = max(written, joined + timedelta(minutes=30))
    RateReport.objects.bulk_update(created, ["created_at", "updated_at"], batch_size=500)


def _indicative_rates_set(members: dict[str, Member]) -> None:
    """Once, with the observatory: what a persona changed since is theirs."""
    changed = []
    for handle, (day_rate, word_rate) in INDICATIVE_RATES.items():
        member = members.get(handle)
        if member is None or member.day_rate is not None or member.word_rate is not None:
            continue
        member.day_rate, member.word_rate = day_rate, word_rate
        changed.append(member)
    Member.objects.bulk_update(changed, ["day_rate", "word_rate"])


def _writing_topics_tag() -> None:
    tag = Tag.objects.filter(name_fr=WRITING_RATES).first()
    if tag is None:
        return
    Topic.tags.through.objects.bulk_create(
        [
            Topic.tags.through(topic=topic, tag=tag)
            for topic in Topic.objects.filter(title__in=WRITING_TOPICS)
        ],
        ignore_conflicts=True,
    )
