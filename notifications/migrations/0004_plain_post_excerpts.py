"""Excerpts of posts stored before they were cut from the rendered text showed their Markdown
(« **0,06 € le mot** ») under the bell and in digests: they become the text as read."""

from django.db import migrations

from core.usertext import markdown_excerpt

# Kinds whose excerpt is the start of a post's Markdown; the others quote plain text.
POST_KINDS = ["reply", "mention", "like", "solution", "new_topic"]
MARKDOWN_SIGNS = ("*", "_", "`", "#", "[", ">", "~")
EXCERPT_CHARS = 200


def excerpts_as_read(apps, schema_editor):
    model = apps.get_model("notifications", "Notification")
    changed = []
    rows = model.objects.filter(kind__in=POST_KINDS).exclude(excerpt="").only("pk", "excerpt")
    for row in rows.iterator():
        if not any(sign in row.excerpt for sign in MARKDOWN_SIGNS):
            continue
        # A stored excerpt may end cut in the middle of a mark: that mark stays as written.
        row.excerpt = markdown_excerpt(row.excerpt, EXCERPT_CHARS + 1)
        changed.append(row)
    model.objects.bulk_update(changed, ["excerpt"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_chocoskype_kind")]

    operations = [migrations.RunPython(excerpts_as_read, migrations.RunPython.noop)]
