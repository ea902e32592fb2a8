import logging

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from members.models import Member
from notifications.models import DigestRun
from notifications.services import digest_send

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Sends the daily or weekly digest to every member who has something new. Safe to run "
        "twice: a member gets one digest per period. Run daily at 7:00 and weekly on Monday."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=DigestRun.Period.values, required=True)

    def handle(self, *args, period, **options):
        sent = 0
        # A suspension that has run out leaves suspended_at set: those members read again.
        not_suspended = Q(suspended_at__isnull=True) | Q(suspended_until__lte=timezone.now())
        members = Member.objects.active().filter(not_suspended)
        for member in members.iterator(chunk_size=500):
            try:
                sent += digest_send(member=member, period=period)
            except Exception:
                # One refused address must not hold back everyone else's digest; this member's
                # is not marked sent, so the next run tries again.
                logger.exception("%s digest for member %s failed", period, member.pk)
        self.stdout.write(f"{period} digests sent: {sent}")
