"""Trade names in each language (django-modeltranslation): ``trade.name`` reads the reader's
language, falling back to French. Slugs are not translated (the directory filters by them)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Trade


@register(Trade)
class TradeTranslationOptions(TranslationOptions):
    fields = ("name",)
