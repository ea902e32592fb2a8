from django.core.management.base import BaseCommand

from members.models import Member
from notifications.models import DigestRun
from notifications.services import digest_send


class Command(BaseCommand):
    help = (
        "Sends the daily or weekly digest to every member who has something new. Safe to run "
        "twice: a member gets one digest per period. Run daily at 7:00 and weekly on Monday."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=DigestRun.Period.values, required=True)

    def handle(self, *args, period, **options):
        sent = 0
        members = Member.objects.active().filter(suspended_at__isnull=True)
        for member in members.iterator(chunk_size=500):
            sent += digest_send(member=member, period=period)
        self.stdout.write(f"{period} digests sent: {sent}")
