"""Pictures in the stored text become links to them, as text rendered from now on has them: the
site's content policy blocks pictures from elsewhere, which showed broken."""

from django.db import migrations

from core.usertext import stored_images_as_links


def pictures_as_links(apps, schema_editor):
    model = apps.get_model("events", "Event")
    changed = []
    for row in (
        model.objects.filter(description_html__contains="<img ")
        .only("pk", "description_html")
        .iterator()
    ):
        row.description_html = stored_images_as_links(row.description_html)
        changed.append(row)
    model.objects.bulk_update(changed, ["description_html"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("events", "0005_one_member_per_waitlist_place")]

    operations = [migrations.RunPython(pictures_as_links, migrations.RunPython.noop)]
