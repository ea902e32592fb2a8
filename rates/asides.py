"""The observatory beside the boards (forums.hooks): a topic whose tags name a service shows that
service's headline figures; the new-topic form of a board where such topics are written
suggests the observatory before asking.

The topic card is the same for every reader (headline figures only, which everyone may see), so
the visitors' page cache may serve it: rates.signals starts a new generation of the scope of
every topic showing a service's figures when a report of that service changes. The card is also
a shared fragment keyed by that scope, so a member's page reads its figures only when they
changed.
"""

from functools import cached_property

from django.db.models import Count

from forums.hooks import Aside
from forums.models import VISIBLE_TOPIC, Topic
from forums.page_cache import topic_scope

from . import rules, selectors

# A topic whose tags name many services shows this many lines at most (the observatory has all).
CARD_HEADLINES = 8
# The new-topic hint names at most this many services' medians (the observatory has the rest).
HINT_HEADLINES = 6
# A board gets the hint when at least this share of its topics name a service by their tags.
BOARD_SHARE = 0.25


class TopicCard:
    """What the card of one topic shows, read only if the card is rendered: a cached copy of the
    fragment (templates/rates/includes/topic_card.html) reads nothing."""

    def __init__(self, topic: Topic):
        self.topic = topic
        self.topic_id = topic.pk
        self.scope = topic_scope(topic.pk)

    @cached_property
    def headlines(self) -> list[selectors.Headline]:
        # Most topics name no service: the tags the page reads for its header tell, with the
        # tags of the services this process knows, and the figures are read only for those
        # that do (two queries).
        service_tags = selectors.service_tag_ids()
        tag_ids = [tag.pk for tag in self.topic.tags_shown if tag.pk in service_tags]
        headlines = selectors.card_for_tags(tag_ids) if tag_ids else []
        return headlines[:CARD_HEADLINES]


def topic_card(topic: Topic, user) -> Aside:
    return Aside(
        "rates/includes/topic_card.html",
        {
            "rates_card": TopicCard(topic),
            "rates_min_members": rules.MIN_MEMBERS,
            "rates_period_years": rules.PERIOD_YEARS,
        },
    )


def board_service_tag_ids(category) -> list[int]:
    """The tags of the active services that name visible topics of the board, when such
    topics are at least BOARD_SHARE of the board's topics: where members talk rates, not where
    one topic once did (two queries)."""
    service_tags = Topic.tags.through.objects.filter(
        topic__in=Topic.objects.filter(VISIBLE_TOPIC, category=category),
        tag__rate_services__is_active=True,
    ).order_by()
    tagged = service_tags.aggregate(topics=Count("topic_id", distinct=True))["topics"]
    if not tagged or tagged < BOARD_SHARE * category.topic_count:
        return []
    return sorted(set(service_tags.values_list("tag_id", flat=True)))


def new_topic_hint(category, user) -> Aside | None:
    """For a board where members talk rates: the medians of the services its topics name,
    and what the member gets for a report of their own (give to get)."""
    if category is None:
        return None
    tag_ids = board_service_tag_ids(category)
    if not tag_ids:
        return None
    headlines = [h for h in selectors.card_for_tags(tag_ids) if h.median is not None]
    headlines.sort(key=lambda h: -h.members)
    return Aside(
        "rates/includes/new_topic_hint.html",
        {
            "rates_headlines": headlines[:HINT_HEADLINES],
            "rates_sees_every_cut": selectors.member_sees_every_cut(user),
            "rates_min_members": rules.MIN_MEMBERS,
        },
    )
