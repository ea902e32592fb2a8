"""The sitemap: what a visitor (and so a search engine) may read."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Event
from forums.models import Category, Topic
from members.models import Member, ProfileVisibility


class SiteSitemap(Sitemap):
    """Addresses under settings.SITE_URL, the site's public address, whatever the Site row says."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StaticSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "forums:index", "events:list", "members:list"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return Category.objects.filter(members_only=False).order_by("position", "pk")


class TopicSitemap(SiteSitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return (
            Topic.objects.visible()
            .filter(category__members_only=False)
            .only("pk", "title", "last_post_at")
            .order_by("-last_post_at", "-pk")
        )

    def lastmod(self, topic):
        return topic.last_post_at


class MemberSitemap(SiteSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return (
            Member.objects.active()
            .filter(profile_visibility=ProfileVisibility.PUBLIC)
            .only("pk", "username")
            .order_by("pk")
        )


class EventSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Event.objects.visible_to(AnonymousUser()).upcoming()


SITEMAPS = {
    "pages": StaticSitemap,
    "boards": CategorySitemap,
    "topics": TopicSitemap,
    "members": MemberSitemap,
    "events": EventSitemap,
}
