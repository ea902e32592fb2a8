"""Pictures in the stored text become links to them, as text rendered from now on has them: the
site's content policy blocks pictures from elsewhere, which showed broken."""

from django.db import migrations

from core.usertext import stored_images_as_links


def pictures_as_links(apps, schema_editor):
    model = apps.get_model("members", "Member")
    changed = []
    for row in model.objects.filter(bio_html__contains="<img ").only("pk", "bio_html").iterator():
        row.bio_html = stored_images_as_links(row.bio_html)
        changed.append(row)
    model.objects.bulk_update(changed, ["bio_html"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("members", "0004_avatar_not_editable")]

    operations = [migrations.RunPython(pictures_as_links, migrations.RunPython.noop)]
