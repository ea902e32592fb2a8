"""Every change to the forums goes through these functions: they check permissions and limits,
keep the denormalised counters right, log moderation, and announce new posts after commit."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.usertext import mention_handles, render_markdown
from members.models import Member
from moderation.models import ModerationAction
from moderation.services import moderation_log

from . import signals
from .models import (
    BODY_MAX_LENGTH,
    BODY_MIN_LENGTH,
    MAX_TAGS,
    SEARCH_CONFIG,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    Bookmark,
    Category,
    CategoryReadMark,
    CategoryWatch,
    Draft,
    NotificationLevel,
    Post,
    PostLike,
    PostRevision,
    PublicationStatus,
    Tag,
    TagWatch,
    Topic,
    TopicReadState,
)
from .permissions import can_accept_solution, can_edit_post, can_moderate, can_post

MIN_SECONDS_BETWEEN_POSTS = 15
DUPLICATE_WINDOW = timedelta(hours=24)
NEW_MEMBER_PERIOD = timedelta(days=7)
# How late an autosave of a message may reach the server after the message itself.
DRAFT_LATE_SAVE = timedelta(minutes=5)
NEW_MEMBER_POSTS_PER_HOUR = 10
NEW_MEMBER_TOPICS_PER_DAY = 3


# --- Rendering and checks --------------------------------------------------------------------


def body_render(body: str) -> tuple[str, list[Member]]:
    """Renders a post once, linking the @mentions of existing members."""
    handles = mention_handles(body)
    mentioned = list(Member.objects.active().filter(username__in=handles)) if handles else []
    html = render_markdown(body, mentions={m.username: m.get_absolute_url() for m in mentioned})
    return html, mentioned


def _field_error(field: str, message: str, code: str) -> ValidationError:
    # A dict of plain messages would drop the code; the forms show the message on the field.
    return ValidationError({field: ValidationError(message, code=code)})


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) < TITLE_MIN_LENGTH:
        raise _field_error(
            "title",
            _("Give your topic a title of at least %(min)s characters.")
            % {"min": TITLE_MIN_LENGTH},
            "title_too_short",
        )
    if len(title) > TITLE_MAX_LENGTH:
        raise _field_error(
            "title",
            _("Keep the title under %(max)s characters.") % {"max": TITLE_MAX_LENGTH},
            "title_too_long",
        )
    return title


def _clean_body(body: str) -> str:
    body = body.strip()
    if len(body) < BODY_MIN_LENGTH:
        raise _field_error("body", _("Write a message first."), "body_empty")
    if len(body) > BODY_MAX_LENGTH:
        raise _field_error(
            "body",
            _("Your message is %(length)s characters long; the limit is %(max)s.")
            % {"length": len(body), "max": BODY_MAX_LENGTH},
            "body_too_long",
        )
    return body


def _check_posting_limits(author: Member, body: str, *, new_topic: bool) -> None:
    """Flood and spam brakes; moderators are exempt. Each refusal says why and when to retry."""
    if can_moderate(author):
        return
    now = timezone.now()
    recent = Post.objects.filter(author=author, created_at__gte=now - DUPLICATE_WINDOW)
    last_at = recent.order_by("-created_at").values_list("created_at", flat=True).first()
    if last_at and (now - last_at).total_seconds() < MIN_SECONDS_BETWEEN_POSTS:
        wait = MIN_SECONDS_BETWEEN_POSTS - int((now - last_at).total_seconds())
        raise ValidationError(
            ngettext(
                "You are posting very fast: wait %(seconds)s second and send again.",
                "You are posting very fast: wait %(seconds)s seconds and send again.",
                wait,
            )
            % {"seconds": wait},
            code="too_fast",
        )
    if recent.filter(body=body).exists():
        raise ValidationError(
            _("You already posted this exact message in the last 24 hours."), code="duplicate"
        )
    if author.date_joined > now - NEW_MEMBER_PERIOD:
        if recent.filter(created_at__gte=now - timedelta(hours=1)).count() >= (
            NEW_MEMBER_POSTS_PER_HOUR
        ):
            raise ValidationError(
                ngettext(
                    "New members may post %(count)s message an hour. Please come back later.",
                    "New members may post %(count)s messages an hour. Please come back later.",
                    NEW_MEMBER_POSTS_PER_HOUR,
                )
                % {"count": NEW_MEMBER_POSTS_PER_HOUR},
                code="new_member_rate",
            )
        if new_topic and recent.filter(number=1).count() >= NEW_MEMBER_TOPICS_PER_DAY:
            raise ValidationError(
                ngettext(
                    "New members may open %(count)s topic a day. Please come back tomorrow.",
                    "New members may open %(count)s topics a day. Please come back tomorrow.",
                    NEW_MEMBER_TOPICS_PER_DAY,
                )
                % {"count": NEW_MEMBER_TOPICS_PER_DAY},
                code="new_member_topics",
            )


def _publication_status(author: Member) -> str:
    """New members' first posts may wait for a moderator (settings.FORUMS_HOLD_FIRST_POSTS)."""
    hold = settings.FORUMS_HOLD_FIRST_POSTS
    if hold and not can_moderate(author):
        published = Post.objects.filter(author=author, status=PublicationStatus.PUBLISHED)
        if published.count() < hold:
            return PublicationStatus.HELD
    return PublicationStatus.PUBLISHED


