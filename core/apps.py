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


class CoreConfig(AppConfig):
    """What every app uses: user text, mail, places, paging, the visitors' page cache, the
    admin site, error pages. It imports no other app of the project."""

    name = "core"
    verbose_name = "FreelanceHub"

    def ready(self) -> None:
        post_migrate.connect(site_sync, sender=self, dispatch_uid="core_site_sync")


class FreelanceHubAdminConfig(AdminConfig):
    default_site = "core.admin_site.ModerationAdminSite"
