from django.core.management.base import BaseCommand

from events.services import event_reminders_send, rsvp_offers_expire


class Command(BaseCommand):
    help = (
        "Sends the event reminders that are due (24 h before, and 1 h before online events) and "
        "hands lapsed seat offers to the next in line. Run it every few minutes (cron or a "
        "scheduler); running it twice, or twice at once, sends each reminder once."
    )

    def handle(self, *args, **options) -> None:
        expired = rsvp_offers_expire()
        sent = event_reminders_send()
        self.stdout.write(f"Reminders sent: {sent}. Lapsed offers passed on: {expired}.")
