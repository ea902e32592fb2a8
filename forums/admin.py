"""The forums in the admin. Topics and posts change only through forums.services, as on the site:
the services keep the counters, render the HTML again, keep the old text as a revision and write
the moderation log. So a topic's or a post's page shows the row read-only; its actions (in the
list and on the page) and the “Edit the post” page change it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from . import services
from .forms import PostEditForm
from .models import Category, Post, PostRevision, Tag, Topic
from .permissions import can_moderate

# Actions that need no input run from the list and from the object's own page.
EVERYWHERE = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):  # name and description in French and English
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
class TagAdmin(TranslationAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ModerationActionsMixin:
    """What topics and posts share in the admin: pages that never save, and actions that go
    through forums.services, so they check, count and log as the site does."""

    def has_add_permission(self, request):
        # Topics and posts are written on the site, where the services number and count them.
        return False

    def has_change_permission(self, request, obj=None):
        # Without an object, Django asks whether the list's actions may run; an object's own form
        # would save the row around the services, so it is shown read-only and refuses a POST.
        return obj is None and super().has_change_permission(request)

    def has_moderate_permission(self, request):
        """The actions' permission (``permissions=["moderate"]``): the site's, not Django's."""
        return can_moderate(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_moderate": can_moderate(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _apply(self, request, queryset, service, done_message):
        done = 0
        for obj in queryset:
            try:
                service(obj)
            except (PermissionDenied, ValidationError) as error:
                detail = " ".join(getattr(error, "messages", [])) or _("not allowed")
                self.message_user(
                    request,
                    _("“%(object)s” was left unchanged: %(error)s")
                    % {"object": obj, "error": detail},
                    messages.WARNING,
                )
            else:
                done += 1
        self.message_user(request, done_message(done), messages.SUCCESS)


def topic_flag_action(action: str, description, description_plural, done_message):
    """An admin action that locks, unlocks, pins or unpins topics through the site's service."""

    @admin.action(
        description=description,
        description_plural=description_plural,
        permissions=["moderate"],
        location=EVERYWHERE,
    )
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


class TopicMoveForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=Category.objects.all(),
        error_messages={"required": _("Choose the board to move the topics to.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Goes in the moderation log; without one, the log names both boards."),
    )


@admin.register(Topic)
class TopicAdmin(ModerationActionsMixin, admin.ModelAdmin):
    list_display = [
        "title", "category", "author", "reply_count", "is_pinned", "is_locked", "is_hidden",
        "status", "created_at", "last_post_at",
    ]  # fmt: skip
    list_filter = ["category", "is_pinned", "is_locked", "is_hidden", "status", "tags"]
    search_fields = ["title", "author__username"]
    list_select_related = ["category", "author"]
    date_hierarchy = "created_at"
    readonly_fields = ["is_pinned", "is_locked", "is_hidden", "status", "reply_count"]
    actions = ["lock", "unlock", "pin", "unpin", "hide", "unhide", "move"]

    lock = topic_flag_action(
        "lock",
        _("Lock the topic"),
        _("Lock the selected topics"),
        lambda n: ngettext("%d topic locked.", "%d topics locked.", n) % n,
    )
    unlock = topic_flag_action(
        "unlock",
        _("Unlock the topic"),
        _("Unlock the selected topics"),
        lambda n: ngettext("%d topic unlocked.", "%d topics unlocked.", n) % n,
    )
    pin = topic_flag_action(
        "pin",
        _("Pin the topic"),
        _("Pin the selected topics"),
        lambda n: ngettext("%d topic pinned.", "%d topics pinned.", n) % n,
    )
    unpin = topic_flag_action(
        "unpin",
        _("Unpin the topic"),
        _("Unpin the selected topics"),
        lambda n: ngettext("%d topic unpinned.", "%d topics unpinned.", n) % n,
    )

    # A topic is hidden with its first post, as from the topic page: the service hides both.
    @admin.action(
        description=_("Hide the topic"),
        description_plural=_("Hide the selected topics"),
        permissions=["moderate"],
        location=EVERYWHERE,
    )
    def hide(self, request, queryset):
        self._apply(
            request,
            queryset.select_related("first_post"),
            lambda topic: services.post_hide(moderator=request.user, post=topic.first_post),
            lambda n: ngettext("%d topic hidden.", "%d topics hidden.", n) % n,
        )

    @admin.action(
        description=_("Unhide the topic"),
        description_plural=_("Unhide the selected topics"),
        permissions=["moderate"],
        location=EVERYWHERE,
    )
    def unhide(self, request, queryset):
        self._apply(
            request,
            queryset.select_related("first_post"),
            lambda topic: services.post_unhide(moderator=request.user, post=topic.first_post),
            lambda n: ngettext("%d topic visible again.", "%d topics visible again.", n) % n,
        )

    @admin.action(
        description=_("Move the selected topics to another board"), permissions=["moderate"]
    )
    def move(self, request, queryset):
        form = TopicMoveForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply(
                request,
                queryset,
                lambda topic: services.topic_move(
                    moderator=request.user,
                    topic=topic,
                    category=form.cleaned_data["category"],
                    reason=form.cleaned_data["reason"],
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
                "form": form,
                "selected": queryset.select_related("category"),
                "action_name": "move",
                "submit_label": _("Move"),
                "opts": self.opts,
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
    list_select_related = ["topic", "author"]
    date_hierarchy = "created_at"
    readonly_fields = ["status", "is_hidden", "is_deleted", "like_count", "edit_count", "edited_at"]
    inlines = [PostRevisionInline]
    actions = ["hide", "unhide", "approve"]

    def get_urls(self):
        edit = path(
            "<path:object_id>/edit/",
            self.admin_site.admin_view(self.edit_view),
            name="forums_post_edit",
        )
        return [edit, *super().get_urls()]

    def edit_view(self, request, object_id):
        """The site's “edit (moderator)” in the admin: the same form and service, so the HTML is
        rendered again, the old text kept as a revision and another member's post logged."""
        if not can_moderate(request.user):
            raise PermissionDenied
        post = get_object_or_404(
            self.get_queryset(request).select_related("topic", "author"), pk=unquote(object_id)
        )
        by_moderator = post.author_id != request.user.pk
        form = PostEditForm(
            request.POST if request.method == "POST" else None,
            initial={"title": post.topic.title, "body": post.body},
            edits_title=post.number == 1,
            reason_required=by_moderator,
        )
        if form.is_valid():
            edits_before = post.edit_count
            try:
                post = services.post_edit(
                    editor=request.user,
                    post=post,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data.get("title"),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if post.edit_count == edits_before:
                    self.message_user(
                        request, _("Nothing to save: the post is unchanged."), messages.INFO
                    )
                else:
                    self.message_user(request, _("The post has been updated."), messages.SUCCESS)
                return redirect("admin:forums_post_change", post.pk)
        return TemplateResponse(
            request,
            "admin/forums/post/edit.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Edit the post"),
                "subtitle": str(post),
                "form": form,
                "original": post,
                "by_moderator": by_moderator,
                "opts": self.opts,
            },
        )

    @admin.action(
        description=_("Hide the post"),
        description_plural=_("Hide the selected posts"),
        permissions=["moderate"],
        location=EVERYWHERE,
    )
    def hide(self, request, queryset):
        self._apply(
            request,
            queryset.select_related("topic"),
            lambda post: services.post_hide(moderator=request.user, post=post),
            lambda n: ngettext("%d post hidden.", "%d posts hidden.", n) % n,
        )

    @admin.action(
        description=_("Unhide the post"),
        description_plural=_("Unhide the selected posts"),
        permissions=["moderate"],
        location=EVERYWHERE,
    )
    def unhide(self, request, queryset):
        self._apply(
            request,
            queryset.select_related("topic"),
            lambda post: services.post_unhide(moderator=request.user, post=post),
            lambda n: ngettext("%d post visible again.", "%d posts visible again.", n) % n,
        )

    @admin.action(
        description=_("Approve the held post"),
        description_plural=_("Approve the selected held posts"),
        permissions=["moderate"],
        location=EVERYWHERE,
    )
    def approve(self, request, queryset):
        self._apply(
            request,
            queryset.filter(status="held"),
            lambda post: services.post_approve(moderator=request.user, post=post),
            lambda n: ngettext("%d post approved.", "%d posts approved.", n) % n,
        )
