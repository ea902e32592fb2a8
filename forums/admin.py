from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Category, Post, PostRevision, Tag, Topic


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_questions", "members_only", "topic_count", "post_count"]
    list_editable = ["position"]
    list_filter = ["is_questions", "members_only"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["topic_count", "post_count"]
    actions = ["recount"]

    @admin.action(description=_("Recount topics and posts"), permissions=["change"])
    def recount(self, request, queryset):
        services.categories_recount()
        self.message_user(request, _("Counters rebuilt."), messages.SUCCESS)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ModerationActionsMixin:
    """Admin actions that go through forums.services, so they check, count and log as the site."""

    def _apply(self, request, queryset, service, done_message):
        done = 0
        for obj in queryset:
            service(obj)
            done += 1
        self.message_user(request, done_message(done), messages.SUCCESS)


def topic_flag_action(action: str, description, done_message):
    """An admin action that locks, unlocks, pins or unpins topics through the site's service."""

    @admin.action(description=description, permissions=["change"])
    def run(modeladmin, request, queryset):
        modeladmin._apply(
            request,
            queryset,
            lambda topic: services.topic_flag_set(
                moderator=request.user, topic=topic, action=action
            ),
            done_message,
        )

    run.__name__ = action
    return run


@admin.register(Topic)
class TopicAdmin(ModerationActionsMixin, admin.ModelAdmin):
    list_display = [
        "title", "category", "author", "reply_count", "is_pinned", "is_locked", "is_hidden",
        "status", "created_at", "last_post_at",
    ]  # fmt: skip
    list_filter = ["category", "is_pinned", "is_locked", "is_hidden", "status", "tags"]
    search_fields = ["title", "author__username"]
    raw_id_fields = ["author", "solution"]
    autocomplete_fields = ["tags"]
    list_select_related = ["category", "author"]
    date_hierarchy = "created_at"
    readonly_fields = ["is_pinned", "is_locked", "is_hidden", "status", "reply_count"]
    actions = ["lock", "unlock", "pin", "unpin", "move"]

    lock = topic_flag_action(
        "lock",
        _("Lock the selected topics"),
        lambda n: ngettext("%d topic locked.", "%d topics locked.", n) % n,
    )
    unlock = topic_flag_action(
        "unlock",
        _("Unlock the selected topics"),
        lambda n: ngettext("%d topic unlocked.", "%d topics unlocked.", n) % n,
    )
    pin = topic_flag_action(
        "pin",
        _("Pin the selected topics"),
        lambda n: ngettext("%d topic pinned.", "%d topics pinned.", n) % n,
    )
    unpin = topic_flag_action(
        "unpin",
        _("Unpin the selected topics"),
        lambda n: ngettext("%d topic unpinned.", "%d topics unpinned.", n) % n,
    )

    @admin.action(
        description=_("Move the selected topics to another board"), permissions=["change"]
    )
    def move(self, request, queryset):
        category = Category.objects.filter(pk=request.POST.get("category")).first()
        if "apply" in request.POST and category is not None:
            self._apply(
                request,
                queryset,
                lambda topic: services.topic_move(
                    moderator=request.user,
                    topic=topic,
                    category=category,
                    reason=request.POST.get("reason", ""),
                ),
                lambda n: ngettext("%d topic moved.", "%d topics moved.", n) % n,
            )
            return None
        return TemplateResponse(
            request,
            "admin/forums/topic/move.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Move topics"),
                "topics": queryset,
                "categories": Category.objects.all(),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class PostRevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    fields = ["created_at", "editor", "reason", "previous_body"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(ModerationActionsMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "author",
        "status",
        "is_hidden",
        "is_deleted",
        "like_count",
        "created_at",
    ]
    list_filter = ["status", "is_hidden", "is_deleted", "topic__category"]
    search_fields = ["body", "author__username", "topic__title"]
    raw_id_fields = ["topic", "author"]
    list_select_related = ["topic", "author"]
    date_hierarchy = "created_at"
    readonly_fields = ["status", "is_hidden", "is_deleted", "like_count", "edit_count", "edited_at"]
    inlines = [PostRevisionInline]
    actions = ["hide", "unhide", "approve"]

    @admin.action(description=_("Hide the selected posts"), permissions=["change"])
    def hide(self, request, queryset):
        self._apply(
            request,
            queryset.select_related("topic"),
            lambda post: services.post_hide(moderator=request.user, post=post),
            lambda n: ngettext("%d post hidden.", "%d posts hidden.", n) % n,
        )

    @admin.action(description=_("Unhide the selected posts"), permissions=["change"])
    def unhide(self, request, queryset):
        self._apply(
            request,
            queryset.select_related("topic"),
            lambda post: services.post_unhide(moderator=request.user, post=post),
            lambda n: ngettext("%d post visible again.", "%d posts visible again.", n) % n,
        )

    @admin.action(description=_("Approve the selected held posts"), permissions=["change"])
    def approve(self, request, queryset):
        self._apply(
            request,
            queryset.filter(status="held"),
            lambda post: services.post_approve(moderator=request.user, post=post),
            lambda n: ngettext("%d post approved.", "%d posts approved.", n) % n,
        )
