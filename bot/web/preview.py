"""Server-side rendering of a chat message for the admin preview, the same light formatting the
widget applies (paragraphs, **bold**, _italic_, lists, links; everything else escaped)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from markupsafe import Markup, escape

_INLINE = re.compile(
    r"\*\*([^*]+)\*\*|(^|[\s(])_([^_]+)_(?=$|[\s).,:;!?])|\[([^\]]+)\]\(([^)\s]+)\)|(https?://[^\s<>()]+[^\s<>().,:;!?])"
)
_LIST_ITEM = re.compile(r"^\s*([-*•]|\d+\.)\s+")
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def _link(text: str, url: str) -> str:
    if urlparse(url).scheme.lower() not in SAFE_SCHEMES:
        return str(escape(text))
    return f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(text)}</a>'


def _inline(text: str) -> str:
    out, last = [], 0
    for m in _INLINE.finditer(text):
        out.append(str(escape(text[last:m.start()])))
        bold, pre, italic, link_text, link_url, bare = m.groups()
        if bold is not None:
            out.append(f"<strong>{escape(bold)}</strong>")
        elif italic is not None:
            out.append(f"{escape(pre)}<em>{escape(italic)}</em>")
        elif link_text is not None:
            out.append(_link(link_text, link_url))
        else:
            out.append(_link(bare, bare))
        last = m.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


def formatted(text: str) -> Markup:
    blocks = []
    for block in re.split(r"\n{2,}", text or ""):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_LIST_ITEM.match(line) for line in lines):
            tag = "ol" if re.match(r"^\s*\d+\.", lines[0]) else "ul"
            items = "".join(f"<li>{_inline(_LIST_ITEM.sub('', line))}</li>" for line in lines)
            blocks.append(f"<{tag}>{items}</{tag}>")
        else:
            blocks.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
    return Markup("".join(blocks))  # noqa: S704 - every piece above is escaped
