"""Members' text: Markdown rendered once, on save, to sanitised HTML stored next to the source.

markdown-it-py never passes raw HTML through; nh3 then keeps only an allow-list of tags and
attributes, so a bug in either layer alone does not open a hole.
"""

import re
from collections.abc import Mapping
from html import unescape
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# “@claire-redac”, not inside a word or an e-mail address.
MENTION = re.compile(r"(?<![\w@/.])@([a-z0-9](?:[a-z0-9_-]{0,28}[a-z0-9])?)\b", re.IGNORECASE)

HEADING_SHIFT = 2


def _shift_headings(state) -> None:
    """A member's “# Title” becomes an <h3>: the page's own <h1> and <h2> stay the outline."""
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(int(token.tag[1]) + HEADING_SHIFT, 6)}"


def _link_mentions(state) -> None:
    """Turns “@handle” into a link to the member's profile, outside code and existing links."""
    mentions: Mapping[str, str] = state.env.get("mentions") or {}
    if not mentions:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        inside_link = 0
        for token in block.children:
            if token.type == "link_open":
                inside_link += 1
            elif token.type == "link_close":
                inside_link -= 1
            if token.type != "text" or inside_link:
                children.append(token)
                continue
            position = 0
            for match in MENTION.finditer(token.content):
                url = mentions.get(match.group(1).lower())
                if url is None:
                    continue
                if match.start() > position:
                    children.append(_text(token.content[position : match.start()]))
                link_open = Token("link_open", "a", 1)
                link_open.attrs = {"href": url, "class": "mention"}
                children += [link_open, _text(match.group(0)), Token("link_close", "a", -1)]
                position = match.end()
            children.append(token if position == 0 else _text(token.content[position:]))
        block.children = children


def _images_as_links(state) -> None:
    """“![logo](https://…)” becomes a link to the picture, named by its description: the site's
    content policy loads images from the site alone, and a picture from elsewhere would show
    broken (and tell its host who reads the page)."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        for token in block.children:
            if token.type != "image":
                children.append(token)
                continue
            source = token.attrGet("src") or ""
            name = token.content or urlsplit(source).path.rsplit("/", 1)[-1] or source
            link_open = Token("link_open", "a", 1)
            link_open.attrs = {"href": source, "class": "image-link"}
            children += [link_open, _text(name), Token("link_close", "a", -1)]
        block.children = children


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def mention_handles(source: str) -> set[str]:
    """The handles a text mentions, lowercased, to look up before rendering."""
    return {handle.lower() for handle in MENTION.findall(source)}


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False}).enable(
    ["linkify", "strikethrough", "table"]
)
_markdown.core.ruler.push("shift_headings", _shift_headings)
_markdown.core.ruler.push("link_mentions", _link_mentions)
_markdown.core.ruler.push("images_as_links", _images_as_links)

ALLOWED_TAGS = {
    "p", "br", "h3", "h4", "h5", "h6", "strong", "em", "del", "a", "ul", "ol", "li",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes={"a": {"mention", "image-link"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow ugc noopener",
)


def render_markdown(source: str, *, mentions: Mapping[str, str] | None = None) -> str:
    """Turns a member's Markdown into HTML that is safe to show as is.

    ``mentions`` maps the lowercased handles of existing members to their profile URLs; other
    “@words” stay text.
    """
    if not source.strip():
        return ""
    return _cleaner.clean(_markdown.render(source, {"mentions": mentions or {}}))


# A picture in text rendered before pictures became links (the cleaner's output: src first).
_STORED_IMAGE = re.compile(r'<img src="([^"]*)"(?: alt="([^"]*)")?[^>]*>')


def stored_images_as_links(html: str) -> str:
    """The same change for HTML rendered and stored before it (data migrations): each picture
    becomes the link ``render_markdown`` now makes."""

    def link(match: re.Match) -> str:
        source, name = match.group(1), match.group(2)
        name = name or source.rsplit("/", 1)[-1] or source
        return f'<a href="{source}" class="image-link" rel="nofollow ugc noopener">{name}</a>'

    return _STORED_IMAGE.sub(link, html)


# --- Excerpts --------------------------------------------------------------------------------

# Where rendered text breaks a line or a block: a space there, so that “fin.</p><p>Début” does
# not read “fin.Début” once the tags are gone. Inline tags (<strong>, <a>) leave no space.
_BLOCK_BOUNDARY = re.compile(
    r"</?(?:p|br|h[1-6]|li|ul|ol|blockquote|pre|hr|table|thead|tbody|tr|th|td)\b[^>]*>",
    re.IGNORECASE,
)
_no_tags = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"}, attributes={})


def plain_text(html: str) -> str:
    """The words of rendered HTML as a reader sees them: no tags, no entities, one space between
    words and blocks (what an excerpt, a notification or a page's description shows)."""
    spaced = _BLOCK_BOUNDARY.sub(" ", html)
    return " ".join(unescape(_no_tags.clean(spaced)).split())


def truncate_words(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters (the ellipsis included) at the end of a
    word, when it is longer."""
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    if not text[max_chars - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def html_excerpt(html: str, max_chars: int) -> str:
    """The start of rendered text as plain text, cut on a word: the excerpt of a post whose HTML
    is stored (``Post.body_html``)."""
    return truncate_words(plain_text(html), max_chars)


def markdown_excerpt(source: str, max_chars: int) -> str:
    """The same for Markdown not rendered yet: “**0,06 € le mot**” shows as “0,06 € le mot”."""
    return html_excerpt(render_markdown(source), max_chars)
