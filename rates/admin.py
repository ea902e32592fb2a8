"""The observatory in the admin: the services administrators manage, and the moderators' review
queue. Reports are never shown one by one outside that queue: the RateReport admin lists only
the reports left out as outliers (status REVIEW), shows each read-only, and its two actions
call rates.services, which check the permission and write the moderation log."""

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from . import selectors, services
from .models import RateReport, Service

EVERYWHERE = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


@admin.register(Service)
class ServiceAdmin(TranslationAdmin):  # the name in French and English
    list_display = ["name", "trade", "default_unit", "tag", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["trade", "is_active"]
    list_select_related = ["trade", "tag"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RateReport)
class RateReportAdmin(admin.ModelAdmin):
    """The review queue: only reports in review, read-only, restored or removed by actions."""

    list_display_links = ["service"]
    list_filter = ["service__trade", "unit"]
    list_per_page = 50
    fields = [
        "service",
        "unit",
        "amount",
        "year",
        "years_freelancing",
        "region",
        "legal_status",
        "client_type",
        "client_source",
        "member",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    actions = ["restore", "remove"]
    ordering = ["created_at", "pk"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=RateReport.Status.REVIEW)
            .select_related("service__trade", "member")
        )

    def get_list_display(self, request):
        # The median the report was compared with, read once per page (not per row).
        headlines: dict | None = None

        @admin.display(description=_("median of the others"))
        def others_median(report):
            nonlocal headlines
            if headlines is None:
                headlines = {(h.service.pk, h.unit): h for h in selectors.headline_figures()}
            headline = headlines.get((report.service_id, report.unit))
            return "—" if headline is None else headline.median

        return ["service", "unit", "amount", others_median, "year", "member", "created_at"]

    def has_add_permission(self, request):
        # Reports are written by their members on the site, where the rules apply.
        return False

    def has_change_permission(self, request, obj=None):
        # Without an object, Django asks whether the list's actions may run; a report's own
        # page is read-only: its actions are the only changes.
        return obj is None and services.can_review(request.user)

    def has_delete_permission(self, request, obj=None):
        # Only its author deletes a report; moderators remove it from the figures.
        return False

    def has_review_permission(self, request):
        """The actions' permission (``permissions=["review"]``): the site's."""
        return services.can_review(request.user)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("Rate reports awaiting review"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.action(
        description=_("Count the report in the figures"),
        description_plural=_("Count the selected reports in the figures"),
        permissions=["review"],
        location=EVERYWHERE,
    )
    def restore(self, request, queryset):
        return self._apply(
            request,
            queryset,
            lambda report: services.rate_report_restore(moderator=request.user, report=report),
            lambda n: (
                ngettext(
                    "%d report counted in the figures again.",
                    "%d reports counted in the figures again.",
                    n,
                )
                % n
            ),
        )

    @admin.action(
        description=_("Remove the report from the figures"),
        description_plural=_("Remove the selected reports from the figures"),
        permissions=["review"],
        location=EVERYWHERE,
    )
    def remove(self, request, queryset):
        return self._apply(
            request,
            queryset,
            lambda report: services.rate_report_remove(moderator=request.user, report=report),
            lambda n: ngettext("%d report removed.", "%d reports removed.", n) % n,
        )

    def _apply(self, request, queryset, service, done_message):
        done = 0
        for report in queryset:
            try:
                service(report)
            except (PermissionDenied, ValidationError) as error:
                detail = " ".join(getattr(error, "messages", [])) or _("not allowed")
                self.message_user(
                    request,
                    _("“%(object)s” was left unchanged: %(error)s")
                    % {"object": report, "error": detail},
                    messages.WARNING,
                )
            else:
                done += 1
        self.message_user(request, done_message(done), messages.SUCCESS)
        if request.resolver_match.url_name == "rates_ratereport_change":
            # Reviewed, the report has left the queue: back to the queue, not to its page.
            return redirect("admin:rates_ratereport_changelist")
        return None
