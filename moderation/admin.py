from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .forms import SuspensionForm, WarningForm
from .models import ModerationAction, Report
from .registry import hide_handlers, member_suspension


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The moderation queue: open reports first, newest first, with the reported content."""

    list_display = ["created_at", "reason", "target_type", "reported_content", "reporter", "status"]
    list_filter = ["status", "reason", ("target_type", admin.RelatedOnlyFieldListFilter)]
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
    actions = ["hide_reported_content", "dismiss_reports", "warn_authors", "suspend_authors"]
    # Open first: ordering by the status' value would put “dismissed” above “open”.
    ordering = [
        Case(When(status=Report.Status.OPEN, then=Value(0)), default=Value(1)).asc(),
        "-created_at",
    ]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        # The reported posts and recommendations come in one query per kind, not one per row.
        return super().get_queryset(request).prefetch_related("target")

    @admin.display(description=_("reported content"))
    def reported_content(self, report: Report):
        """What was reported, in context: where it stands and the start of its text."""
        target = report.target
        if target is None:
            return _("(deleted)")
        url = getattr(target, "get_absolute_url", None)
        text = getattr(target, "body", None) or getattr(target, "text", None) or ""
        excerpt = " ".join(text.split())[:160]
        return format_html(
            '<a href="{}">{}</a><br><span class="help">{}</span>',
            url() if url else "#",
            str(target)[:120],
            excerpt,
        )

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
    list_filter = ["kind", ("target_type", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["target_label", "reason", "actor__username", "member__username"]
    list_select_related = ["actor", "member"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _authors_of(reports) -> dict:
    """The members who wrote the reported content, with one of their reported pieces each."""
    authors = {}
    for report in reports:
        target = report.target
        author = getattr(target, "author", None) if target is not None else None
        if author is not None:
            authors.setdefault(author.pk, (author, target))
    return authors


def _warn_authors(modeladmin, request, queryset):
    form = WarningForm(request.POST if "apply" in request.POST else None)
    authors = _authors_of(queryset.select_related("target_type"))
    if "apply" in request.POST and form.is_valid():
        for author, target in authors.values():
            services.member_warn(
                moderator=request.user,
                member=author,
                message=form.cleaned_data["message"],
                target=target,
            )
        services.reports_close(
            reports=queryset, moderator=request.user, status=Report.Status.RESOLVED
        )
        modeladmin.message_user(
            request,
            ngettext("%d member warned.", "%d members warned.", len(authors)) % len(authors),
            messages.SUCCESS,
        )
        return None
    return TemplateResponse(
        request,
        "admin/moderation/report/member_action.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Warn the authors"),
            "form": form,
            "members": [author for author, _target in authors.values()],
            "selected": queryset,
            "action_name": "warn_authors",
            "submit_label": _("Send the warning"),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


def _suspend_authors(modeladmin, request, queryset):
    form = SuspensionForm(request.POST if "apply" in request.POST else None)
    authors = _authors_of(queryset.select_related("target_type"))
    if "apply" in request.POST and form.is_valid():
        suspended = 0
        for author, _target in authors.values():
            try:
                member_suspension(
                    moderator=request.user,
                    member=author,
                    reason=form.cleaned_data["reason"],
                    until=form.cleaned_data["until"],
                )
                suspended += 1
            except PermissionDenied:
                modeladmin.message_user(
                    request, _("%(member)s cannot be suspended.") % {"member": author},
                    messages.WARNING,
                )  # fmt: skip
        services.reports_close(
            reports=queryset, moderator=request.user, status=Report.Status.RESOLVED
        )
        modeladmin.message_user(
            request,
            ngettext("%d member suspended.", "%d members suspended.", suspended) % suspended,
            messages.SUCCESS,
        )
        return None
    return TemplateResponse(
        request,
        "admin/moderation/report/member_action.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Suspend the authors"),
            "form": form,
            "members": [author for author, _target in authors.values()],
            "selected": queryset,
            "action_name": "suspend_authors",
            "submit_label": _("Suspend"),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


ReportAdmin.warn_authors = admin.action(
    description=_("Warn the authors of the reported content"), permissions=["change"]
)(_warn_authors)
ReportAdmin.suspend_authors = admin.action(
    description=_("Suspend the authors of the reported content"), permissions=["change"]
)(_suspend_authors)
