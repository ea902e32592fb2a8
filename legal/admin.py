from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Acceptance, ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """The contact page's messages, for the moderators: the newest not handled first."""

    list_display = ["created_at", "subject", "name", "email", "member", "handled"]
    list_filter = ["handled", "language"]
    search_fields = ["subject", "name", "email", "message"]
    list_select_related = ["member"]
    ordering = ["handled", "-created_at"]
    readonly_fields = ["member", "name", "email", "subject", "message", "language", "created_at"]
    fields = [*readonly_fields, "handled"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = services.contact_messages_mark_handled(contacts=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message marked as handled.",
                "%(count)d messages marked as handled.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Acceptance)
class AcceptanceAdmin(admin.ModelAdmin):
    """Who accepted which version of the terms and the charter, and when: a record, read only."""

    list_display = ["member", "document", "version", "accepted_at"]
    list_filter = ["document", "version"]
    search_fields = ["member__username", "member__email"]
    list_select_related = ["member"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