def _require_poster(author: Member) -> None:
    if not can_post(author):
        raise PermissionDenied


def _index_for_search(post: Post) -> None:
    """Keeps the post's stored tsvector current (title weighs more, on the first post)."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Value

    title = post.topic.title if post.number == 1 else ""
    Post.objects.filter(pk=post.pk).update(
        search_vector=SearchVector(Value(title), weight="A", config=SEARCH_CONFIG)
        + SearchVector("body", weight="B", config=SEARCH_CONFIG)
    )


def _announce(post: Post, mentioned: list[Member]) -> None:
    transaction.on_commit(
        lambda: signals.post_published.send(sender=Post, post=post, mentioned=mentioned),
        robust=True,
    )


def _topic_is_visible(topic: Topic) -> bool:
    return not topic.is_hidden and topic.status == PublicationStatus.PUBLISHED


def _counters_add(topic: Topic, post: Post, *, new_topic: bool) -> None:
    """A post became visible: counters and last activity of its topic and category follow."""
    if not new_topic:
        Topic.objects.filter(pk=topic.pk).update(
            reply_count=F("reply_count") + 1,
            last_post=post,
            last_post_at=post.created_at,
        )
        if not _topic_is_visible(topic):
            # A board counts the posts of its visible topics only.
            return
    Category.objects.filter(pk=topic.category_id).update(
        topic_count=F("topic_count") + (1 if new_topic else 0),
        post_count=F("post_count") + 1,
        last_post=post,
    )


def _read_state_after_posting(member: Member, topic: Topic, number: int) -> None:
    """Posting marks the topic read up to one's post and, the first time, watches it."""
    state, created = TopicReadState.objects.get_or_create(
        member=member,
        topic=topic,
        defaults={
            "last_read_number": number,
            "has_posted": True,
            "notification_level": NotificationLevel.WATCHING,
        },
    )
    if not created:
        state.last_read_number = max(state.last_read_number, number)
        if not state.has_posted:
            state.has_posted = True
            if state.notification_level == NotificationLevel.NORMAL:
                state.notification_level = NotificationLevel.WATCHING
        state.save(update_fields=["last_read_number", "has_posted", "notification_level"])


# --- Writing ---------------------------------------------------------------------------------


@transaction.atomic
def topic_create(
    *, author: Member, category: Category, title: str, body: str, tags: list[Tag]
) -> Topic:
    _require_poster(author)
    if category.members_only and not author.is_authenticated:
        raise PermissionDenied
    title, body = _clean_title(title), _clean_body(body)
    if len(tags) > MAX_TAGS:
        raise _field_error(
            "tags", _("Choose %(max)s tags at most.") % {"max": MAX_TAGS}, "too_many_tags"
        )
    _check_posting_limits(author, body, new_topic=True)
    status = _publication_status(author)
    html, mentioned = body_render(body)
    now = timezone.now()
    topic = Topic.objects.create(
        category=category,
        title=title,
        author=author,
        status=status,
        last_post_number=1,
        last_post_at=now,
    )
    post = Post.objects.create(
        topic=topic, number=1, author=author, body=body, body_html=html, status=status
    )
    topic.first_post = topic.last_post = post
    topic.save(update_fields=["first_post", "last_post"])
    topic.tags.set(tags)
    _read_state_after_posting(author, topic, 1)
    _index_for_search(post)
    Draft.objects.filter(member=author, topic__isnull=True).delete()
    if status == PublicationStatus.PUBLISHED:
        _counters_add(topic, post, new_topic=True)
        _announce(post, mentioned)
    return topic


