from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Member, Trade


@admin.register(Member)
class MemberAdmin(UserAdmin):
    list_display = [
        "username",
        "display_name",
        "email",
        "language",
        "is_active",
        "is_staff",
        "date_joined",
        "last_login",
    ]
    list_filter = [
        "is_active",
        "is_staff",
        "is_superuser",
        "legal_status",
        "region",
        "trades",
        "groups",
    ]
    search_fields = ["username", "display_name", "email"]
    ordering = ["-date_joined"]
    readonly_fields = ["date_joined", "last_login", "deleted_at"]
    fieldsets = [
        (None, {"fields": ["username", "email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "display_name",
                    "headline",
                    "trades",
                    "legal_status",
                    "city",
                    "region",
                    "language",
                    "timezone",
                ]
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["date_joined", "last_login", "deleted_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "email", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups", "user_permissions", "trades"]


@admin.register(Trade)
class TradeAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
