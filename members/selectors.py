import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import global_settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from . import hooks
from .models import Block, Member, Recommendation, Skill, SpokenLanguage, Trade

CARD_FIELDS = [
    "username",
    "display_name",
    "headline",
    "city",
    "region",
    "legal_status",
    "availability",
    "open_to_chocoskype",
    "day_rate",
    "word_rate",
    # Both pictures: the avatar component falls back to the large one when there is no
    # thumbnail, and a deferred field would cost one query per card.
    "avatar",
    "avatar_thumbnail",
    "date_joined",
    "last_active_at",
    "deleted_at",
]

# What a list of members' words shows of each author (the author card, their name and link): the
# rest of the row (a bio, the preferences, the account) stays in the database.
AUTHOR_FIELDS = [
    "username",
    "display_name",
    "deleted_at",
    "legal_status",
    "avatar",
    "avatar_thumbnail",
]


def author_fields_unshown(relation: str) -> list[str]:
    """For ``.defer()``: the fields of the member at ``relation`` that an author card does not
    show."""
    return [
        f"{relation}__{field.name}"
        for field in Member._meta.concrete_fields
        if not field.primary_key and field.name not in AUTHOR_FIELDS
    ]


def _with_recommendation_summary(members: QuerySet[Member]) -> QuerySet[Member]:
    """Adds the count of shown recommendations and the latest one's text and author, in SQL."""
    shown = Recommendation.objects.shown().filter(recipient=OuterRef("pk"))
    latest = shown.order_by("-created_at", "-pk")
    return members.annotate(
        recommendation_count=Coalesce(
            Subquery(shown.order_by().values("recipient").annotate(n=Count("pk")).values("n")[:1]),
            0,
        ),
        latest_recommendation_text=Subquery(latest.values("text")[:1]),
        # A display name is blank, not NULL, when not given: NullIf lets the handle stand in.
        latest_recommendation_author=Subquery(
            latest.annotate(
                name=Coalesce(NullIf("author__display_name", Value("")), "author__username")
            ).values("name")[:1]
        ),
    )


def members_search(*, viewer, filters: dict) -> QuerySet[Member]:
    """The directory: profiles the viewer may see, filtered and sorted, ready for cards.

    A profile is listed once it has a name and a trade: a card of a bare handle tells a reader
    nothing, and a newcomer is not shown before they said who they are.
    """
    members = (
        Member.objects.visible_to(viewer)
        .exclude(display_name="")
        .filter(Exists(Trade.members.through.objects.filter(member_id=OuterRef("pk"))))
        .only(*CARD_FIELDS)
    )
    if query := filters.get("q", "").strip():
        skill_match = Skill.objects.filter(members=OuterRef("pk"), name__icontains=query)
        members = members.filter(
            Q(display_name__icontains=query)
            | Q(username__icontains=query)
            | Q(headline__icontains=query)
            | Exists(skill_match)
        )
    if trade := filters.get("trade"):
        members = members.filter(
            Exists(
                Trade.members.through.objects.filter(member_id=OuterRef("pk"), trade_id=trade.pk)
            )
        )
    if status := filters.get("status"):
        members = members.filter(legal_status=status)
    if region := filters.get("region"):
        members = members.filter(region=region)
    if language := filters.get("language"):
        members = members.filter(
            Exists(SpokenLanguage.objects.filter(member=OuterRef("pk"), code=language))
        )
    if availability := filters.get("availability"):
        members = members.filter(availability=availability)
    if (day_rate_max := filters.get("day_rate_max")) is not None:
        # Only members who show a day rate: no figure is not "up to" any figure.
        members = members.filter(day_rate__lte=day_rate_max)
    if filters.get("chocoskype"):
        members = members.filter(open_to_chocoskype=True)
    if filters.get("ritual"):
        # Through the member's own relation: the chocoskype app sits above this one.
        members = members.filter(
            chocoskype__isnull=False,
            chocoskype__left_at__isnull=True,
            chocoskype__excluded_at__isnull=True,
        )
    if filters.get("sort") == "newest":
        members = members.order_by("-date_joined", "-pk")
    else:
        members = members.order_by(Coalesce("last_active_at", "date_joined").desc(), "-pk")
    members = _with_recommendation_summary(members).prefetch_related(
        Prefetch("trades", queryset=Trade.objects.only("name", "slug"))
    )
    return hooks.profile_actions_annotate(members, viewer)


