from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import HideForm, SuspensionForm, WarningForm
from .models import ModerationAction, Report
from .registry import hide_handlers, member_suspension


class ReportStatusFilter(admin.SimpleListFilter):
    """The queue opens on what waits: open reports, unless the moderator picks another status.
    It keeps the parameter of Django's own status filter, so links to ``?status__exact=open``
    go on working."""

    title = _("status")
    parameter_name = "status__exact"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Report.Status.choices, (self.ALL, _("All"))]

    def value(self):
        return super().value() or Report.Status.OPEN

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        # No “All” on top that would drop the parameter (and so mean “open”): ours is last.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The moderation queue: open reports, newest first, with the reported content. Each report's
    page has the queue's actions as buttons, run by the same code as the bulk actions."""

    # Few, narrow columns: the list fits a 1280 px screen next to its filters; the kind of
    # content stays a filter and shows on the report's page.
    list_display = ["reported_on", "reported_content", "reason", "reporter", "status"]
    list_filter = [
        ReportStatusFilter,
        "reason",
        ("target_type", admin.RelatedOnlyFieldListFilter),
    ]
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
    # Open first when every status is listed: by the status' value “dismissed” would come first.
    ordering = [
        Case(When(status=Report.Status.OPEN, then=Value(0)), default=Value(1)).asc(),
        "-created_at",
    ]
    EXCERPT_CHARS = 90
    TITLE_CHARS = 60

    class Media:
        css = {"all": ["moderation/admin.css"]}

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        # The reported posts and recommendations come in one query per kind, not one per row.
        return super().get_queryset(request).prefetch_related("target")

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                f"<path:object_id>/{action}/",
                self.admin_site.admin_view(self.report_action_view),
                {"action": action},
                name="{}_{}_{}".format(*info, action),
            )
            for action in REPORT_ACTIONS
        ] + super().get_urls()

    def report_action_view(self, request, object_id, action):
        """One report's button (hide, warn, suspend): the bulk action's form and code, for this
        report only; back to the report's page once done."""
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        response = REPORT_ACTIONS[action](
            self, request, self.get_queryset(request).filter(pk=report.pk)
        )
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[report.pk]
        )
        if response is None:
            return redirect(change_url)
        response.context_data["cancel_url"] = change_url
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, unquote(object_id))
        target = report.target if report is not None else None
        extra_context = {
            **(extra_context or {}),
            "can_hide": target is not None and hide_handlers.for_target(target) is not None,
            "has_author": getattr(target, "author", None) is not None,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("reported at"), ordering="created_at")
    def reported_on(self, report: Report) -> str:
        # The short form (03/12/2026 16 h 28): the long one takes a third of the list's width.
        return date_format(timezone.localtime(report.created_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("reported content"))
    def reported_content(self, report: Report):
        """What was reported, in context: where it stands and the start of its text."""
        target = report.target
        if target is None:
            return _("(deleted)")
        # A private message opens where moderators may read it, not in its conversation.
        url = getattr(target, "get_moderation_url", None) or getattr(
            target, "get_absolute_url", None
        )
        text = getattr(target, "body", None) or getattr(target, "text", None) or ""
        return format_html(
            '<a href="{}">{}</a><br><span class="help">{}</span>',
            url() if url else "#",
            Truncator(str(target)).chars(self.TITLE_CHARS),
            Truncator(" ".join(text.split())).chars(self.EXCERPT_CHARS),
        )

    @admin.action(
        description=_("Hide the reported content and close its reports"), permissions=["change"]
    )
    def hide_reported_content(self, request, queryset):
        return _hide_reported_content(self, request, queryset)

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

    class Media:
        css = {"all": ["moderation/admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _hide_reported_content(modeladmin, request, queryset):
    """Asks the moderator for the reason the authors will read (prefilled from the reports'
    categories), then hides each reported piece through its app's service."""
    reports = list(queryset.select_related("target_type"))
    categories = dict.fromkeys(str(report.get_reason_display()) for report in reports)
    form = HideForm(
        request.POST if "apply" in request.POST else None,
        initial={"reason": "; ".join(categories)},
    )
    if "apply" in request.POST and form.is_valid():
        hidden = 0
        for report in reports:
            target = report.target
            handler = hide_handlers.for_target(target) if target is not None else None
            if handler is None:
                modeladmin.message_user(
                    request,
                    gettext("“%(report)s” has no content that can be hidden from here.")
                    % {"report": report},
                    messages.WARNING,
                )
                continue
            handler(target, moderator=request.user, reason=form.cleaned_data["reason"])
            services.reports_close_for_target(
                target=target, moderator=request.user, status=Report.Status.RESOLVED
            )
            hidden += 1
        modeladmin.message_user(
            request,
            ngettext("%d piece of content hidden.", "%d pieces of content hidden.", hidden)
            % hidden,
            messages.SUCCESS,
        )
        return None
    return TemplateResponse(
        request,
        "admin/moderation/report/hide.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Hide the reported content"),
            "form": form,
            "targets": [report.target for report in reports if report.target is not None],
            "selected": reports,
            "action_name": "hide_reported_content",
            "submit_label": _("Hide"),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


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


# The buttons of a report's page, each the same function as its bulk action.
REPORT_ACTIONS = {
    "hide": _hide_reported_content,
    "warn": _warn_authors,
    "suspend": _suspend_authors,
}
