from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "city", "is_online", "visibility", "status"]
    list_filter = ["kind", "status", "visibility", "is_online", "region"]
    search_fields = ["title", "city", "venue_name"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["organiser"]
    list_select_related = ["organiser"]