def get_member_for_viewer(viewer, handle: str) -> Member:
    """A profile the viewer may see; a members-only profile is a 404 to visitors."""
    try:
        members = Member.objects.visible_to(viewer).prefetch_related(
            Prefetch("trades", queryset=Trade.objects.only("name", "slug")),
            Prefetch("skills", queryset=Skill.objects.only("name", "slug")),
            "spoken_languages",
        )
        return hooks.profile_actions_annotate(members, viewer).get(username=handle.lower())
    except Member.DoesNotExist:
        raise Http404 from None


def recommendations_for_profile(*, member: Member, viewer) -> QuerySet[Recommendation]:
    """Recommendations shown on a profile; its owner also sees the ones they hid."""
    recommendations = member.recommendations_received.not_removed().select_related(
        "author", "trade"
    )
    if viewer.pk != member.pk:
        recommendations = recommendations.filter(is_hidden=False)
    return recommendations.order_by("-created_at", "-pk")


def recommendation_by(*, author, recipient: Member) -> Recommendation | None:
    if not author.is_authenticated:
        return None
    return Recommendation.objects.filter(author=author, recipient=recipient).first()


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[str]


def profile_completeness(member: Member) -> Completeness:
    """How complete a profile is, and what to add next, for the member's own eyes."""
    checks = [
        (bool(member.avatar), _("an avatar")),
        (bool(member.headline), _("a headline")),
        (bool(member.bio), _("a few words about you")),
        (bool(member.trades.all()), _("your trades")),
        (bool(member.legal_status), _("your legal status")),
        (bool(member.city or member.region), _("your city or region")),
        (bool(member.spoken_languages.all()), _("the languages you work in")),
        (bool(member.skills.all()), _("your skills")),
        (
            bool(member.website or member.linkedin_url or member.malt_url or member.portfolio_url),
            _("a link to your work"),
        ),
    ]
    done = sum(1 for ok, _label in checks if ok)
    return Completeness(
        percent=round(100 * done / len(checks)),
        missing=[str(label) for ok, label in checks if not ok],
    )


def handle_free(handle: str) -> str:
    """``handle`` when nobody has it, else the nearest free one: ``claire-redac-2``, ``-3``…
    (within the 30 characters a handle may have)."""
    handle = handle.lower()
    taken = set(
        Member.objects.filter(username__istartswith=handle[:25]).values_list("username", flat=True)
    )
    taken = {name.lower() for name in taken}
    if handle not in taken:
        return handle
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = handle[: 30 - len(suffix)] + suffix
        unseen = not Member.objects.filter(username__iexact=candidate).exists()
        if candidate not in taken and unseen:
            return candidate
        number += 1


# Languages whose names are written in lower case within a sentence (« anglais, français »).
# Django's catalogue capitalises them, as the labels of a list of choices.
LOWERCASE_LANGUAGE_NAMES = {"fr"}


def language_names(codes: Iterable[str]) -> list[str]:
    """The names of spoken languages in the reader's language, in alphabetical order, as they
    read in a sentence: ["anglais", "français"] for a French reader."""
    names = dict(global_settings.LANGUAGES)
    translated = [gettext(names[code]) for code in codes if code in names]
    if (get_language() or "").split("-")[0] in LOWERCASE_LANGUAGE_NAMES:
        translated = [name[:1].lower() + name[1:] for name in translated]
    # Accents sort with their letter (« espagnol » before « français »), not after “z”.
    return sorted(translated, key=lambda name: unicodedata.normalize("NFKD", name).casefold())


