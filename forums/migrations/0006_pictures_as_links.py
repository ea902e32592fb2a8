"""Pictures in the stored text become links to them, as text rendered from now on has them: the
site's content policy blocks pictures from elsewhere, which showed broken."""

from django.db import migrations

from core.usertext import stored_images_as_links


def pictures_as_links(apps, schema_editor):
    model = apps.get_model("forums", "Post")
    changed = []
    for row in model.objects.filter(body_html__contains="<img ").only("pk", "body_html").iterator():
        row.body_html = stored_images_as_links(row.body_html)
        changed.append(row)
    model.objects.bulk_update(changed, ["body_html"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("forums", "0005_events_board")]

    operations = [migrations.RunPython(pictures_as_links, migrations.RunPython.noop)]