@transaction.atomic
def post_create(*, author: Member, topic: Topic, body: str) -> Post:
    """A reply. The topic row is locked so that concurrent replies get distinct numbers."""
    _require_poster(author)
    topic = Topic.objects.select_for_update().select_related("category").get(pk=topic.pk)
    if topic.is_locked and not can_moderate(author):
        raise ValidationError(_("This topic is locked: it takes no more replies."), code="locked")
    if (topic.is_hidden or topic.status != PublicationStatus.PUBLISHED) and not can_moderate(
        author
    ):
        raise PermissionDenied
    body = _clean_body(body)
    _check_posting_limits(author, body, new_topic=False)
    status = _publication_status(author)
    html, mentioned = body_render(body)
    number = topic.last_post_number + 1
    post = Post.objects.create(
        topic=topic, number=number, author=author, body=body, body_html=html, status=status
    )
    Topic.objects.filter(pk=topic.pk).update(last_post_number=number)
    _read_state_after_posting(author, topic, number)
    _index_for_search(post)
    Draft.objects.filter(member=author, topic=topic).delete()
    if status == PublicationStatus.PUBLISHED:
        _counters_add(topic, post, new_topic=False)
        _announce(post, mentioned)
    return post


@transaction.atomic
def post_edit(
    *, editor: Member, post: Post, body: str, title: str | None = None, reason: str = ""
) -> Post:
    """Edits a post (and the topic's title through its first post), keeping the old text."""
    if not can_edit_post(editor, post):
        raise PermissionDenied
    if editor.pk != post.author_id and not reason.strip():
        raise _field_error(
            "reason",
            _("Say why you edit this member's post: the reason goes in the moderation log."),
            "reason_required",
        )
    body = _clean_body(body)
    topic = post.topic
    new_title = _clean_title(title) if title is not None and post.number == 1 else topic.title
    if body == post.body and new_title == topic.title:
        return post
    PostRevision.objects.create(
        post=post,
        editor=editor,
        previous_title=topic.title if post.number == 1 else "",
        previous_body=post.body,
        reason=reason.strip(),
    )
    mentioned_before = mention_handles(post.body)
    post.body = body
    post.body_html, mentioned = body_render(body)
    post.edited_at = timezone.now()
    post.edit_count = F("edit_count") + 1
    post.save(update_fields=["body", "body_html", "edited_at", "edit_count"])
    post.refresh_from_db(fields=["edit_count"])
    if new_title != topic.title:
        topic.title = new_title
        topic.save(update_fields=["title"])
    _index_for_search(post)
    newly_mentioned = [member for member in mentioned if member.username not in mentioned_before]
    if newly_mentioned and post.is_visible and _topic_is_visible(topic):
        transaction.on_commit(
            lambda: signals.post_mentions_added.send(
                sender=Post, post=post, mentioned=newly_mentioned
            ),
            robust=True,
        )
    if editor.pk != post.author_id:
        moderation_log(
            actor=editor,
            kind=ModerationAction.Kind.EDIT,
            target=post,
            member=post.author,
            reason=reason,
        )
    return post


@transaction.atomic
def post_delete(*, member: Member, post: Post) -> None:
    """An author withdraws their post; a topic's first post goes only while nobody replied."""
    if post.author_id != member.pk or not can_post(member) or post.is_deleted:
        raise PermissionDenied
    topic = Topic.objects.select_for_update().get(pk=post.topic_id)
    if post.number == 1 and topic.reply_count > 0:
        raise ValidationError(
            _("Others have replied: ask a moderator if this topic must go."), code="has_replies"
        )
    was_visible = post.is_visible
    post.is_deleted = True
    post.save(update_fields=["is_deleted"])
    if post.number == 1:
        topic.is_hidden = True
        topic.save(update_fields=["is_hidden"])
    if was_visible:
        _counters_remove(topic, post)