# The board where newcomers introduce themselves (forums/migrations/0002_starting_categories).
INTRODUCTIONS_BOARD = "presentations"


@dataclass(frozen=True)
class WelcomeChecklist:
    """A newcomer's first steps, each read from their own data at every request."""

    profile_missing: list[str]
    introduced: bool
    joined_event: bool

    @property
    def profile_done(self) -> bool:
        return not self.profile_missing

    @property
    def done_count(self) -> int:
        return sum([self.profile_done, self.introduced, self.joined_event])

    @property
    def total(self) -> int:
        return 3

    @property
    def complete(self) -> bool:
        return self.done_count == self.total


def welcome_checklist(member: Member) -> WelcomeChecklist:
    """Read through the member's own relations (the forums and events apps import this one, not
    the other way round), in one query. An introduction held for the moderators counts (the
    newcomer did their part), one they hid does not; an event counts once the member has a seat
    (offered or taken)."""
    checks = [
        (bool(member.display_name), _("your name")),
        (bool(member.trades.all()), _("your trade")),
        (bool(member.avatar), _("a photo")),
        (bool(member.bio), _("a few words about you")),
    ]
    rsvps = member.event_rsvps
    # chocoskype.Participant, reached through the relation: that app imports this one.
    participants = Member._meta.get_field("chocoskype").related_model.objects
    introduced, joined_event = (
        Member.objects.filter(pk=member.pk)
        .annotate(
            introduced=Exists(
                member.topics.filter(category__slug=INTRODUCTIONS_BOARD, is_hidden=False)
            ),
            # A seat at an event, or a place in the ChocoSkype ritual.
            joined_event=Exists(rsvps.filter(status__in=rsvps.model.SEAT_STATUSES))
            | Exists(participants.filter(member=member, left_at__isnull=True)),
        )
        .values_list("introduced", "joined_event")
        .get()
    )
    return WelcomeChecklist(
        profile_missing=[str(label) for done, label in checks if not done],
        introduced=introduced,
        joined_event=joined_event,
    )


def blocked_either_way(first, second) -> bool:
    """Whether one of the two members blocked the other (visitors block nobody)."""
    if not first.is_authenticated or not second.is_authenticated:
        return False
    return Block.objects.filter(
        Q(blocker=first, blocked=second) | Q(blocker=second, blocked=first)
    ).exists()


def blockers_between(viewer, member: Member) -> set[int]:
    """Which of the two blocked the other (their ids), for the buttons of a profile."""
    if not viewer.is_authenticated or viewer.pk == member.pk:
        return set()
    return set(
        Block.objects.filter(
            Q(blocker=viewer, blocked=member) | Q(blocker=member, blocked=viewer)
        ).values_list("blocker_id", flat=True)
    )


def blocks_by(member: Member) -> QuerySet[Block]:
    """The members someone blocked, most recent first, for their preferences page."""
    return (
        Block.objects.filter(blocker=member)
        .select_related("blocked")
        .only(*(f"blocked__{field}" for field in AUTHOR_FIELDS), "created_at", "blocker_id")
        .order_by("-created_at", "-pk")
    )


CARD_TRADES = 2


def card_trades_attach(members: Iterable[Member], *, limit: int = CARD_TRADES) -> None:
    """Sets ``member.card_trades`` to each member's first ``limit`` trades, as author cards
    show them, in one query over the link table. A page of twenty posts used to build twenty
    related managers and twenty translated querysets for the same few rows."""
    members = list(members)
    if not members:
        return
    links = (
        Member.trades.through.objects.filter(member_id__in={member.pk for member in members})
        .select_related("trade")
        .order_by("member_id", "trade__position", "trade__name")
    )
    by_member: dict[int, list[Trade]] = {}
    for link in links:
        trades = by_member.setdefault(link.member_id, [])
        if len(trades) < limit:
            trades.append(link.trade)
    for member in members:
        member.card_trades = by_member.get(member.pk, [])
