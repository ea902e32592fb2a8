"""Builds a large board to measure the forums against: `bench/run.sh` runs it once.

    manage.py seed_bench --users 2000 --topics 20000 --posts 200000

Deterministic: one seeded random generator draws everything, so the same arguments give the same
members, topics and posts (dated back from the hour the command runs). Fast: rows go in with
bulk_create in batches, never through the per-row services; the counters the services would keep
are then filled by a few set-based statements, and on PostgreSQL the search vectors by ONE UPDATE.
One topic holds exactly --long-topic posts (500 by default), for “the last page of a 500-post
topic is as fast as the first”.

Bodies are plain generated French sentences. Their HTML is the escaped paragraphs in <p>, which is
what core.usertext.render_markdown makes of such text: rendering each post through it cost
about 195 µs against 10 µs for escaping, i.e. some 40 s more for 200,000 posts.
"""

import random
import time
from bisect import bisect_right
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate, islice

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from core.usertext import render_markdown
from forums.models import (
    Category,
    NotificationLevel,
    Post,
    PostLike,
    PublicationStatus,
    Tag,
    Topic,
    TopicReadState,
)
from forums.services import SEARCH_CONFIG, categories_recount
from forums.starting_tags import TAGS, tag_fields
from legal.services import acceptances_record_at_seeding
from members.models import LegalStatus, Member, Recommendation, SpokenLanguage, Trade

BENCH_PASSWORD = "bench-freelancehub"  # noqa: S105 -- bench/run.sh signs in with it
BENCH_EMAIL_DOMAIN = "bench.example"
USERNAME_PREFIX = "bench-"
LONG_TOPIC_TITLE = "Le grand fil des tarifs : combien facturez-vous cette année ?"
LONG_TOPIC_CATEGORY = "tarifs-devis"

