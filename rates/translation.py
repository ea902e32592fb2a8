"""Service names in each language (django-modeltranslation), like members.Trade's:
``service.name`` reads the reader's language, falling back to French. Slugs are not translated."""

from modeltranslation.translator import TranslationOptions, register

from .models import Service


@register(Service)
class ServiceTranslationOptions(TranslationOptions):
    fields = ("name",)
