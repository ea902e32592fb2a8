"""Discussion boards: categories hold topics; topics hold numbered posts.

Counters (topics, posts, last activity) are denormalised and kept by forums.services, so that
list pages never count rows. Posts are numbered inside their topic: the page of a post is
arithmetic and any page is read through the (topic, number) index, the last as fast as the first.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.reversing import reverse_cached

POSTS_PER_PAGE = 20
RESERVED_TOPIC_SLUGS = {"reply", "unread", "notifications", "moderate", "move"}
TOPICS_PER_PAGE = 30
# What members may write: the forms tell them early, forums.services enforces it.
TITLE_MIN_LENGTH = 10
TITLE_MAX_LENGTH = 140
BODY_MIN_LENGTH = 2
BODY_MAX_LENGTH = 20_000
MAX_TAGS = 5
# The text search configuration of Post.search_vector (French, accents ignored; migration 0004).
SEARCH_CONFIG = "french_unaccent"


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated:
            return self
        return self.filter(members_only=False)


class Category(models.Model):
    """A discussion board, e.g. “Tarifs & devis”. Managed and ordered by administrators."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_questions = models.BooleanField(
        _("questions mode"),
        default=False,
        help_text=_("Topics are questions; their author can accept one reply as the answer."),
    )
    members_only = models.BooleanField(
        _("members only"), default=False, help_text=_("Hidden from visitors who are not signed in.")
    )
    topic_count = models.PositiveIntegerField(_("topics"), default=0, editable=False)
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    last_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forums:category", args=[self.slug])


class Tag(models.Model):
    """A topic tag from the managed list, e.g. “TJM”, “URSSAF”, “SEO”."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Awaiting approval")


VISIBLE_TOPIC = Q(is_hidden=False, status=PublicationStatus.PUBLISHED)


class TopicQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(VISIBLE_TOPIC)


class Topic(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="topics", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=140)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="topics",
        verbose_name=_("author"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="topics", verbose_name=_("tags"))
    first_post = models.OneToOneField(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    last_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    solution = models.OneToOneField(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    last_post_number = models.PositiveIntegerField(default=0, editable=False)
    reply_count = models.PositiveIntegerField(_("replies"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last activity"), null=True, editable=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus,
        default=PublicationStatus.PUBLISHED,
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-last_post_at", "-pk"]
        permissions = [("moderate_forums", _("Can moderate the forums"))]
        indexes = [
            # Category pages list visible topics, pinned first, then by latest activity; with
            # the id in the index, a deep page is an index-only scan.
            models.Index(
                "category", F("is_pinned").desc(), F("last_post_at").desc(), F("id").desc(),
                name="topic_category_activity_idx", condition=VISIBLE_TOPIC,
            ),
            models.Index(
                F("last_post_at").desc(), F("id").desc(),
                name="topic_activity_idx", condition=VISIBLE_TOPIC,
            ),
            models.Index(
                "category", F("created_at").desc(), F("id").desc(),
                name="topic_category_new_idx", condition=VISIBLE_TOPIC,
            ),
            models.Index(
                "category", F("last_post_at").desc(), F("id").desc(),
                name="topic_unanswered_idx", condition=VISIBLE_TOPIC & Q(reply_count=0),
            ),
            models.Index(
                "category", F("last_post_at").desc(), F("id").desc(),
                name="topic_solved_idx", condition=VISIBLE_TOPIC & Q(solution__isnull=False),
            ),
            models.Index("author", F("created_at").desc(), name="topic_author_idx"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_cached("forums:topic", self.pk, self.slug)

    @cached_property
    def tags_shown(self) -> list["Tag"]:
        """The topic's tags, read once for its page however many parts show them (its header,
        the asides of the apps built on the forums)."""
        return list(self.tags.all())

    @property
    def slug(self) -> str:
        from django.utils.text import slugify

        slug = slugify(self.title)[:60] or "sujet"
        # Never the name of a topic's own sub-page (/forums/t/<id>/reply/ and the like).
        return f"{slug}-sujet" if slug in RESERVED_TOPIC_SLUGS else slug

    @property
    def page_count(self) -> int:
        return max(1, -(-self.last_post_number // POSTS_PER_PAGE))

    @property
    def is_solved(self) -> bool:
        return self.solution_id is not None


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Post.Status.PUBLISHED)

    def visible(self):
        return self.published().filter(is_hidden=False, is_deleted=False)


class Post(models.Model):
    Status = PublicationStatus

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("topic")
    )
    number = models.PositiveIntegerField(_("number in the topic"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"))
    body_html = models.TextField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)
    edit_count = models.PositiveIntegerField(default=0, editable=False)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    is_deleted = models.BooleanField(_("deleted by its author"), default=False)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    # Kept current by forums.services on PostgreSQL (French, accent-insensitive); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["topic", "number"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="post_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="post_number_positive"),
        ]
        indexes = [
            models.Index("author", F("created_at").desc(), name="post_author_recent_idx"),
            models.Index("status", "created_at", name="post_held_idx", condition=Q(status="held")),
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.number}"

    def get_absolute_url(self) -> str:
        return reverse_cached("forums:post", self.pk)

    def get_location_url(self) -> str:
        """Where the post stands: the page of its topic that holds it, scrolled to it. Its
        permalink leads there, for those who may open the post."""
        url = self.topic.get_absolute_url()
        if self.page > 1:
            url += f"?page={self.page}"
        return f"{url}#post-{self.number}"

    @property
    def page(self) -> int:
        return (self.number - 1) // POSTS_PER_PAGE + 1

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_hidden and not self.is_deleted


class PostRevision(models.Model):
    """The text of a post before an edit: moderators read the history as diffs."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    previous_title = models.CharField(max_length=140, blank=True)
    previous_body = models.TextField()
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.post} ({self.created_at:%Y-%m-%d %H:%M})"


