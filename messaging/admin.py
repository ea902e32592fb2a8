"""Moderators see no conversation and no message list: only the messages held for review (the
same text sent to many members) and those a member reported, each with the five messages
before and after it. They deliver a held message or hide one, through messaging.services."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from moderation.models import Report
from moderation.services import reports_close_for_target

from . import selectors, services
from .models import Message, MessageUnderReview


def _reports():
    return Report.objects.filter(
        target_type=ContentType.objects.get_for_model(Message), target_id=OuterRef("pk")
    )


@admin.register(MessageUnderReview)
class MessageUnderReviewAdmin(admin.ModelAdmin):
    list_display = ["created_at", "author", "excerpt", "status", "open_reports"]
    list_filter = ["status"]
    list_select_related = ["author"]
    fields = ["author", "created_at", "status", "shown_body"]
    readonly_fields = fields
    actions = ["approve_messages", "hide_messages"]
    change_form_template = "admin/messaging/messageunderreview/change_form.html"
    EXCERPT_CHARS = 90

    def get_queryset(self, request):
        open_reports = (
            _reports()
            .filter(status=Report.Status.OPEN)
            .order_by()
            .values("target_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .filter(Q(status=Message.Status.HELD) | Exists(_reports()))
            .annotate(open_report_count=Coalesce(Subquery(open_reports), 0))
            .order_by("-created_at", "-pk")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        message = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "context_messages": selectors.context_of(message) if message is not None else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("message"))
    def excerpt(self, message: Message) -> str:
        return Truncator(" ".join(message.body.split())).chars(self.EXCERPT_CHARS)

    @admin.display(description=_("message"))
    def shown_body(self, message: Message):
        return format_html(
            '<div class="user-text">{}</div>',
            mark_safe(message.body_html),  # noqa: S308 - sanitised when written (core.usertext)
        )

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, message: Message) -> int:
        return message.open_report_count

    @admin.action(description=_("Deliver the selected held messages"), permissions=["change"])
    def approve_messages(self, request, queryset):
        held = list(queryset.filter(status=Message.Status.HELD))
        for message in held:
            services.message_approve(moderator=request.user, message=message)
        self.message_user(
            request,
            ngettext("%d message delivered.", "%d messages delivered.", len(held)) % len(held),
            messages.SUCCESS,
        )

    @admin.action(description=_("Hide the selected messages"), permissions=["change"])
    def hide_messages(self, request, queryset):
        shown = list(queryset.exclude(status=Message.Status.HIDDEN))
        for message in shown:
            services.message_hide(message, moderator=request.user)
            reports_close_for_target(
                target=message, moderator=request.user, status=Report.Status.RESOLVED
            )
        self.message_user(
            request,
            ngettext("%d message hidden.", "%d messages hidden.", len(shown)) % len(shown),
            messages.SUCCESS,
        )
