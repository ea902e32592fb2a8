"""Atom feeds of the latest topics, for the whole forum and for each public board."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Category, Topic

FEED_ITEMS = 30


class LatestTopicsFeed(Feed):
    feed_type = Atom1Feed
    title = _("FreelanceHub — latest topics")
    subtitle = _("The latest discussions between freelancers.")

    def link(self):
        return reverse("forums:index")

    def items(self):
        return self.topics()[:FEED_ITEMS]

    @staticmethod
    def topics():
        return (
            Topic.objects.visible()
            .filter(category__members_only=False)
            .select_related("author", "first_post", "category")
            .order_by("-created_at", "-pk")
        )

    def item_title(self, topic):
        return topic.title

    def item_description(self, topic):
        # A topic is hidden with its first post; should it ever show without it, the post's
        # text still stays out of the feed.
        first_post = topic.first_post
        return first_post.body_html if first_post is not None and first_post.is_visible else ""

    def item_author_name(self, topic):
        return topic.author.public_name

    def item_pubdate(self, topic):
        return topic.created_at

    def item_categories(self, topic):
        return [topic.category.name]


class CategoryTopicsFeed(LatestTopicsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug, members_only=False)

    def title(self, category):
        return _("FreelanceHub — %(category)s") % {"category": category.name}

    def subtitle(self, category):
        return category.description

    def link(self, category):
        return category.get_absolute_url()

    def items(self, category):
        return self.topics().filter(category=category)[:FEED_ITEMS]
