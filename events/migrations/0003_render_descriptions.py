"""Renders the HTML of the descriptions written before events stored it."""

from django.db import migrations


def render_descriptions(apps, schema_editor):
    from core.usertext import render_markdown

    Event = apps.get_model("events", "Event")
    events = list(Event.objects.exclude(description="").only("pk", "description"))
    for event in events:
        event.description_html = render_markdown(event.description)
    Event.objects.bulk_update(events, ["description_html"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("events", "0002_rsvps_series_calendars")]

    operations = [migrations.RunPython(render_descriptions, migrations.RunPython.noop)]