def _counters_remove(topic: Topic, post: Post) -> None:
    """A visible post went (deleted, hidden): counters follow; a first post takes its topic.

    ``topic`` is read under lock, so that its reply count is the current one (the admin may
    hide several posts of a topic in one go).
    """
    if post.number == 1:
        Category.objects.filter(pk=topic.category_id).update(
            topic_count=F("topic_count") - 1,
            post_count=F("post_count") - (topic.reply_count + 1),
        )
    else:
        Topic.objects.filter(pk=topic.pk, reply_count__gt=0).update(
            reply_count=F("reply_count") - 1
        )
        if _topic_is_visible(topic):
            Category.objects.filter(pk=topic.category_id, post_count__gt=0).update(
                post_count=F("post_count") - 1
            )
    _last_posts_refresh(topic)


def _counters_restore(topic: Topic, post: Post) -> None:
    """A post is visible again; ``topic`` is read after the change (a first post shows it)."""
    if post.number == 1:
        Category.objects.filter(pk=topic.category_id).update(
            topic_count=F("topic_count") + 1,
            post_count=F("post_count") + topic.reply_count + 1,
        )
    else:
        Topic.objects.filter(pk=topic.pk).update(reply_count=F("reply_count") + 1)
        if _topic_is_visible(topic):
            Category.objects.filter(pk=topic.category_id).update(post_count=F("post_count") + 1)
    _last_posts_refresh(topic)


def _last_posts_refresh(topic: Topic, *category_ids: int) -> None:
    """After a post went, came back or was approved late: the topic's last post and last
    activity, and its board's latest post, are the latest visible ones again (the board index
    must never show the title of a hidden topic)."""
    last = (
        Post.objects.visible()
        .filter(topic_id=topic.pk)
        .order_by("-number")
        .only("pk", "created_at")
        .first()
    )
    if last is not None:
        Topic.objects.filter(pk=topic.pk).update(last_post=last, last_post_at=last.created_at)
    for category_id in category_ids or [topic.category_id]:
        latest = (
            Topic.objects.visible()
            .filter(category_id=category_id)
            .order_by(F("last_post_at").desc(nulls_last=True), F("id").desc())
            .values("last_post")[:1]
        )
        Category.objects.filter(pk=category_id).update(last_post=Subquery(latest))


@transaction.atomic
def post_like_set(*, member: Member, post: Post, liked: bool) -> int:
    """Likes a post or takes the like back, as the member asks, and returns its like count.

    The member says the state they want, not “the other one”: a request sent twice (a double
    click, a retry after an error) leaves the same like and the same count. One like per member,
    never on one's own post nor on a post members cannot see."""
    _require_poster(member)
    if post.author_id == member.pk:
        raise ValidationError(_("You cannot like your own post."), code="own_post")
    if not post.is_visible:
        raise PermissionDenied
    if liked:
        try:
            with transaction.atomic():
                like = PostLike.objects.create(member=member, post=post)
        except IntegrityError:
            pass  # liked already, by an earlier request or the same one arriving twice
        else:
            Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
            transaction.on_commit(
                lambda: signals.post_liked.send(sender=PostLike, like=like), robust=True
            )
    else:
        deleted, _details = PostLike.objects.filter(member=member, post=post).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(like_count=F("like_count") - 1)
    post.refresh_from_db(fields=["like_count"])
    return post.like_count


def post_bookmark_set(*, member: Member, post: Post, bookmarked: bool) -> None:
    """Bookmarks a post or takes the bookmark away, as the member asks: a request sent twice
    leaves the same state. Only a post every member may read can be bookmarked; a bookmark can
    always be taken away."""
    if not bookmarked:
        Bookmark.objects.filter(member=member, post=post).delete()
        return
    if not post.is_visible:
        raise PermissionDenied
    # One statement, whoever asks first: the same request arriving twice adds nothing.
    Bookmark.objects.bulk_create([Bookmark(member=member, post=post)], ignore_conflicts=True)


