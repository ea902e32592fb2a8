"""Two members never hold the same place on a waitlist.

Places given before they were taken under the event's lock may share an instant: those are set a
microsecond apart first, in the order the waitlist already had (place, then answer's id), so that
nobody's turn changes.
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count


def space_out_shared_places(apps, schema_editor):
    Rsvp = apps.get_model("events", "Rsvp")
    shared = (
        Rsvp.objects.filter(waitlisted_at__isnull=False)
        .values("event_id", "waitlisted_at")
        .annotate(holders=Count("pk"))
        .filter(holders__gt=1)
    )
    for event_id in sorted({row["event_id"] for row in shared}):
        moved = []
        previous = None
        for rsvp in (
            Rsvp.objects.filter(event_id=event_id, waitlisted_at__isnull=False)
            .only("pk", "waitlisted_at")
            .order_by("waitlisted_at", "pk")
        ):
            if previous is not None and rsvp.waitlisted_at <= previous:
                rsvp.waitlisted_at = previous + timedelta(microseconds=1)
                moved.append(rsvp)
            previous = rsvp.waitlisted_at
        Rsvp.objects.bulk_update(moved, ["waitlisted_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_event_discussion"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(space_out_shared_places, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="rsvp",
            constraint=models.UniqueConstraint(
                fields=("event", "waitlisted_at"), name="rsvp_one_member_per_waitlist_place"
            ),
        ),
    ]
