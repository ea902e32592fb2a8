"""Reads for the forum pages, each a constant number of queries whatever the data size."""

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import reduce
from html import unescape
from operator import or_

from django.core.paginator import Page
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.paging import KnownCountPaginator, UncountedPage, UncountedPaginator, page_number
from core.usertext import plain_text, truncate_words
from members.selectors import author_fields_unshown

from .models import (
    POSTS_PER_PAGE,
    SEARCH_CONFIG,
    TOPICS_PER_PAGE,
    Bookmark,
    Category,
    CategoryReadMark,
    Draft,
    Post,
    PostLike,
    PublicationStatus,
    Tag,
    Topic,
    TopicReadState,
)
from .permissions import can_moderate

NEW_TOPIC_AGE = timedelta(days=7)
# What lists never show of the posts and members they join: long texts and the search vector,
# which would be read, sent and parsed for every row.
LAST_POST_DEFERRED = (
    "last_post__body",
    "last_post__body_html",
    "last_post__search_vector",
    "last_post__author__bio",
    "last_post__author__bio_html",
)
# Topic lists join each topic's last post for its number only (the reader's unread count), not
# its author, whom they do not show.
LIST_DEFERRED = (
    "last_post__body",
    "last_post__body_html",
    "last_post__search_vector",
    "author__bio",
    "author__bio_html",
)
SEARCH_RESULTS_PER_PAGE = 20
SEARCH_CANDIDATES = 500  # the newest matches that are ranked, on PostgreSQL

TOPIC_VIEWS = ("latest", "new", "unanswered", "solved", "mine")


def categories_visible_to(user) -> QuerySet[Category]:
    return (
        Category.objects.visible_to(user)
        .select_related("last_post__topic", "last_post__author")
        .defer(*LAST_POST_DEFERRED)
    )


def get_category_for_reader(user, slug: str) -> Category:
    try:
        return Category.objects.visible_to(user).get(slug=slug)
    except Category.DoesNotExist:
        raise Http404 from None


def _in_readable_boards(user, prefix: str = "") -> Q:
    """Topics of the boards the reader may open (Category.objects.visible_to), as a plain
    condition on the topic at ``prefix``: a members-only board is the only one closed, and only
    to visitors."""
    return Q() if user.is_authenticated else Q(**{f"{prefix}category__members_only": False})


def _topic_readable_by(user, prefix: str = "") -> Q:
    """Topics the reader may open, as a condition on the topic at ``prefix`` ("" for a topic,
    "topic__" for a post's): in a board they may read and, except to moderators, neither hidden
    nor held (a held topic is its author's to see)."""
    readable = _in_readable_boards(user, prefix)
    if can_moderate(user):
        return readable
    visible = Q(**{f"{prefix}is_hidden": False, f"{prefix}status": PublicationStatus.PUBLISHED})
    if user.is_authenticated:
        visible |= Q(**{f"{prefix}is_hidden": False, f"{prefix}author": user})
    return readable & visible


def _topics_visible_to(user) -> QuerySet[Topic]:
    topics = Topic.objects.filter(_in_readable_boards(user))
    if can_moderate(user):
        return topics
    return topics.visible()


