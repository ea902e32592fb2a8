from django.contrib import admin

from .models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_questions", "members_only"]
    list_editable = ["position"]
    list_filter = ["is_questions", "members_only"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
