"""The plain text of an article's body, one line per paragraph, as readers compare it."""

import re
from html.parser import HTMLParser

from django.utils.translation import gettext as _

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "br", "tr"}


class _TextOfHtml(HTMLParser):
    """The text of a body, one line per paragraph, heading or list item; images as a mark."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = [""]

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._new_line()
        if tag == "img":
            self.lines[-1] += _("[image]")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._new_line()

    def handle_data(self, data):
        self.lines[-1] += re.sub(r"\s+", " ", data)

    def _new_line(self):
        if self.lines[-1].strip():
            self.lines.append("")


def text_of_body(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html or "")
    parser.close()
    return "\n".join(line.strip() for line in parser.lines if line.strip())
