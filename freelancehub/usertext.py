"""Members' text: Markdown rendered once, on save, to sanitised HTML stored next to the source.

markdown-it-py never passes raw HTML through; nh3 then keeps only an allow-list of tags and
attributes, so a bug in either layer alone does not open a hole.
"""

from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

HEADING_SHIFT = 2


def _shift_headings(state) -> None:
    """A member's “# Title” becomes an <h3>: the page's own <h1> and <h2> stay the outline."""
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(int(token.tag[1]) + HEADING_SHIFT, 6)}"


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False}).enable(
    ["linkify", "strikethrough", "table"]
)
_markdown.core.ruler.push("shift_headings", _shift_headings)

ALLOWED_TAGS = {
    "p", "br", "h3", "h4", "h5", "h6", "strong", "em", "del", "a", "img", "ul", "ol", "li",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}


def _keep_safe_urls(tag: str, attribute: str, value: str) -> str | None:
    """Links may be http(s) or mailto; images load only over https (no mixed content, no data:)."""
    if tag == "img" and attribute == "src":
        return value if urlsplit(value).scheme == "https" else None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_keep_safe_urls,
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow ugc noopener",
)


def render_markdown(source: str) -> str:
    """Turns a member's Markdown into HTML that is safe to show as is."""
    if not source.strip():
        return ""
    return _cleaner.clean(_markdown.render(source))
