from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from core.usertext import (
    html_excerpt,
    markdown_excerpt,
    mention_handles,
    plain_text,
    render_markdown,
    stored_images_as_links,
    truncate_words,
)

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src='https://evil.example'></iframe>",
    "<a href='javascript:alert(1)'>clic</a>",
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](javascript&#58;alert(1))",
    "[clic](vbscript:msgbox(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x](https://ok.example/a.png "title" onerror=alert(1))',
    "<div style='background:url(javascript:alert(1))'>x</div>",
    "<style>body{display:none}</style>",
    "<p style='position:fixed;inset:0'>overlay</p>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action='https://evil.example'><input name=password></form>",
    "<object data='https://evil.example/x.swf'></object>",
    "<base href='https://evil.example/'>",
    "<meta http-equiv='refresh' content='0;url=https://evil.example'>",
    "<a href='https://ok.example' onclick='alert(1)'>x</a>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    '[x](https://ok.example" onmouseover="alert(1))',
]

SAFE_TAGS = {
    "p", "br", "h3", "h4", "h5", "h6", "strong", "em", "del", "a", "ul", "ol", "li",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


class ElementCollector(HTMLParser):
    """Collects the elements a browser would build, ignoring escaped text."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def active_problems(html: str) -> list[str]:
    collector = ElementCollector()
    collector.feed(html)
    problems = []
    for tag, attrs in collector.elements:
        if tag not in SAFE_TAGS:
            problems.append(f"tag <{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                problems.append(f"attribute {name} on <{tag}>")
            if name in {"href", "src"}:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme not in {"", "http", "https", "mailto"}:
                    problems.append(f"{name}={value!r} on <{tag}>")
    return problems


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_as_active_html(payload):
    html = render_markdown(payload)
    assert active_problems(html) == [], html


def test_markdown_renders_with_safe_links_and_pictures_as_links():
    html = render_markdown(
        "**Tarif** : 0,10 € par mot, voir https://www.malt.fr et [mon site](https://claire.fr)\n\n"
        "![logo](https://claire.fr/logo.png) ![](https://claire.fr/img/devis.jpg) "
        "![x](javascript:alert(1))"
    )
    assert "<strong>Tarif</strong>" in html
    assert '<a href="https://www.malt.fr" rel="nofollow ugc noopener">' in html
    assert '<a href="https://claire.fr" rel="nofollow ugc noopener">mon site</a>' in html
    # Pictures from elsewhere are blocked by the content policy: they become links to them.
    assert "<img" not in html
    assert (
        '<a href="https://claire.fr/logo.png" class="image-link" rel="nofollow ugc noopener">'
        "logo</a>"
    ) in html
    assert ">devis.jpg</a>" in html
    assert 'href="javascript' not in html  # never a link: markdown-it leaves it as text


def test_headings_are_shifted_below_the_page_outline():
    assert render_markdown("# Mon parcours\n\n## Mes tarifs") == (
        "<h3>Mon parcours</h3>\n<h4>Mes tarifs</h4>\n"
    )


def test_blank_text_renders_to_nothing():
    assert render_markdown("  \n ") == ""


# --- @mentions -------------------------------------------------------------------------------

MENTIONS = {"karim": "/members/karim/", "claire-redac": "/members/claire-redac/"}


def test_mention_handles_are_found_outside_words_and_addresses():
    text = "Merci @Karim et @claire-redac ! Écrivez à karim@example.org ou voir site.fr/@seo, @-x"
    assert mention_handles(text) == {"karim", "claire-redac"}
    assert mention_handles("Rien ici.") == set()


def test_mentions_of_known_members_link_to_their_profiles():
    html = render_markdown("Merci @Karim et @inconnu, cc @claire-redac.", mentions=MENTIONS)

    assert html == (
        '<p>Merci <a href="/members/karim/" class="mention" rel="nofollow ugc noopener">@Karim</a>'
        " et @inconnu, cc "
        '<a href="/members/claire-redac/" class="mention" rel="nofollow ugc noopener">'
        "@claire-redac</a>.</p>\n"
    )


def test_mentions_stay_text_in_code_links_and_addresses():
    html = render_markdown(
        "`@karim` et [écrire à @karim](https://ok.example) ou karim@example.org\n\n"
        "```\n@karim\n```",
        mentions=MENTIONS,
    )
    assert 'class="mention"' not in html
    assert "<code>@karim</code>" in html
    assert '<a href="https://ok.example" rel="nofollow ugc noopener">écrire à @karim</a>' in html


def test_without_known_members_mentions_are_plain_text():
    assert render_markdown("Salut @karim") == "<p>Salut @karim</p>\n"


@pytest.mark.django_db
def test_posts_link_mentions_of_active_members_only():
    from django.utils import timezone

    from forums.services import body_render
    from tests.factories import MemberFactory

    karim = MemberFactory(username="karim")
    MemberFactory(username="parti", deleted_at=timezone.now())
    MemberFactory(username="inactif", is_active=False)

    html, mentioned = body_render("Merci @Karim, @parti, @inactif et @personne !")

    assert mentioned == [karim]
    assert f'<a href="{karim.get_absolute_url()}" class="mention"' in html
    for handle in ["@parti", "@inactif", "@personne"]:
        assert handle in html
    assert html.count('class="mention"') == 1


def test_pictures_stored_before_become_the_same_links():
    stored = (
        '<p><img src="https://claire.fr/logo.png" alt="logo"> et '
        '<img src="https://claire.fr/img/devis.jpg" alt=""></p>'
    )
    fresh = render_markdown(
        "![logo](https://claire.fr/logo.png) et ![](https://claire.fr/img/devis.jpg)"
    )

    assert stored_images_as_links(stored) == fresh.strip()


def test_excerpts_are_plain_text_without_markdown_signs_or_tags():
    source = "Je facture **0,06 € le mot**, _hors TVA_.\n\n- relecture\n- SEO\n\n> <b>cité</b> & co"

    assert markdown_excerpt(source, 200) == (
        "Je facture 0,06 € le mot, hors TVA. relecture SEO <b>cité</b> & co"
    )
    assert plain_text(render_markdown("fin.\n\nDébut")) == "fin. Début"
    assert html_excerpt(render_markdown("Mon **tarif** au mot"), 200) == "Mon tarif au mot"


def test_excerpts_are_cut_on_a_word():
    assert truncate_words("Quel tarif au feuillet ?", 100) == "Quel tarif au feuillet ?"
    assert truncate_words("Quel tarif au feuillet ?", 12) == "Quel tarif…"
    assert truncate_words("Quel tarif, au feuillet ?", 13) == "Quel tarif…"
    assert truncate_words("Anticonstitutionnellement", 10) == "Anticonst…"
    assert len(markdown_excerpt("mot " * 100, 50)) <= 50
