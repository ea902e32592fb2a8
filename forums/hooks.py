"""Ways for apps built on the forums to add to their pages, without the forums importing them
(they register in their AppConfig.ready()).

An *aside* is a piece an app puts beside a discussion (``register_topic_aside``: the topic's page)
or above the form that starts one (``register_new_topic_aside``: the new-topic form, for the
board it opens on), e.g. the rates observatory's figures for a topic whose tags name one of its
services. A provider returns an ``Aside`` (a template and its context, rendered with the page's
context, so ``request``, ``user`` and ``{% csrf_token %}`` work in it) or None for nothing.

The topic page is served to visitors from the page cache (core/pagecache.py), tagged with the
generations of the whole site and of its topic's scope (forums.page_cache.topic_scope). So what a
topic aside shows a visitor must be the same for every visitor, and its app must start a new
generation of the topic's scope (``pagecache.invalidate(topic_scope(pk))``) whenever that
changes. An aside that caches itself as a ``{% fragment %}`` keys it by those same scopes.
Members' pages are rendered for each of them: an aside may show a member their own state, read
with their own small queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .models import Category, Topic


@dataclass(frozen=True)
class Aside:
    template: str
    context: dict = field(default_factory=dict)


# (topic, the reader: a member or AnonymousUser) → an aside or None.
TopicAside = Callable[[Topic, object], Aside | None]
# (the board the form opens on, or None when none was chosen yet; the member) → an aside or None.
NewTopicAside = Callable[[Category | None, object], Aside | None]

_topic_asides: list[TopicAside] = []
_new_topic_asides: list[NewTopicAside] = []


def register_topic_aside(provider: TopicAside) -> None:
    if provider not in _topic_asides:
        _topic_asides.append(provider)


def register_new_topic_aside(provider: NewTopicAside) -> None:
    if provider not in _new_topic_asides:
        _new_topic_asides.append(provider)


def topic_asides(*, topic: Topic, user) -> list[Aside]:
    return [aside for provider in _topic_asides if (aside := provider(topic, user)) is not None]


def new_topic_asides(*, category: Category | None, user) -> list[Aside]:
    return [
        aside for provider in _new_topic_asides if (aside := provider(category, user)) is not None
    ]