FIRST_NAMES = (
    "Claire", "Karim", "Sophie", "Julien", "Camille", "Thomas", "Léa", "Nicolas", "Manon",
    "Antoine", "Inès", "Hugo", "Yann", "Nathalie", "Pauline", "Maxime", "Emma", "Lucas", "Sarah",
    "Mathieu", "Chloé", "Alexandre", "Marie", "Romain", "Julie", "Élodie", "Quentin", "Aurélie",
    "David", "Laura", "Benoît", "Amandine", "Louise", "Gabriel", "Jade", "Raphaël", "Zoé",
    "Arthur", "Alice", "Nina",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont",
    "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau",
    "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
)  # fmt: skip
CITIES = (
    "Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Bordeaux", "Lille", "Rennes",
    "Strasbourg", "Montpellier", "Grenoble", "Dijon", "Tours", "Brest", "Annecy", "Rouen",
)  # fmt: skip
SERVICES = (
    "un article SEO de 1 000 mots", "une fiche produit", "une page de vente", "une newsletter",
    "la traduction d’un site", "la relecture d’un mémoire", "un logo", "un site vitrine",
    "un audit SEO", "la gestion d’un compte Instagram", "une vidéo de présentation",
    "un livre blanc", "un reportage photo", "une maquette Figma", "une formation LinkedIn",
)  # fmt: skip
TOOLS = (
    "Antidote", "Notion", "Malt", "Canva", "Trello", "Google Docs", "Semrush", "Figma",
    "LinkedIn", "Airtable", "Zapier", "Excel", "WordPress", "Freebe", "Abby",
)  # fmt: skip
STATUSES = (
    "la micro-entreprise", "l’EURL", "la SASU", "le portage salarial", "une CAE",
    "l’entreprise individuelle au réel",
)  # fmt: skip
TITLES = {
    "tarifs-devis": (
        "Combien facturer {service} ?", "Quel tarif pour {service} à {city} ?",
        "Mon devis pour {service} est-il trop bas ?", "TJM à {n} € : trop ou pas assez ?",
        "Facturer au mot ou au forfait pour {service} ?", "Client qui négocie {service}",
    ),
    "statut-administratif": (
        "Passer de {status} à {status2} ?", "Déclaration URSSAF : question sur {status}",
        "TVA : je dépasse le seuil, que faire ?", "CFE de {n} € la première année ?",
        "Mutuelle et prévoyance avec {status}", "Facturer un client à l’étranger avec {status}",
    ),
    "prospection-clients": (
        "Trouver ses premiers clients à {city}", "Relancer un devis sans réponse",
        "Prospecter sur LinkedIn : vos messages", "Un client ne paie pas depuis {n} jours",
        "Cold mailing pour {service} : ça marche ?", "Garder un client sans baisser ses prix",
    ),
    "astuces-outils": (
        "{tool} ou {tool2} pour s’organiser ?", "Votre routine avec {tool}",
        "Facturation : {tool} vaut-il le coup ?", "Modèle de devis sous {tool}",
        "Automatiser ses relances avec {tool}", "Astuce : gagner du temps sur {service}",
    ),
    "actualites-marche": (
        "L’IA et {service} : vos retours", "Les tarifs de {service} baissent-ils ?",
        "Nouvelles règles pour {status}", "{tool} change ses commissions",
        "Le marché de {service} à {city}", "Salon des indépendants à {city}",
    ),
    "presentations": (
        "Bonjour depuis {city} !", "Nouvelle rédactrice web à {city}",
        "Ancien salarié, freelance depuis {n} mois", "Je me lance dans {service}",
        "Présentation : traductrice à {city}", "Graphiste en reconversion à {city}",
    ),
    "entraide": (
        "Besoin d’un relecteur pour {service}", "Projet trop gros : qui veut {service} ?",
        "Un avis sur mon site ?", "Qui connaît {tool} ?", "Coup de main pour {service}",
        "Binôme cherché à {city}",
    ),
}  # fmt: skip
SENTENCES = (
    "Je facture en ce moment {price} € par mot pour {service}.",
    "Mon TJM est passé de {n} € à {n2} € cette année, sans perdre de client.",
    "Avec {status}, l’URSSAF prend environ {pct} % du chiffre d’affaires.",
    "J’utilise {tool} tous les jours et je ne reviendrais pas en arrière.",
    "Pour {service}, je demande un acompte de {pct} % à la commande.",
    "Le client voulait {service} pour {n} €, j’ai refusé poliment.",
    "Avez-vous déjà facturé {service} à un client de {city} ?",
    "La franchise de TVA m’a bien aidée la première année.",
    "Ma CFE est arrivée en décembre : {n} € pour un bureau à la maison.",
    "Je relance toujours un devis au bout de huit jours, puis de quinze.",
    "Sur Malt, les commissions ont changé et mes tarifs aussi.",
    "Un article de {words} mots me prend environ {hours} heures avec les recherches.",
    "Je conseille de noter chaque demande dans {tool} pour suivre ses devis.",
    "Le portage salarial coûte plus cher mais rassure certains clients.",
    "J’ai trouvé mes trois premiers clients grâce à LinkedIn et au bouche-à-oreille.",
    "Les délais de paiement dépassent souvent trente jours dans l’édition.",
    "Pensez aux pénalités de retard et à l’indemnité de 40 € sur vos factures.",
    "Je travaille à {city} mais la plupart de mes clients sont à distance.",
    "Mon expert-comptable me conseille de passer à {status}.",
    "Pour la relecture, je compte {price} € par feuillet de 1 500 signes.",
    "Les agences paient moins que les clients directs, mais plus régulièrement.",
    "Le forfait rassure le client et me protège des allers-retours sans fin.",
    "Merci pour vos réponses, c’est beaucoup plus clair maintenant.",
    "Je suis d’accord, il ne faut pas brader ses tarifs pour décrocher une mission.",
    "De mon côté, je facture {n} € la journée de formation.",
    "Quelqu’un a-t-il un modèle de contrat pour {service} ?",
    "Attention au plafond de chiffre d’affaires de la micro-entreprise si ça marche bien.",
    "J’ai testé {tool} et {tool2} : le premier est plus simple, le second plus complet.",
    "Le mieux est de demander le brief complet avant d’envoyer un devis.",
    "Je bloque toujours une demi-journée par semaine pour la prospection.",
)  # fmt: skip
PROFILE_BIO = (
    "Freelance depuis {years} ans à {city}, je travaille surtout pour des agences et des PME.\n\n"
    "J’aime les projets longs, les briefs précis et les clients qui paient à **trente jours**."
)
RECOMMENDATION_TEXT = (
    "Travail rendu en avance, {trade} sérieux et agréable : je recommande sans hésiter.",
    "Nous avons collaboré sur {service} : réactivité et qualité au rendez-vous.",
    "Très bon contact, devis clair, délais tenus. Je referai appel à ses services.",
)
# The first members have a full profile (a few words, links, languages, recommendations):
# bench/run.sh measures one of them.
FULL_PROFILES = 6
RECOMMENDATIONS_EACH = 8
TRADE_HEADLINES = {
    "redacteur-web": "Rédacteur web", "redacteur-seo": "Rédactrice SEO",
    "copywriter": "Copywriter", "traducteur": "Traductrice", "graphiste": "Graphiste",
    "developpeur-web": "Développeur web", "community-manager": "Community manager",
}  # fmt: skip


