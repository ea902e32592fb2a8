from django.conf import settings
from django.core.management.base import BaseCommand

from events.services import series_occurrences_create_all


class Command(BaseCommand):
    help = (
        "Creates the upcoming dates of every running event series, up to "
        "EVENTS_SERIES_HORIZON_DAYS ahead. Run it daily; it never duplicates a date."
    )

    def handle(self, *args, **options) -> None:
        created = series_occurrences_create_all()
        self.stdout.write(
            f"Occurrences created: {created} (horizon: {settings.EVENTS_SERIES_HORIZON_DAYS} days)."
        )