def visible_filter_for(user) -> Q:
    """Posts a reader sees as written: moderators see everything; authors their held posts."""
    if can_moderate(user):
        return Q()
    visible = Q(status=PublicationStatus.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(author=user)
    return visible


def topics_page(
    *, user, category: Category | None, view: str = "latest", tag: Tag | None = None, page=1
) -> Page:
    """A page of a topic list. The ids come first through the (partial) index that matches the
    view, and the rows for those ids only: deep pages stay cheap."""
    if category is None:
        topics = _topics_visible_to(user)
    else:
        # The board itself says whether the reader may open it: checking it again on each row
        # would join the boards all along a deep page's scan of the index.
        topics = Topic.objects.filter(category=category)
        if category.members_only and not user.is_authenticated:
            topics = topics.none()
        if not can_moderate(user):
            topics = topics.visible()
    order = [F("is_pinned").desc(), F("last_post_at").desc(), F("id").desc()]
    if view == "new":
        topics = topics.filter(created_at__gte=timezone.now() - NEW_TOPIC_AGE)
        order = [F("created_at").desc(), F("id").desc()]
    elif view == "unanswered":
        topics = topics.filter(reply_count=0)
        order = [F("last_post_at").desc(), F("id").desc()]
    elif view == "solved":
        topics = topics.filter(solution__isnull=False)
        order = [F("last_post_at").desc(), F("id").desc()]
    elif view == "mine" and user.is_authenticated:
        topics = topics.filter(
            Exists(
                TopicReadState.objects.filter(member=user, topic=OuterRef("pk"), has_posted=True)
            )
        )
        order = [F("last_post_at").desc(), F("id").desc()]
    if tag is not None:
        topics = topics.filter(tags=tag)

    plain_list = view == "latest" and tag is None and category is not None
    # A plain category list counts nothing: the services keep category.topic_count.
    count = category.topic_count if plain_list and not can_moderate(user) else topics.count()
    paginator = KnownCountPaginator(
        topics.order_by(*order).values("id"), TOPICS_PER_PAGE, count=count
    )
    page_of_ids = paginator.get_page(page_number(page))
    rows = (
        Topic.objects.filter(id__in=Subquery(page_of_ids.object_list))
        .select_related("author", "category", "last_post")
        .defer(*LIST_DEFERRED)
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name", "slug")))
        .order_by(*order)
    )
    return Page(list(rows), page_of_ids.number, paginator)


def topics_latest(*, user, limit: int) -> list[Topic]:
    """The latest active topics across the boards the reader may see (the home page's list).

    Ordered as topic_activity_idx is (last_post_at DESC, id DESC; DESC puts NULLs first on
    PostgreSQL), so that PostgreSQL reads the first rows of that index instead of sorting every
    topic: NULLS LAST cost the home page 190 ms on 20,000 topics. A topic always has a last
    activity (forums.services); the filter keeps one that had none off the list, on every
    database."""
    return list(
        _topics_visible_to(user)
        .filter(last_post_at__isnull=False)
        .select_related("author", "category", "last_post")
        .defer(*LIST_DEFERRED)
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name", "slug")))
        .order_by(F("last_post_at").desc(), F("id").desc())[:limit]
    )


SIMILAR_TOPICS = 5
SIMILAR_MIN_CHARS = 3  # a title shorter than this, and shorter words, suggest nothing
SIMILAR_MAX_WORDS = 12
SIMILAR_CANDIDATES = 200  # the newest first posts matching a word that are ranked


def topics_similar(*, user, title: str, limit: int = SIMILAR_TOPICS) -> list[Topic]:
    """Topics the reader may open that speak of what a title being typed says, so that a
    newcomer finds the answer before asking again (the new topic form, as Discourse does): any
    of its words in a topic's title or first post, in French and ranked, on PostgreSQL; any of
    them in a title, newest first, on SQLite. One query."""
    words = [word for word in re.findall(r"\w+", title) if len(word) >= SIMILAR_MIN_CHARS]
    if len(title.strip()) < SIMILAR_MIN_CHARS or not words:
        return []
    words = words[:SIMILAR_MAX_WORDS]
    topics = _topics_visible_to(user).select_related("category")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = reduce(
            or_, (SearchQuery(word, config=SEARCH_CONFIG, search_type="plain") for word in words)
        )
        # A common word matches much of a big board: only the newest candidates are ranked, as
        # in posts_search.
        newest = (
            Post.objects.filter(number=1, search_vector=query)
            .order_by("-pk")
            .values("topic_id")[:SIMILAR_CANDIDATES]
        )
        topics = (
            topics.filter(pk__in=newest)
            .annotate(rank=SearchRank(F("first_post__search_vector"), query))
            .order_by("-rank", F("last_post_at").desc(nulls_last=True), "-pk")
        )
    else:
        topics = topics.filter(reduce(or_, (Q(title__icontains=word) for word in words)))
        topics = topics.order_by(F("last_post_at").desc(nulls_last=True), "-pk")
    return list(topics[:limit])


def topics_started_by(*, author, user, limit: int) -> list[Topic]:
    """A member's latest topics that the reader may see, for their profile."""
    return list(
        _topics_visible_to(user)
        .filter(author=author)
        .select_related("category")
        .order_by("-created_at", "-pk")[:limit]
    )


def topics_best_new(*, member, since: datetime, limit: int) -> list[Topic]:
    """The most followed new topics by others since then, in the boards the member watches (or
    all): the weekly digest's discussions."""
    topics = Topic.objects.visible().filter(created_at__gte=since).exclude(author=member)
    watched = Category.objects.filter(watches__member=member)
    if watched.exists():
        topics = topics.filter(category__in=watched)
    return list(
        topics.select_related("category", "first_post").order_by(
            (F("reply_count") + F("first_post__like_count")).desc(), "-created_at"
        )[:limit]
    )


def topics_unanswered_in_trades(*, member, since: datetime, limit: int) -> list[Topic]:
    """The questions nobody answered since then, asked by members who share one of the
    member's trades (only recent ones: a digest repeats nothing from the one before)."""
    shares_a_trade = Exists(
        type(member).trades.through.objects.filter(
            member_id=OuterRef("author_id"), trade__in=member.trades.all()
        )
    )
    return list(
        Topic.objects.visible()
        .filter(category__is_questions=True, reply_count=0, created_at__gte=since)
        .exclude(author=member)
        .filter(shares_a_trade)
        .select_related("category")
        .order_by("-created_at")[:limit]
    )


def get_topic_for_reader(
    user, pk: int, *, with_read_state: bool = False, for_page: bool = False
) -> Topic:
    """A topic the reader may open: hidden and held topics are 404s except to moderators (and a
    held topic to its author). ``with_read_state``: with the member's read marker
    (``my_last_read``), for the jump to the first unread post; the topic page reads it with
    the rest of the reader's state (``reader_state_for``). ``for_page``: what the topic's page
    shows of its author, accepted answer and event only, the rest of their rows left unread.

    Its tags are not prefetched: the topic page reads them once (one query, as a prefetch is),
    and the other views that open a topic (reply, moderation, a post's permalink) never do."""
    topics = Topic.objects.filter(_topic_readable_by(user)).select_related(
        "category", "author", "solution__author", "event"
    )
    if for_page:
        topics = topics.defer(
            "solution__search_vector",
            "event__description",
            "event__description_html",
            *author_fields_unshown("author"),
            *author_fields_unshown("solution__author"),
        )
    if with_read_state and user.is_authenticated:
        state = TopicReadState.objects.filter(member=user, topic=OuterRef("pk"))
        topics = topics.annotate(my_last_read=Subquery(state.values("last_read_number")[:1]))
    try:
        return topics.get(pk=pk)
    except Topic.DoesNotExist:
        raise Http404 from None


def posts_page(*, user, topic: Topic, page: int) -> list[Post]:
    """One page of a topic, read by post number through the (topic, number) index. The authors'
    trades are read by the page's posts fragment when it renders them (forums/topic.html's
    ``{% author_cards_prepare %}``), not when its copy is served. The Markdown source is left
    unread: the page shows the HTML, and a quote reads its post on its own."""
    first = (page - 1) * POSTS_PER_PAGE + 1
    posts = (
        Post.objects.filter(topic=topic, number__gte=first, number__lt=first + POSTS_PER_PAGE)
        .filter(visible_filter_for(user))
        .select_related("author")
        .order_by("number")
    )
    # The LIMIT says what the number range already does, for the planner: it guesses a long
    # topic's page at hundreds of rows (topic and number taken as unrelated) and then hashes
    # every member for the join; with it, it walks (topic, number) and 20 authors by key.
    return list(
        posts.defer("body", "search_vector", *author_fields_unshown("author"))[:POSTS_PER_PAGE]
    )


def posts_latest_in_topic(*, topic_id: int, limit: int) -> list[Post]:
    """The last posts every member may read of a topic, oldest first (an event's discussion)."""
    posts = (
        Post.objects.visible()
        .filter(topic_id=topic_id, topic__is_hidden=False)
        .select_related("author", "topic")
        .order_by("-number")[:limit]
    )
    return list(posts)[::-1]


def get_post_for_reader(user, pk: int) -> Post:
    """A post the reader may open, for every path that names one (its permalink, like,
    bookmark, report, edit, solution, revisions, moderation): in a topic they may open
    (get_topic_for_reader) and, except to moderators, neither hidden nor deleted nor held (a
    held post is its author's to see). Any other is a 404, so that its text reaches nobody
    through a form that quotes it. The topic page itself still marks the place of a hidden or
    deleted post, without its text."""
    posts = Post.objects.filter(_topic_readable_by(user, "topic__"))
    if not can_moderate(user):
        posts = posts.filter(visible_filter_for(user), is_hidden=False, is_deleted=False)
    try:
        return posts.select_related("topic__category", "author").get(pk=pk)
    except Post.DoesNotExist:
        raise Http404 from None


def first_unread_number(topic: Topic) -> int:
    """The first post a member has not read yet (or the last one when all are read)."""
    last_read = getattr(topic, "my_last_read", None) or 0
    return min(last_read + 1, topic.last_post_number)


def draft_for(*, member, topic: Topic | None) -> Draft | None:
    if not member.is_authenticated:
        return None
    return Draft.objects.filter(member=member, topic=topic).first()


def tags_all() -> QuerySet[Tag]:
    return Tag.objects.only("name", "slug")


def bookmarks_of(member) -> QuerySet[Bookmark]:
    """The member's bookmarks of posts that every member may read. A post hidden, deleted or
    in a topic hidden since it was bookmarked drops out of the list (its text with it), and
    comes back if a moderator shows it again; the row stays, as the member made it."""
    return (
        Bookmark.objects.filter(
            member=member,
            post__status=PublicationStatus.PUBLISHED,
            post__is_hidden=False,
            post__is_deleted=False,
            post__topic__status=PublicationStatus.PUBLISHED,
            post__topic__is_hidden=False,
        )
        .select_related("post__topic", "post__author")
        .order_by("-created_at")
    )


# --- Search ----------------------------------------------------------------------------------


# ts_headline marks the matches in the rendered text (it drops the tags, keeps the entities);
# control characters that no post contains mark them, and the text is escaped again before
# <mark> goes in.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"
EXCERPT_MAX_CHARS = 400
# On SQLite: how much text comes before the first match in an excerpt.
EXCERPT_LEAD_CHARS = 80


def _highlighted(excerpt: str) -> str:
    """An excerpt marked with HIGHLIGHT_START/STOP, as safe HTML with <mark>s: cut on a word,
    and never leaving a <mark> open."""
    text = truncate_words(excerpt, EXCERPT_MAX_CHARS)
    if text.count(HIGHLIGHT_START) > text.count(HIGHLIGHT_STOP):
        text = text.removesuffix("…") + HIGHLIGHT_STOP + ("…" if text.endswith("…") else "")
    return mark_safe(  # noqa: S308 - escaped just before; only our <mark> tags are added
        escape(text).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


# The tags of a post's HTML, for PostgreSQL's regexp_replace: a block's tags part words (a
# space), inline ones do not (“mot</strong>,” reads “mot,”). ts_headline alone would put a
# space for each.
BLOCK_TAG_PATTERN = (
    r"</?(p|br|h[1-6]|li|ul|ol|blockquote|pre|hr|table|thead|tbody|tr|th|td)\y[^>]*>"
)
TAG_PATTERN = r"<[^>]*>"


def _html_as_text(field: str) -> Func:
    """A post's HTML as text in SQL, its entities kept (``_headline_as_text`` reads them)."""
    blocks_spaced = Func(
        F(field), Value(BLOCK_TAG_PATTERN), Value(" "), Value("gi"), function="regexp_replace"
    )
    return Func(blocks_spaced, Value(TAG_PATTERN), Value(""), Value("g"), function="regexp_replace")


def _headline_as_text(headline: str) -> str:
    """ts_headline's excerpt of a post's HTML as plain text (the tags it dropped, the entities it
    kept)."""
    return " ".join(unescape(headline).split())


def _marked_in_python(html: str, words: list[str]) -> str:
    """SQLite's excerpt: the post's plain text from a little before the first word found, every
    word found marked (case aside, as SQLite's substring match finds them)."""
    text = plain_text(html)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    if first is not None and first.start() > EXCERPT_LEAD_CHARS:
        start = text.rfind(" ", 0, first.start() - EXCERPT_LEAD_CHARS) + 1
        text = "…" + text[start:]
    text = text[: EXCERPT_MAX_CHARS * 2]
    return pattern.sub(lambda match: HIGHLIGHT_START + match.group(0) + HIGHLIGHT_STOP, text)


@dataclass
class SearchFilters:
    query: str = ""
    category: Category | None = None
    tag: Tag | None = None
    author: str = ""
    since: object = None
    solved_only: bool = False


class SearchPage(UncountedPage):
    """A page of search results, one per topic: its best-matching post, with
    ``topic_matches`` (how many of the topic's posts match) and ``excerpt_html``;
    forums/search.html names them ``results``."""

    @property
    def results(self) -> list[Post]:
        return self.object_list


def posts_search(*, user, filters: SearchFilters, page=1) -> SearchPage:
    """Ranked topics matching the words, in French and without accents on PostgreSQL; a plain
    substring match on SQLite. A topic shows once, by its best-matching post (as Discourse
    does): a topic where a word comes back in a dozen replies is one result, not a dozen.

    Two queries: the page of best posts (window functions pick one per topic; the page is
    fetched one row long to know if there is a next one, instead of counting every match),
    then those posts' rows with their excerpts."""
    posts = Post.objects.visible().filter(topic__in=_topics_visible_to(user))
    if filters.category is not None:
        posts = posts.filter(topic__category=filters.category)
    if filters.tag is not None:
        posts = posts.filter(topic__tags=filters.tag)
    if filters.author:
        posts = posts.filter(author__username=filters.author.lower().lstrip("@"))
    if filters.since is not None:
        since = filters.since
        if not isinstance(since, datetime):
            # From midnight in the reader's timezone: a bare date would be a naive datetime.
            since = datetime.combine(since, time.min, tzinfo=timezone.get_current_timezone())
        posts = posts.filter(created_at__gte=since)
    if filters.solved_only:
        posts = posts.filter(
            Q(topic__solution=F("pk")) | Q(number=1, topic__solution__isnull=False)
        )
    words = filters.query.split()
    on_postgresql = connection.vendor == "postgresql"
    if on_postgresql:
        from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

        query = SearchQuery(filters.query, config=SEARCH_CONFIG, search_type="websearch")
        # A common word (“tarif”) matches a good part of a big board, and ranking every match
        # costs far more than the page: only the newest SEARCH_CANDIDATES matches are ranked.
        # The planner reads them backwards through the primary key for a common word, from the
        # GIN index for a rare one; the page's rows alone are then read whole, with excerpts.
        newest = posts.filter(search_vector=query).order_by("-pk").values("pk")
        matches = Post.objects.filter(pk__in=newest[:SEARCH_CANDIDATES]).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    else:
        for word in words:
            posts = posts.filter(Q(body__icontains=word) | Q(topic__title__icontains=word))
        matches = posts.annotate(rank=Value(1.0))
    best_first = [F("rank").desc(), F("created_at").desc(), F("pk").desc()]
    best_per_topic = (
        matches.annotate(
            place_in_topic=Window(RowNumber(), partition_by=F("topic_id"), order_by=best_first),
            topic_matches=Window(Count("pk"), partition_by=F("topic_id")),
        )
        .filter(place_in_topic=1)
        .order_by(*best_first)
        .values_list("pk", "topic_matches")
    )
    paginator = UncountedPaginator(best_per_topic, SEARCH_RESULTS_PER_PAGE, page_class=SearchPage)
    results = paginator.get_page(page)
    counts = dict(results.object_list)
    rows = (
        Post.objects.filter(pk__in=counts)
        .select_related("topic__category", "author")
        .defer("search_vector", *author_fields_unshown("author"))
    )
    if on_postgresql:
        rows = rows.annotate(
            excerpt=SearchHeadline(
                _html_as_text("body_html"),
                query,
                config=SEARCH_CONFIG,
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
            )
        )
    by_pk = {post.pk: post for post in rows}
    found = []
    for pk, topic_matches in results.object_list:
        post = by_pk[pk]
        post.topic_matches = topic_matches
        marked = (
            _headline_as_text(post.excerpt)
            if on_postgresql
            else _marked_in_python(post.body_html, words)
        )
        post.excerpt_html = _highlighted(marked)
        found.append(post)
    results.object_list = found
    return results


@dataclass
class ReaderState:
    """What the board pages show of the reader's own: which of the page's posts they liked and
    bookmarked, how far they read its topics and how they follow them, which topics of a list
    are new or unread to them. Visitors have none of it (``ReaderState()``)."""

    liked_post_ids: frozenset[int] = frozenset()
    bookmarked_post_ids: frozenset[int] = frozenset()
    last_read_numbers: dict[int, int] = field(default_factory=dict)
    notification_levels: dict[int, str] = field(default_factory=dict)
    # Per listed topic: -1 for a topic never opened, else how many posts are unread (0: none).
    unread: dict[int, int] = field(default_factory=dict)


def reader_state_for(member, *, posts=(), topics=(), topic=None) -> ReaderState:
    """The member's own state for what a page shows (the posts of a topic page and its
    ``topic``, or the ``topics`` of a list): one small query for each kind of fact the page
    needs, none for a visitor."""
    if not member.is_authenticated:
        return ReaderState()
    post_ids = [post.pk for post in posts]
    topic_ids = {listed.pk for listed in topics} | {post.topic_id for post in posts}
    if topic is not None:
        topic_ids.add(topic.pk)
    liked, bookmarked = set(), set()
    if post_ids:
        # Likes and bookmarks in one round trip.
        likes = PostLike.objects.filter(member=member, post_id__in=post_ids).annotate(
            kind=Value("like")
        )
        marks = Bookmark.objects.filter(member=member, post_id__in=post_ids).annotate(
            kind=Value("bookmark")
        )
        for post_id, kind in likes.values_list("post_id", "kind").union(
            marks.values_list("post_id", "kind"), all=True
        ):
            (liked if kind == "like" else bookmarked).add(post_id)
    last_read_numbers, levels = {}, {}
    if topic_ids:
        for topic_id, number, level in TopicReadState.objects.filter(
            member=member, topic_id__in=topic_ids
        ).values_list("topic_id", "last_read_number", "notification_level"):
            last_read_numbers[topic_id] = number
            levels[topic_id] = level
    unread = {}
    if topics:
        marks = dict(
            CategoryReadMark.objects.filter(
                member=member, category_id__in={listed.category_id for listed in topics}
            ).values_list("category_id", "marked_at")
        )
        unread = {
            listed.pk: _unread_count(member, listed, last_read_numbers, marks) for listed in topics
        }
    return ReaderState(
        liked_post_ids=frozenset(liked),
        bookmarked_post_ids=frozenset(bookmarked),
        last_read_numbers=last_read_numbers,
        notification_levels=levels,
        unread=unread,
    )


def topic_posts_shown(*, topic: Topic, posts: list[Post], reader: ReaderState, user) -> str:
    """Everything the posts of a topic page show that their own values say, with the reader's
    relation to them, as one key (``{% fragment "topic-posts" %}``, forums/topic.html): readers
    who liked, bookmarked and wrote none of them (nearly all, on most pages) share one copy of
    the page's posts; any edit, like or moderation of one of them makes a new key."""
    solution = topic.solution
    shown = [
        topic.pk,
        topic.author_id,
        topic.category.is_questions,
        topic.solution_id,
        solution and (solution.edited_at, solution.status, solution.is_hidden, solution.is_deleted),
        [_post_shown(post) for post in posts],
        sorted(reader.liked_post_ids),
        sorted(reader.bookmarked_post_ids),
        [post.pk for post in posts if user.is_authenticated and post.author_id == user.pk],
    ]
    return repr(shown)


def _post_shown(post: Post) -> tuple:
    return (
        post.pk,
        post.number,
        post.edited_at,
        post.status,
        post.is_hidden,
        post.is_deleted,
        post.like_count,
    )


def _unread_count(member, topic, last_read_numbers, marks) -> int:
    """Posts of a listed topic the member has not read: -1 for a topic never opened. What was
    quiet before the member joined, or before they marked the board read, is read; replies
    held for approval or hidden after the last visible one are not news."""
    if topic.last_post_at is None:
        return 0
    marked_at = marks.get(topic.category_id)
    if marked_at is not None and marked_at >= topic.last_post_at:
        return 0
    last_read = last_read_numbers.get(topic.pk)
    if last_read is None:
        return -1 if topic.last_post_at > member.date_joined else 0
    last_post = topic.last_post if Topic.last_post.is_cached(topic) else None
    last_number = last_post.number if last_post is not None else topic.last_post_number
    return max(0, last_number - last_read)
