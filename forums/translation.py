"""Board and tag names and descriptions in each language (django-modeltranslation).

``category.name`` reads the reader's language (``name_fr``, ``name_en``), falling back to French,
so that every template and feed names a board in the reader's language without knowing it.
Slugs are not translated: a board's address is the same in both languages.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Tag


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name", "description")
