from django.db.models import QuerySet

from .models import Category


def categories_visible_to(user) -> QuerySet[Category]:
    return Category.objects.visible_to(user)
