"""Runs the ChocoSkype round of a date (today by default): for cron or the worker. Running it
again, or twice at once, makes the same pairs and tells nobody twice."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chocoskype.services import round_run


class Command(BaseCommand):
    help = "Pairs the ChocoSkype participants for a round and tells each pair."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The round's date, YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):
        held_on = timezone.localdate()
        if options["date"]:
            try:
                held_on = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from None
        round_ = round_run(held_on=held_on)
        self.stdout.write(
            f"Round of {round_.held_on}: {round_.pairing_count} pairs "
            f"for {round_.participant_count} participants."
        )