@transaction.atomic
def solution_set(*, member: Member, topic: Topic, post: Post | None) -> None:
    """Accepts a reply as the answer to a question (or withdraws the accepted one)."""
    if not can_accept_solution(member, topic):
        raise PermissionDenied
    if post is not None and (post.topic_id != topic.pk or post.number == 1 or not post.is_visible):
        raise ValidationError(_("Only a visible reply to this question can be the answer."))
    topic.solution = post
    topic.save(update_fields=["solution"])
    if post is not None:
        transaction.on_commit(
            lambda: signals.solution_accepted.send(
                sender=Topic, topic=topic, post=post, actor=member
            ),
            robust=True,
        )


def topic_notification_level_set(*, member: Member, topic: Topic, level: str) -> None:
    if level not in NotificationLevel.values:
        raise ValidationError(_("Unknown notification level."))
    TopicReadState.objects.update_or_create(
        member=member, topic=topic, defaults={"notification_level": level}
    )


def category_watch_toggle(*, member: Member, category: Category) -> bool:
    deleted, _details = CategoryWatch.objects.filter(member=member, category=category).delete()
    if deleted:
        return False
    CategoryWatch.objects.get_or_create(member=member, category=category)
    return True


def tag_watch_toggle(*, member: Member, tag: Tag) -> bool:
    deleted, _details = TagWatch.objects.filter(member=member, tag=tag).delete()
    if deleted:
        return False
    TagWatch.objects.get_or_create(member=member, tag=tag)
    return True


def topic_mark_read(*, member: Member, topic_id: int, number: int, known_last_read: int | None):
    """Moves the member's read marker forward, writing one row at most.

    ``known_last_read`` is what the page already loaded (None when there is no row yet), so
    that an unchanged marker costs no query at all.
    """
    if known_last_read is None:
        TopicReadState.objects.bulk_create(
            [TopicReadState(member=member, topic_id=topic_id, last_read_number=number)],
            ignore_conflicts=True,
        )
    elif number > known_last_read:
        TopicReadState.objects.filter(
            member=member, topic_id=topic_id, last_read_number__lt=number
        ).update(last_read_number=number, updated_at=timezone.now())


def category_mark_read(*, member: Member, category: Category) -> None:
    CategoryReadMark.objects.update_or_create(
        member=member, category=category, defaults={"marked_at": timezone.now()}
    )


def draft_save(
    *,
    member: Member,
    topic: Topic | None,
    category: Category | None = None,
    title: str = "",
    body: str = "",
    tags: str = "",
) -> Draft | None:
    """Keeps what the member is typing; an emptied form deletes the draft."""
    drafts = Draft.objects.filter(member=member, topic=topic)
    if not body.strip() and not title.strip():
        drafts.delete()
        return None
    # An autosave sent just before the message itself can reach the server after it (another
    # app server, a slow network): a text its author has just published is no draft any more,
    # and would come back in the box.
    just_published = Post.objects.filter(
        author=member,
        body=body.strip(),
        created_at__gte=timezone.now() - DRAFT_LATE_SAVE,
        **({"topic": topic} if topic is not None else {"number": 1}),
    )
    if just_published.exists():
        return None
    draft, _created = Draft.objects.update_or_create(
        member=member,
        topic=topic,
        defaults={
            "category": category,
            "title": title[:140],
            "body": body[:BODY_MAX_LENGTH],
            "tags": tags[:400],
        },
    )
    return draft


# --- Moderation ------------------------------------------------------------------------------


def _require_moderator(moderator: Member) -> None:
    if not can_moderate(moderator):
        raise PermissionDenied


@transaction.atomic
def post_hide(*, moderator: Member, post: Post, reason: str = "") -> None:
    _require_moderator(moderator)
    # Fresh rows: the admin hides several posts of a topic loaded before any was hidden.
    topic = Topic.objects.select_for_update().get(pk=post.topic_id)
    post.refresh_from_db(fields=["is_hidden", "is_deleted", "status"])
    if post.is_hidden:
        return
    was_visible = post.is_visible
    post.is_hidden = True
    post.save(update_fields=["is_hidden"])
    if post.number == 1:
        Topic.objects.filter(pk=topic.pk).update(is_hidden=True)
    if topic.solution_id == post.pk:
        # A hidden reply cannot stand as the answer: the question shows as open again.
        Topic.objects.filter(pk=topic.pk).update(solution=None)
    if was_visible:
        _counters_remove(topic, post)
    moderation_log(
        actor=moderator, kind=ModerationAction.Kind.HIDE, target=post, member=post.author,
        reason=reason,
    )  # fmt: skip