class PostLike(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_likes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "post"], name="post_like_once"),
        ]
        indexes = [models.Index("post", "member", name="post_like_post_idx")]

    def __str__(self) -> str:
        return f"{self.member} ♥ {self.post}"


class Bookmark(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "post"], name="bookmark_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.post}"


class NotificationLevel(models.TextChoices):
    WATCHING = "watching", _("Watching: told of every reply")
    NORMAL = "normal", _("Normal: told of mentions only")
    MUTED = "muted", _("Muted: never told")


class TopicReadState(models.Model):
    """One row per member and topic: the last post they read and how closely they follow it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_read_states"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)
    notification_level = models.CharField(
        max_length=10, choices=NotificationLevel, default=NotificationLevel.NORMAL
    )
    has_posted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="read_state_once"),
        ]
        indexes = [
            models.Index(
                "member", "topic", name="read_state_posted_idx", condition=Q(has_posted=True)
            ),
            models.Index(
                "topic", "member", name="read_state_watching_idx",
                condition=Q(notification_level="watching"),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.member} · {self.topic} · {self.last_read_number}"


class CategoryReadMark(models.Model):
    """“Mark all read” for a category: topics without activity since then count as read."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "category"], name="category_read_mark_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.category}"


class CategoryWatch(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="category_watches"
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="watches")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "category"], name="category_watch_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.category}"


class TagWatch(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_watches"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="watches")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "tag"], name="tag_watch_once")]

    def __str__(self) -> str:
        return f"{self.member} · {self.tag}"


class Draft(models.Model):
    """What a member is typing, saved as they type, so that nothing is lost."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_drafts"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=140, blank=True)
    body = models.TextField(blank=True)
    tags = models.CharField(max_length=400, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "topic"], name="draft_one_per_reply",
                condition=Q(topic__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["member"], name="draft_one_new_topic", condition=Q(topic__isnull=True)
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.member} · {self.topic or self.title}"
