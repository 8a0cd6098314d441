"""The plain-text part of an email, made from its HTML so that the two always agree.

It is made once per compiled template, from the HTML with its template tags still in place:
the result is a plain-text template that each send fills in like the HTML one (turning
23 KB of MJML's tables into text costs far more than filling in variables)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags after which a reader expects a new line.
BLOCKS = frozenset({"p", "div", "br", "tr", "table", "h1", "h2", "h3", "h4", "li", "ul", "ol",
                    "section", "hr"})
SKIPPED = frozenset({"head", "style", "script", "title"})
# Links worth writing out: web addresses, and template variables that hold one.
SHOWN_LINKS = ("http://", "https://", "{{")
SPACES = re.compile(r"[ \t\r\f\v]+")  # not no-break spaces: they keep "1 200,00 ₽" whole
BLANK_LINES = re.compile(r"\n{3,}")


def _is_hidden(attributes: dict) -> bool:
    return "display:none" in (attributes.get("style") or "").replace(" ", "")


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.links: list[str] = []
        # An element hidden from view (the inbox preview line): its tag and nesting depth.
        self.hidden_tag = ""
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.hidden_depth:
            self.hidden_depth += tag == self.hidden_tag
            return
        if _is_hidden(attributes):
            self.hidden_tag, self.hidden_depth = tag, 1
        elif tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")
        elif tag == "a":
            self.links.append(attributes.get("href") or "")

    def handle_endtag(self, tag):
        if self.hidden_depth:
            self.hidden_depth -= tag == self.hidden_tag
        elif tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href.startswith(SHOWN_LINKS):
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        if not self.skipping and not self.hidden_depth:
            self.parts.append(data)


def tidy_text(text: str) -> str:
    """Returns ``text`` with each line trimmed and at most one blank line in a row."""
    lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"


def html_to_text(html: str) -> str:
    """Returns readable plain text of ``html``: one block per line, links as "text (url)",
    no images, nothing hidden. Template tags in the HTML stay in the text."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return tidy_text("".join(collector.parts))
