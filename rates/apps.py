from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rates"
    verbose_name = _("Rates observatory")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import RateReport
        from .selectors import figures_changed

        # Any change of a report renews the cached figures (rates.selectors.every_pair_stats).
        post_save.connect(figures_changed, sender=RateReport, dispatch_uid="rates-figures-saved")
        post_delete.connect(
            figures_changed, sender=RateReport, dispatch_uid="rates-figures-deleted"
        )