@transaction.atomic
def post_unhide(*, moderator: Member, post: Post, reason: str = "") -> None:
    _require_moderator(moderator)
    Topic.objects.select_for_update().get(pk=post.topic_id)
    post.refresh_from_db(fields=["is_hidden", "is_deleted", "status"])
    if not post.is_hidden:
        return
    post.is_hidden = False
    post.save(update_fields=["is_hidden"])
    if post.number == 1 and not post.is_deleted:
        # A topic its author deleted stays hidden: showing it would show their deleted post.
        Topic.objects.filter(pk=post.topic_id).update(is_hidden=False)
    if post.is_visible:
        _counters_restore(Topic.objects.get(pk=post.topic_id), post)
    moderation_log(
        actor=moderator, kind=ModerationAction.Kind.UNHIDE, target=post, member=post.author,
        reason=reason,
    )  # fmt: skip


@transaction.atomic
def post_approve(*, moderator: Member, post: Post) -> None:
    """Publishes a held post of a new member."""
    _require_moderator(moderator)
    if post.status != PublicationStatus.HELD:
        return
    topic = Topic.objects.select_for_update().get(pk=post.topic_id)
    post.status = PublicationStatus.PUBLISHED
    post.save(update_fields=["status"])
    new_topic = post.number == 1
    if new_topic:
        topic.status = PublicationStatus.PUBLISHED
        topic.save(update_fields=["status"])
    _counters_add(topic, post, new_topic=new_topic)
    # Approved late, the post may be older than the topic's and board's latest ones.
    _last_posts_refresh(topic)
    moderation_log(
        actor=moderator, kind=ModerationAction.Kind.APPROVE, target=post, member=post.author
    )
    _html, mentioned = body_render(post.body)
    _announce(post, mentioned)


TOPIC_FLAGS = {
    "lock": ("is_locked", True, ModerationAction.Kind.LOCK),
    "unlock": ("is_locked", False, ModerationAction.Kind.UNLOCK),
    "pin": ("is_pinned", True, ModerationAction.Kind.PIN),
    "unpin": ("is_pinned", False, ModerationAction.Kind.UNPIN),
}


@transaction.atomic
def topic_flag_set(*, moderator: Member, topic: Topic, action: str, reason: str = "") -> None:
    """Locks, unlocks, pins or unpins a topic."""
    _require_moderator(moderator)
    field, value, kind = TOPIC_FLAGS[action]
    if getattr(topic, field) == value:
        return
    setattr(topic, field, value)
    topic.save(update_fields=[field])
    moderation_log(actor=moderator, kind=kind, target=topic, member=topic.author, reason=reason)


@transaction.atomic
def topic_move(*, moderator: Member, topic: Topic, category: Category, reason: str = "") -> None:
    _require_moderator(moderator)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.category_id == category.pk:
        return
    if topic.is_hidden is False and topic.status == PublicationStatus.PUBLISHED:
        posts = Post.objects.visible().filter(topic=topic).count()
        Category.objects.filter(pk=topic.category_id).update(
            topic_count=F("topic_count") - 1, post_count=F("post_count") - posts
        )
        Category.objects.filter(pk=category.pk).update(
            topic_count=F("topic_count") + 1, post_count=F("post_count") + posts
        )
    old_category = topic.category
    topic.category = category
    topic.save(update_fields=["category"])
    _last_posts_refresh(topic, old_category.pk, category.pk)
    moderation_log(
        actor=moderator,
        kind=ModerationAction.Kind.MOVE,
        target=topic,
        member=topic.author,
        reason=reason or f"{old_category.name} → {category.name}",
    )


def categories_recount() -> None:
    """Rebuilds every category's counters and last post from the posts themselves."""
    for category in Category.objects.all():
        topics = Topic.objects.visible().filter(category=category)
        posts = Post.objects.visible().filter(topic__in=topics)
        category.topic_count = topics.count()
        category.post_count = posts.count()
        category.last_post = posts.order_by("-created_at", "-pk").first()
        category.save(update_fields=["topic_count", "post_count", "last_post"])
