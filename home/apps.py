from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page and the sitemaps: what gathers the feature apps into one site."""

    name = "home"
