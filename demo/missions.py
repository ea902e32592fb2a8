"""The demo's missions board: work the demo members passed on to each other, some still open with
members interested, some taken, which became referrals (two won with their amount, one not won,
one waiting), and one closed. Claire passed one on and received one: her profile counts both.

The members interested are among those the demo's private conversations (demo/messaging.py)
already bring together, where their answer would have gone.

Runs at the end of `manage.py seed_demo`. Like the rest of the seed it only adds what is missing:
a demo mission is found by its title and author, and its referral is written with it, once.
Rows are written directly rather than through the services, so that seeding tells nobody.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from core.usertext import render_markdown
from demo.data import CLAIRE, KARIM, PARIS, SOPHIE
from members.models import Member, Trade
from missions.models import Interest, Mission, Referral

OPEN, TAKEN, CLOSED = Mission.Status.OPEN, Mission.Status.TAKEN, Mission.Status.CLOSED
WON, LOST, PENDING = Referral.Outcome.WON, Referral.Outcome.LOST, Referral.Outcome.PENDING


@dataclass(frozen=True)
class DemoMission:
    author: str
    trade: str  # a Trade slug
    title: str
    description: str
    days_ago: int
    region: str = ""  # empty: remote
    city: str = ""
    budget: tuple[int | None, int | None] = (None, None)
    deadline_in_days: int | None = None
    status: str = OPEN
    taken_by: str = ""
    outcome: str = PENDING
    amount: int | None = None
    interested: tuple[str, ...] = ()


MISSIONS: tuple[DemoMission, ...] = (
    DemoMission(
        CLAIRE, "traducteur", "Traduction EN→FR de 40 fiches produits",
        "Une boutique lyonnaise d’équipement outdoor vend au Canada et veut ses **40 fiches "
        "produits** en français (150 mots chacune, ton chaleureux).\n\n"
        "Je m’occupe des textes en français, pas des traductions : qui prend le relais ?",
        days_ago=24, budget=(600, 900), status=TAKEN, taken_by=KARIM, outcome=WON, amount=850,
        interested=(KARIM,),
    ),
    DemoMission(
        KARIM, "redacteur-web", "Dix pages pour un office de tourisme en Auvergne",
        "Un client canadien ouvre une agence de voyages et cherche quelqu’un qui connaît "
        "l’Auvergne pour **dix pages de destination** (800 mots chacune).\n\n"
        "- ton inspirant, pas de liste à puces à rallonge\n- deux allers-retours de relecture",
        days_ago=45, region="ara", city="Clermont-Ferrand", budget=(1000, 1500),
        status=TAKEN, taken_by=CLAIRE, outcome=WON, amount=1200, interested=(CLAIRE,),
    ),
    DemoMission(
        "thomas-petit", "redacteur-seo", "12 articles SEO sur la rénovation énergétique",
        "Un e-commerce de pompes à chaleur me confie son audit, mais pas la rédaction. "
        "**12 articles de 1 200 mots**, brief et mots-clés fournis, un par semaine.",
        days_ago=2, budget=(1200, 1800), deadline_in_days=60,
        interested=(CLAIRE,),
    ),
    DemoMission(
        "julien-moreau", "webdesigner", "Maquettes d’un site vitrine pour un cabinet d’avocats",
        "Je développe le site (Django) ; il me faut les **maquettes** de cinq pages, sobres et "
        "accessibles, avec une charte existante. Réunion de lancement au cabinet à Bordeaux.",
        days_ago=3, region="naq", city="Bordeaux", budget=(1500, 2500), deadline_in_days=30,
        interested=("camille-durand",),
    ),
    DemoMission(
        SOPHIE, "photographe", "Photos d’équipe pour une start-up parisienne",
        "Une demi-journée dans leurs locaux du 11e : portraits de 15 personnes et quelques "
        "photos d’ambiance pour le site et LinkedIn.",
        days_ago=5, region="idf", city="Paris", budget=(None, 700), deadline_in_days=21,
    ),
    DemoMission(
        "nicolas-fournier", "graphiste", "Charte graphique pour une association toulousaine",
        "Logo, couleurs et deux modèles de documents pour une association d’aide aux devoirs. "
        "Petit budget, beau projet.",
        days_ago=12, budget=(400, 600), status=TAKEN, taken_by="camille-durand",
    ),
    DemoMission(
        "manon-girard", "correcteur-relecteur", "Relecture d’un rapport annuel de 60 pages",
        "Une coopérative publie son rapport d’activité : relecture orthotypographique, "
        "en trois jours.",
        days_ago=30, budget=(500, 700), status=TAKEN, taken_by="marie-lopez", outcome=LOST,
    ),
    DemoMission(
        "lucas-garnier", "consultant-seo", "Audit SEO local pour trois boulangeries lyonnaises",
        "Fiches Google, avis, pages locales : un audit par boutique. Le client a finalement "
        "choisi de le faire en interne.",
        days_ago=40, region="ara", city="Lyon", budget=(900, 1200), status=CLOSED,
    ),
)  # fmt: skip


def _at(today: date, days_ago: int, hour: int = 10) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(hour), tzinfo=PARIS)


def seed_demo_missions(*, members: dict[str, Member], today: date) -> dict[str, int]:
    """Creates the missing demo missions, with their interests and referral; one query when
    they are all there."""
    counts = {"missions": 0, "referrals": 0, "interests": 0}
    specs = [spec for spec in MISSIONS if spec.author in members]
    existing = set(
        Mission.objects.filter(
            title__in={spec.title for spec in specs},
            author__in=[members[spec.author] for spec in specs],
        ).values_list("title", "author_id")
    )
    missing = [s for s in specs if (s.title, members[s.author].pk) not in existing]
    if not missing:
        return counts
    trades = {t.slug: t for t in Trade.objects.filter(slug__in={s.trade for s in missing})}
    for spec in missing:
        if spec.trade not in trades:
            continue
        mission = _mission_create(spec, members, trades[spec.trade], today)
        counts["missions"] += 1
        counts["interests"] += _interests_create(spec, mission, members, today)
        if mission.taken_by_id:
            _referral_create(spec, mission, today)
            counts["referrals"] += 1
    return counts


def _mission_create(spec: DemoMission, members, trade: Trade, today: date) -> Mission:
    published = _at(today, spec.days_ago)
    low, high = spec.budget
    taken_by = members.get(spec.taken_by) if spec.taken_by else None
    mission = Mission.objects.create(
        author=members[spec.author],
        trade=trade,
        title=spec.title,
        description=spec.description,
        description_html=render_markdown(spec.description),
        budget_min=Decimal(low) if low else None,
        budget_max=Decimal(high) if high else None,
        deadline=today + timedelta(days=spec.deadline_in_days)
        if spec.deadline_in_days is not None
        else None,
        remote=not spec.region,
        region=spec.region,
        city=spec.city,
        status=spec.status if taken_by or spec.status != TAKEN else OPEN,
        taken_by=taken_by,
        taken_at=_at(today, spec.days_ago - 3) if taken_by else None,
        closed_at=_at(today, spec.days_ago - 5) if spec.status == CLOSED else None,
    )
    # auto_now_add stamps it with now: date it as the demo says.
    Mission.objects.filter(pk=mission.pk).update(created_at=published, updated_at=published)
    return mission


def _interests_create(spec: DemoMission, mission: Mission, members, today: date) -> int:
    interested = [
        members[handle] for handle in spec.interested if handle in members and handle != spec.author
    ]
    created = Interest.objects.bulk_create(
        Interest(mission=mission, member=member) for member in interested
    )
    for hours, interest in enumerate(created, start=1):
        Interest.objects.filter(pk=interest.pk).update(
            created_at=_at(today, spec.days_ago) + timedelta(hours=hours)
        )
    return len(created)


def _referral_create(spec: DemoMission, mission: Mission, today: date) -> Referral:
    referral = Referral.objects.create(
        giver=mission.author,
        receiver=mission.taken_by,
        mission=mission,
        outcome=spec.outcome,
        amount=Decimal(spec.amount) if spec.amount else None,
        outcome_at=_at(today, spec.days_ago - 10) if spec.outcome != PENDING else None,
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=mission.taken_at)
    return referral