@dataclass
class TopicPlan:
    category: Category
    title: str
    author: int  # index in the members list
    created_at: datetime
    post_times: list[datetime] = field(default_factory=list)
    post_authors: list[int] = field(default_factory=list)
    is_pinned: bool = False
    is_locked: bool = False
    is_hidden: bool = False
    solution_number: int | None = None
    tags: list[Tag] = field(default_factory=list)


@contextmanager
def explicit_timestamps(*fields):
    """bulk_create stamps auto_now_add fields with the current time; the bench dates its rows."""
    for one in fields:
        one.auto_now_add = False
    try:
        yield
    finally:
        for one in fields:
            one.auto_now_add = True


def batched(items, size: int):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Command(BaseCommand):
    help = "Builds a large, deterministic board to benchmark the forums (PostgreSQL)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--users", type=int, default=2000)
        parser.add_argument("--topics", type=int, default=20_000)
        parser.add_argument("--posts", type=int, default=200_000, help="all posts, first included")
        parser.add_argument("--long-topic", type=int, default=500, help="posts in the long topic")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--allow-sqlite",
            action="store_true",
            help="run on another database than PostgreSQL (tests only: no search vectors)",
        )

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql" and not options["allow_sqlite"]:
            raise CommandError(
                f"seed_bench builds a PostgreSQL benchmark; this database is {connection.vendor}. "
                "Point DATABASE_URL at PostgreSQL, or pass --allow-sqlite."
            )
        users, topics, posts = options["users"], options["topics"], options["posts"]
        self.long_topic = options["long_topic"]
        if users < 2 or topics < 1 or self.long_topic < 1:
            raise CommandError("Give at least 2 users, 1 topic and 1 post in the long topic.")
        if posts < topics - 1 + self.long_topic:
            raise CommandError(
                f"{posts} posts cannot fill {topics} topics with the long topic's "
                f"{self.long_topic}: give at least {topics - 1 + self.long_topic}."
            )
        if Member.objects.filter(username__startswith=USERNAME_PREFIX).exists():
            raise CommandError("This database already holds bench data: use a fresh database.")
        self.categories = {category.slug: category for category in Category.objects.all()}
        if LONG_TOPIC_CATEGORY not in self.categories:
            raise CommandError("The starting categories are missing: run migrate first.")

        self.seed = options["seed"]
        self.rng = random.Random(self.seed)
        self.batch_size = options["batch_size"]
        self.anchor = timezone.now().replace(minute=0, second=0, microsecond=0)
        # Filling a sentence draws a dozen numbers: a pool of filled sentences keeps a million
        # of them affordable.
        self.sentences = [self.fill(sentence) for sentence in SENTENCES for _ in range(40)]
        started = time.perf_counter()
        with transaction.atomic():
            members = self.step("members", self.create_members, users)
            tags = self.step("tags", self.tags_get_or_create)
            plans = self.step("plan", self.plan_topics, topics, posts, members, tags)
            topic_ids = self.step("topics", self.create_topics, plans, members)
            solutions = self.step("posts and likes", self.create_posts, plans, topic_ids, members)
            self.step("read states", self.create_read_states, plans, topic_ids, members)
            self.step("topic counters", self.fill_topic_counters, topic_ids, solutions)
            self.step("category counters", categories_recount)
            self.step("profiles", self.complete_profiles, members)
            if connection.vendor == "postgresql":
                self.step("search vectors", self.fill_search_vectors)
        self.step("vacuum analyze", self.analyze)
        self.stdout.write(
            f"Bench board: {users} members, {topics} topics, {posts} posts "
            f"(one topic of {self.long_topic}) in {time.perf_counter() - started:.1f} s."
        )

    def step(self, label: str, function, *args):
        started = time.perf_counter()
        result = function(*args)
        self.stdout.write(f"  {label}: {time.perf_counter() - started:.1f} s")
        return result

    # --- Members ------------------------------------------------------------------------------

    def create_members(self, count: int) -> list[Member]:
        rng = self.rng
        password = make_password(BENCH_PASSWORD)
        statuses = list(LegalStatus.values)
        trades = list(Trade.objects.order_by("slug"))
        members = []
        for i in range(1, count + 1):
            username = f"{USERNAME_PREFIX}{i:05d}"
            trade = rng.choice(trades) if trades else None
            members.append(
                Member(
                    username=username,
                    email=f"{username}@{BENCH_EMAIL_DOMAIN}",
                    password=password,
                    display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    headline=TRADE_HEADLINES.get(trade.slug, trade.name) if trade else "",
                    legal_status=rng.choice(statuses),
                    city=rng.choice(CITIES),
                    language="en" if rng.random() < 0.1 else "fr",
                    date_joined=self.anchor - timedelta(days=730 + rng.uniform(0, 365)),
                    last_active_at=self.anchor - timedelta(hours=rng.uniform(1, 24 * 60)),
                )
            )
            members[-1].trade = trade
        members = Member.objects.bulk_create(members, batch_size=self.batch_size)
        Member.trades.through.objects.bulk_create(
            [Member.trades.through(member=m, trade=m.trade) for m in members if m.trade],
            batch_size=self.batch_size,
        )
        # bench/run.sh signs in as the first one: a verified address, like every member.
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=m, email=m.email, primary=True, verified=True) for m in members],
            batch_size=self.batch_size,
        )
        # And the current terms and charter accepted, or its pages would be the accept page.
        acceptances_record_at_seeding(members=members, batch_size=self.batch_size)
        return members

    def complete_profiles(self, members: list[Member]) -> None:
        """What a real profile shows, for the first members. Drawn from a generator of their
        own: the board is the same with or without them."""
        rng = random.Random(self.seed + 1)
        profiles, authors = members[:FULL_PROFILES], members[FULL_PROFILES:]
        recommendations = []
        for member in profiles:
            member.years_freelancing = rng.randint(2, 15)
            member.bio = PROFILE_BIO.format(years=member.years_freelancing, city=member.city)
            member.bio_html = render_markdown(member.bio)
            member.website = f"https://{member.username}.{BENCH_EMAIL_DOMAIN}/"
            member.open_to_chocoskype = True
            trade = member.trade.name.lower() if member.trade else "freelance"
            for author in rng.sample(authors, min(RECOMMENDATIONS_EACH, len(authors))):
                text = rng.choice(RECOMMENDATION_TEXT)
                recommendations.append(
                    Recommendation(
                        author=author,
                        recipient=member,
                        trade=member.trade,
                        text=text.format(trade=trade, service=rng.choice(SERVICES)),
                        created_at=self.anchor - timedelta(days=rng.uniform(1, 300)),
                    )
                )
        Member.objects.bulk_update(
            profiles, ["years_freelancing", "bio", "bio_html", "website", "open_to_chocoskype"]
        )
        SpokenLanguage.objects.bulk_create(
            [SpokenLanguage(member=m, code=code) for m in profiles for code in ("fr", "en")]
        )
        with explicit_timestamps(Recommendation._meta.get_field("created_at")):
            Recommendation.objects.bulk_create(recommendations)

    def tags_get_or_create(self) -> list[Tag]:
        Tag.objects.bulk_create(
            [Tag(slug=slugify(name), **tag_fields(name, text)) for name, text in TAGS],
            ignore_conflicts=True,
        )
        return list(Tag.objects.order_by("slug"))

    # --- Topics and posts ---------------------------------------------------------------------

    def fill(self, template: str) -> str:
        rng = self.rng
        tool, tool2 = rng.sample(TOOLS, 2)
        status, status2 = rng.sample(STATUSES, 2)
        n = rng.choice((150, 200, 250, 300, 350, 400, 450, 500, 600))
        return template.format(
            service=rng.choice(SERVICES), city=rng.choice(CITIES), tool=tool, tool2=tool2,
            status=status, status2=status2, n=n, n2=n + rng.choice((30, 50, 80, 100)),
            price=rng.choice(("0,05", "0,06", "0,08", "0,10", "0,12", "0,15", "0,18")),
            pct=rng.choice((12, 21, 24, 25, 30, 40, 50)), words=rng.choice((800, 1000, 1500)),
            hours=rng.choice((2, 3, 4, 5)),
        )  # fmt: skip

    def body(self) -> str:
        """One to four paragraphs of one to three sentences, drawn from the filled sentences."""
        rng = self.rng
        return "\n\n".join(
            " ".join(rng.choices(self.sentences, k=rng.choice((1, 2, 3))))
            for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))
        )

    @staticmethod
    def body_html(body: str) -> str:
        return "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in body.split("\n\n"))

    def plan_topics(self, count: int, posts: int, members: list, tags: list) -> list[TopicPlan]:
        """Every topic and the times and authors of its posts, oldest topic first."""
        rng = self.rng
        slugs = list(TITLES)
        # Rates and legal status draw the most questions, introductions the fewest.
        weights = (22, 18, 15, 15, 10, 8, 12)
        plans = []
        for i in range(count):
            slug = LONG_TOPIC_CATEGORY if i == 0 else rng.choices(slugs, weights)[0]
            category = self.categories.get(slug) or self.categories[LONG_TOPIC_CATEGORY]
            title = LONG_TOPIC_TITLE if i == 0 else self.fill(rng.choice(TITLES[slug]))
            plans.append(
                TopicPlan(
                    category=category,
                    title=title[:140],
                    author=rng.randrange(len(members)),
                    created_at=self.anchor - timedelta(days=rng.uniform(0, 700)),
                    is_locked=rng.random() < 0.01,
                    is_hidden=i > 0 and rng.random() < 0.003,
                    tags=rng.sample(tags, rng.choice((0, 1, 1, 2, 2, 3))),
                )
            )
        plans[0].created_at = self.anchor - timedelta(days=365)

        # The long topic has its exact size; the other replies fall on the other topics with
        # uneven weights (a tenth stay unanswered), none of them reaching the long topic's size.
        replies = [0] * count
        replies[0] = self.long_topic - 1
        others = count - 1
        if others:
            weights = list(accumulate(rng.expovariate(1) for _ in range(others)))
            drawn = Counter(
                bisect_right(weights, rng.random() * weights[-1])
                for _ in range(posts - self.long_topic - others)
            )
            overflow = 0
            for index, number in drawn.items():
                replies[index + 1] = min(number, self.long_topic - 2)
                overflow += number - replies[index + 1]
            for index in range(1, count):
                if not overflow:
                    break
                room = min(overflow, self.long_topic - 2 - replies[index])
                replies[index] += room
                overflow -= room

        for plan, reply_count in zip(plans, replies, strict=True):
            end = min(self.anchor, plan.created_at + timedelta(days=60))
            if plan is plans[0]:
                end = self.anchor - timedelta(hours=1)
            span = (end - plan.created_at).total_seconds()
            offsets = sorted(rng.uniform(0, span) for _ in range(reply_count))
            plan.post_times = [plan.created_at] + [
                plan.created_at + timedelta(seconds=offset) for offset in offsets
            ]
            plan.post_authors = [plan.author] + [
                rng.randrange(len(members)) for _ in range(reply_count)
            ]
            if plan.category.is_questions and reply_count and rng.random() < 0.35:
                plan.solution_number = rng.randint(2, reply_count + 1)
        # Each board keeps its rules topic on top.
        seen = set()
        for plan in plans:
            if plan.category.pk not in seen and not plan.is_hidden and plan is not plans[0]:
                seen.add(plan.category.pk)
                plan.is_pinned = True
        plans.sort(key=lambda plan: plan.created_at)
        return plans

    def create_topics(self, plans: list[TopicPlan], members: list) -> list[int]:
        topics = [
            Topic(
                category=plan.category,
                title=plan.title,
                author=members[plan.author],
                created_at=plan.created_at,
                last_post_at=plan.post_times[-1],
                last_post_number=len(plan.post_times),
                reply_count=len(plan.post_times) - 1,
                is_pinned=plan.is_pinned,
                is_locked=plan.is_locked,
                is_hidden=plan.is_hidden,
                status=PublicationStatus.PUBLISHED,
            )
            for plan in plans
        ]
        with explicit_timestamps(Topic._meta.get_field("created_at")):
            topics = Topic.objects.bulk_create(topics, batch_size=self.batch_size)
        Topic.tags.through.objects.bulk_create(
            [
                Topic.tags.through(topic_id=topic.pk, tag_id=tag.pk)
                for topic, plan in zip(topics, plans, strict=True)
                for tag in plan.tags
            ],
            batch_size=self.batch_size,
        )
        return [topic.pk for topic in topics]

    def create_posts(self, plans: list[TopicPlan], topic_ids: list[int], members: list) -> dict:
        """Inserts the posts in the order they were written, as a real board grows, with their
        likes. Returns {topic id: accepted answer's post id}."""
        rng = self.rng
        # (time, topic index, number): sorting by time spreads a topic's posts over the table.
        order = sorted(
            (when, index, number)
            for index, plan in enumerate(plans)
            for number, when in enumerate(plan.post_times, start=1)
        )
        solutions = {}
        member_count = len(members)
        with explicit_timestamps(
            Post._meta.get_field("created_at"), PostLike._meta.get_field("created_at")
        ):
            for chunk in batched(order, self.batch_size):
                posts, likers = [], []
                for when, index, number in chunk:
                    plan = plans[index]
                    author = plan.post_authors[number - 1]
                    body = self.body()
                    fans = {rng.randrange(member_count) for _ in range(self.like_draws())}
                    fans.discard(author)
                    likers.append(fans)
                    posts.append(
                        Post(
                            topic_id=topic_ids[index],
                            number=number,
                            author=members[author],
                            body=body,
                            body_html=self.body_html(body),
                            created_at=when,
                            like_count=len(fans),
                            # A hidden topic is one whose first post a moderator hid.
                            is_hidden=plan.is_hidden and number == 1,
                        )
                    )
                posts = Post.objects.bulk_create(posts)
                likes = []
                for post, fans, (when, index, number) in zip(posts, likers, chunk, strict=True):
                    if plans[index].solution_number == number:
                        solutions[topic_ids[index]] = post.pk
                    likes += [
                        PostLike(
                            post_id=post.pk,
                            member=members[fan],
                            created_at=when + timedelta(hours=1 + fan % 48),
                        )
                        for fan in sorted(fans)
                    ]
                PostLike.objects.bulk_create(likes)
        return solutions

    def like_draws(self) -> int:
        """Most posts get no like; a few get many."""
        draw = self.rng.random()
        if draw < 0.7:
            return 0
        if draw < 0.95:
            return self.rng.randint(1, 3)
        return self.rng.randint(4, 15)

    def create_read_states(self, plans: list[TopicPlan], topic_ids: list[int], members: list):
        """Whoever posted in a topic has read it up to their last post and watches it, as the
        services leave it."""
        states = {}
        for index, plan in enumerate(plans):
            for number, author in enumerate(plan.post_authors, start=1):
                states[author, index] = number
        TopicReadState.objects.bulk_create(
            (
                TopicReadState(
                    member=members[author],
                    topic_id=topic_ids[index],
                    last_read_number=number,
                    has_posted=True,
                    notification_level=NotificationLevel.WATCHING,
                )
                for (author, index), number in states.items()
            ),
            batch_size=self.batch_size,
        )

    def fill_topic_counters(self, topic_ids: list[int], solutions: dict[int, int]) -> None:
        """Counts and last activity came with the rows; the first and last posts' ids come now,
        through the (topic, number) index, and the accepted answers."""
        posts = Post.objects.filter(topic=OuterRef("pk"))
        Topic.objects.filter(pk__in=topic_ids).update(
            first_post=Subquery(posts.filter(number=1).values("pk")[:1]),
            last_post=Subquery(posts.filter(number=OuterRef("last_post_number")).values("pk")[:1]),
        )
        Topic.objects.bulk_update(
            [Topic(pk=topic, solution_id=post) for topic, post in solutions.items()],
            ["solution"],
            batch_size=1000,
        )

    def fill_search_vectors(self) -> None:
        """What forums.services._index_for_search writes for each post, for all of them at once."""
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE forums_post AS post SET search_vector =
                    setweight(to_tsvector(%s::regconfig,
                        CASE WHEN post.number = 1 THEN topic.title ELSE '' END), 'A')
                    || setweight(to_tsvector(%s::regconfig, post.body), 'B')
                FROM forums_topic AS topic
                WHERE topic.id = post.topic_id
                """,
                [SEARCH_CONFIG, SEARCH_CONFIG],
            )

    def analyze(self) -> None:
        """Fresh statistics for the planner, and on PostgreSQL a visibility map for the
        index-only scans of deep category pages."""
        tables = [
            model._meta.db_table
            for model in (Member, Topic, Post, PostLike, TopicReadState, Topic.tags.through)
        ]
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.execute("ANALYZE")
            elif connection.in_atomic_block:  # the tests' transaction: VACUUM cannot run there
                cursor.execute(f"ANALYZE {', '.join(tables)}")
            else:
                cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")
