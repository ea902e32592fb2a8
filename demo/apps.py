from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (``manage.py seed_demo``): it sits on top and may import every app."""

    name = "demo"
