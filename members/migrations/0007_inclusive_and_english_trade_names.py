from django.db import migrations

# The starting trades (0002) in the inclusive form French readers expect when a trade has two
# (« rédacteur·rice web »), and in English. Slugs stay: the directory's filters use them.
TRADE_NAMES = {
    "redacteur-web": ("Rédacteur·rice web", "Web writer"),
    "redacteur-seo": ("Rédacteur·rice SEO", "SEO writer"),
    "copywriter": ("Copywriter", "Copywriter"),
    "traducteur": ("Traducteur·rice", "Translator"),
    "correcteur-relecteur": ("Correcteur·rice / relecteur·rice", "Proofreader / copy editor"),
    "community-manager": ("Community manager", "Community manager"),
    "graphiste": ("Graphiste", "Graphic designer"),
    "webdesigner": ("Webdesigner", "Web designer"),
    "developpeur-web": ("Développeur·se web", "Web developer"),
    "consultant-seo": ("Consultant·e SEO", "SEO consultant"),
    "ux-designer": ("UX designer", "UX designer"),
    "photographe": ("Photographe", "Photographer"),
    "videaste": ("Vidéaste", "Videographer"),
    "assistant-virtuel": ("Assistant·e virtuel·le", "Virtual assistant"),
    "formateur": ("Formateur·rice", "Trainer"),
    "chef-de-projet-digital": ("Chef·fe de projet digital", "Digital project manager"),
}


def name_trades(apps, schema_editor):
    Trade = apps.get_model("members", "Trade")
    for trade in Trade.objects.all():
        french, english = TRADE_NAMES.get(trade.slug, (trade.name, None))
        trade.name = trade.name_fr = french
        trade.name_en = trade.name_en or english
        trade.save(update_fields=["name", "name_fr", "name_en"])


def unname_trades(apps, schema_editor):
    # The translated columns go with 0006; the French names go back to those of 0002.
    Trade = apps.get_model("members", "Trade")
    starting = {
        "redacteur-web": "Rédacteur web", "redacteur-seo": "Rédacteur SEO",
        "traducteur": "Traducteur", "correcteur-relecteur": "Correcteur / relecteur",
        "developpeur-web": "Développeur web", "consultant-seo": "Consultant SEO",
        "assistant-virtuel": "Assistant virtuel", "formateur": "Formateur",
        "chef-de-projet-digital": "Chef de projet digital",
    }  # fmt: skip
    for slug, name in starting.items():
        Trade.objects.filter(slug=slug).update(name=name)


class Migration(migrations.Migration):
    dependencies = [("members", "0006_trade_names_in_french_and_english")]

    operations = [migrations.RunPython(name_trades, unname_trades)]
