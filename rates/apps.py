from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rates"
    verbose_name = _("Rates observatory")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from forums.hooks import register_new_topic_aside, register_topic_aside
        from members.hooks import register_account_erasure, register_export_section

        from . import signals
        from .asides import new_topic_hint, topic_card
        from .export import reports_erase, reports_export
        from .models import RateReport, Service
        from .selectors import figures_changed, service_tags_forget

        # Any change of a report renews the cached figures (rates.selectors.every_pair_stats).
        post_save.connect(figures_changed, sender=RateReport, dispatch_uid="rates-figures-saved")
        post_delete.connect(
            figures_changed, sender=RateReport, dispatch_uid="rates-figures-deleted"
        )
        post_save.connect(
            service_tags_forget, sender=Service, dispatch_uid="rates-service-tags-saved"
        )
        post_delete.connect(
            service_tags_forget, sender=Service, dispatch_uid="rates-service-tags-deleted"
        )
        signals.connect()
        register_topic_aside(topic_card)
        register_new_topic_aside(new_topic_hint)
        register_export_section("rate_reports", reports_export)
        register_account_erasure(reports_erase)
