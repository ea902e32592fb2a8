"""The other apps announce what happened with signals; here it becomes notifications."""

from collections import defaultdict

from django.db.models import Max
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.usertext import html_excerpt, truncate_words
from forums.models import CategoryWatch, NotificationLevel, PostLike, TagWatch, TopicReadState
from forums.signals import post_liked, post_mentions_added, post_published, solution_accepted
from members.signals import recommendation_created
from moderation.models import ModerationAction
from moderation.signals import moderation_action_logged

from .models import Kind, Notification
from .services import notify, notify_many

EXCERPT_CHARS = 200
# Moderation the member concerned is told about (a warning has its own notification and mail, a
# suspension its own mail).
TOLD_MODERATION = {
    ModerationAction.Kind.HIDE,
    ModerationAction.Kind.UNHIDE,
    ModerationAction.Kind.LOCK,
    ModerationAction.Kind.MOVE,
    ModerationAction.Kind.EDIT,
    ModerationAction.Kind.APPROVE,
}


def _excerpt(post) -> str:
    """The start of a post as its reader sees it: plain text, no Markdown signs."""
    return html_excerpt(post.body_html, EXCERPT_CHARS)


def _notify_mentions(post, mentioned, *, url: str, excerpt: str) -> set[int]:
    """Tells the mentioned members, except the author and those who muted the topic; returns
    who was told or is not to be told of the post again."""
    topic, author = post.topic, post.author
    told = {author.pk}
    if mentioned:
        # A member who muted the topic is never told of it, mentions included.
        told |= set(
            TopicReadState.objects.filter(
                topic=topic,
                member__in=mentioned,
                notification_level=NotificationLevel.MUTED,
            ).values_list("member_id", flat=True)
        )
    for member in mentioned:
        if member.pk in told:
            continue
        with override(member.language):
            title = _("%(name)s mentioned you in “%(topic)s”") % {
                "name": author.public_name, "topic": topic.title,
            }  # fmt: skip
        notify(recipient=member, kind=Kind.MENTION, actor=author, title=title, url=url,
               excerpt=excerpt)  # fmt: skip
        told.add(member.pk)
    return told


@receiver(post_mentions_added, dispatch_uid="notifications_post_mentions_added")
def post_mentions_added_notify(sender, post, mentioned, **kwargs):
    """An edit that mentions someone new tells them, as a new post would."""
    _notify_mentions(post, mentioned, url=post.get_absolute_url(), excerpt=_excerpt(post))


@receiver(post_published, dispatch_uid="notifications_post_published")
def post_published_notify(sender, post, mentioned, **kwargs):
    """Mentions first; then watchers of the topic (replies) or of the board and tags (new topic)."""
    topic, author = post.topic, post.author
    url = post.get_absolute_url()
    excerpt = _excerpt(post)
    told = _notify_mentions(post, mentioned, url=url, excerpt=excerpt)
    if post.number > 1:
        watchers = [
            state.member
            for state in TopicReadState.objects.filter(
                topic=topic, notification_level=NotificationLevel.WATCHING
            )
            .exclude(member_id__in=told)
            .select_related("member")
        ]
        kind = Kind.REPLY

        def title() -> str:
            return _("New reply in “%(topic)s”") % {"topic": topic.title}

    else:
        watchers = [
            watch.member
            for watch in CategoryWatch.objects.filter(category=topic.category)
            .exclude(member_id__in=told)
            .select_related("member")
        ] + [
            watch.member
            for watch in TagWatch.objects.filter(tag__in=topic.tags.all())
            .exclude(member_id__in=told)
            .select_related("member")
        ]
        kind = Kind.NEW_TOPIC

        def title() -> str:
            return _("New topic: “%(topic)s”") % {"topic": topic.title}

    # The title is stored translated: each watcher gets it in their language, not the writer's.
    by_language = defaultdict(list)
    for member in watchers:
        by_language[member.language].append(member)
    for language, members in by_language.items():
        with override(language):
            notify_many(recipients=members, kind=kind, actor=author, title=title(), url=url,
                        excerpt=excerpt)  # fmt: skip


