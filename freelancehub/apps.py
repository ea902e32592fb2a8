from urllib.parse import urlsplit

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate


def site_sync(**kwargs) -> None:
    """Keeps the Site row (used by the sitemap and allauth's e-mails) equal to SITE_URL."""
    from django.conf import settings
    from django.contrib.sites.models import Site

    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME},
    )


class FreelanceHubConfig(AppConfig):
    name = "freelancehub"
    verbose_name = "FreelanceHub"

    def ready(self) -> None:
        from . import holes

        post_migrate.connect(site_sync, sender=self, dispatch_uid="freelancehub_site_sync")
        holes.register()


class FreelanceHubAdminConfig(AdminConfig):
    default_site = "freelancehub.admin_site.ModerationAdminSite"
