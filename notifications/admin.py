from django.contrib import admin

from .models import BouncedAddress, DigestRun, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "recipient",
        "kind",
        "title",
        "actor_count",
        "created_at",
        "read_at",
        "emailed_at",
    ]
    list_filter = ["kind", "created_at"]
    search_fields = ["recipient__username", "title"]
    raw_id_fields = ["recipient", "actor"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "channel"]
    list_filter = ["kind", "channel"]
    search_fields = ["member__username"]
    raw_id_fields = ["member"]


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    list_display = ["member", "period", "period_start", "item_count", "sent_at"]
    list_filter = ["period"]
    raw_id_fields = ["member"]


@admin.register(BouncedAddress)
class BouncedAddressAdmin(admin.ModelAdmin):
    list_display = ["email", "reason", "bounced_at"]
    search_fields = ["email"]
