from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import ModerationAction, Report
from .registry import hide_handlers


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The moderation queue: open reports first, newest first, with the reported content."""

    list_display = ["created_at", "reason", "target_type", "reported_content", "reporter", "status"]
    list_filter = ["status", "reason", "target_type"]
    search_fields = ["note", "reporter__username"]
    raw_id_fields = ["reporter", "handled_by"]
    list_select_related = ["reporter", "target_type"]
    readonly_fields = [
        "reporter",
        "target_type",
        "target_id",
        "reported_content",
        "reason",
        "note",
        "created_at",
        "handled_by",
        "handled_at",
    ]
    fields = [*readonly_fields[:6], "status", *readonly_fields[6:]]
    actions = ["hide_reported_content", "dismiss_reports"]
    ordering = ["status", "-created_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("reported content"))
    def reported_content(self, report: Report):
        target = report.target
        if target is None:
            return _("(deleted)")
        url = getattr(target, "get_absolute_url", None)
        text = str(target)[:120]
        return format_html('<a href="{}">{}</a>', url(), text) if url else text

    @admin.action(
        description=_("Hide the reported content and close its reports"), permissions=["change"]
    )
    def hide_reported_content(self, request, queryset):
        hidden = 0
        for report in queryset.select_related("target_type"):
            target = report.target
            handler = hide_handlers.for_target(target) if target is not None else None
            if handler is None:
                self.message_user(
                    request,
                    _("“%(report)s” has no content that can be hidden from here.")
                    % {"report": report},
                    messages.WARNING,
                )
                continue
            handler(target, moderator=request.user, reason=report.get_reason_display())
            services.reports_close_for_target(
                target=target, moderator=request.user, status=Report.Status.RESOLVED
            )
            hidden += 1
        self.message_user(
            request,
            ngettext("%d piece of content hidden.", "%d pieces of content hidden.", hidden)
            % hidden,
            messages.SUCCESS,
        )

    @admin.action(description=_("Dismiss the selected reports"), permissions=["change"])
    def dismiss_reports(self, request, queryset):
        closed = services.reports_close(
            reports=queryset, moderator=request.user, status=Report.Status.DISMISSED
        )
        self.message_user(
            request,
            ngettext("%d report dismissed.", "%d reports dismissed.", closed) % closed,
            messages.SUCCESS,
        )


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """The moderation log: read-only, so that it stays a faithful record."""

    list_display = ["created_at", "actor", "kind", "target_label", "member", "reason"]
    list_filter = ["kind", "target_type", "created_at"]
    search_fields = ["target_label", "reason", "actor__username", "member__username"]
    list_select_related = ["actor", "member"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