@receiver(post_liked, dispatch_uid="notifications_post_liked")
def post_liked_notify(sender, like, **kwargs):
    post = like.post
    group_key = f"like:{post.pk}"
    with override(post.author.language):
        title = _("Your post in “%(topic)s” is liked") % {"topic": post.topic.title}
    notify(
        recipient=post.author,
        kind=Kind.LIKE,
        actor=like.member,
        title=title,
        url=post.get_absolute_url(),
        excerpt=_excerpt(post),
        group_key=group_key,
    )
    # Counted up by one per like, a member who unlikes and likes again would count twice: the
    # count is of the likes that stand, among those given since the author last read the group.
    grouped = Notification.objects.filter(recipient=post.author, group_key=group_key)
    last_read = grouped.filter(read_at__isnull=False).aggregate(last=Max("read_at"))["last"]
    likes = PostLike.objects.filter(post=post)
    if last_read is not None:
        likes = likes.filter(created_at__gt=last_read)
    grouped.filter(read_at__isnull=True).update(actor_count=max(likes.count(), 1))


@receiver(solution_accepted, dispatch_uid="notifications_solution_accepted")
def solution_accepted_notify(sender, topic, post, actor, **kwargs):
    with override(post.author.language):
        title = _("Your reply is the accepted answer to “%(topic)s”") % {"topic": topic.title}
    notify(recipient=post.author, kind=Kind.SOLUTION, actor=actor, title=title,
           url=post.get_absolute_url(), excerpt=_excerpt(post))  # fmt: skip


@receiver(recommendation_created, dispatch_uid="notifications_recommendation_created")
def recommendation_created_notify(sender, recommendation, **kwargs):
    recipient = recommendation.recipient
    with override(recipient.language):
        title = _("%(name)s recommends you") % {"name": recommendation.author.public_name}
    excerpt = truncate_words(" ".join(recommendation.text.split()), EXCERPT_CHARS)
    notify(recipient=recipient, kind=Kind.RECOMMENDATION, actor=recommendation.author,
           title=title, url=recipient.get_absolute_url(), excerpt=excerpt)  # fmt: skip


def _warning_notify(action, target) -> None:
    """A warning shows under the bell too, linked to the content it is about. Its e-mail is the
    warning's own (moderation.services.member_warn), sent whatever the member's choices."""
    member = action.member
    if target is None or target == member or not hasattr(target, "get_absolute_url"):
        url = ""
    else:
        url = target.get_absolute_url()
    with override(member.language):
        if url:
            title = _("The moderators warn you about “%(target)s”") % {
                "target": action.target_label
            }
        else:
            title = _("The moderators warn you")
    notify(recipient=member, kind=Kind.MODERATION, title=title,
           url=url or reverse("notifications:list"), excerpt=action.reason,
           email=False)  # fmt: skip


@receiver(moderation_action_logged, dispatch_uid="notifications_moderation")
def moderation_notify(sender, action, target, **kwargs):
    member = action.member
    if (
        member is not None
        and action.kind == ModerationAction.Kind.WARN
        and action.actor_id != member.pk
    ):
        _warning_notify(action, target)
        return
    if member is None or action.kind not in TOLD_MODERATION or action.actor_id == member.pk:
        return
    url = getattr(target, "get_absolute_url", lambda: "")()
    topic = getattr(target, "topic", None)
    if (
        topic is not None
        and getattr(target, "number", None) == 1
        and (action.kind == ModerationAction.Kind.HIDE)
    ):
        # A hidden first post takes its topic out of sight, even for its author: point to the
        # board instead of a page they cannot open.
        url = topic.category.get_absolute_url()
    if not url:
        return
    with override(member.language):
        title = _("Moderators: %(action)s — %(target)s") % {
            "action": action.get_kind_display(), "target": action.target_label,
        }  # fmt: skip
    notify(recipient=member, kind=Kind.MODERATION, title=title, url=url, excerpt=action.reason)
