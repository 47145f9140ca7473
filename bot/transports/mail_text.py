"""Reading e-mail the way people write it: the new words of a reply, not the quoted message
below them nor the signature; text out of HTML-only mail; a command in the subject."""

from __future__ import annotations

import re
from email.message import EmailMessage
from html.parser import HTMLParser

# "Le lun. 23 nov. 2026 à 10:02, rexbot <…> a écrit :", "On Mon, … wrote:", Outlook's header.
_QUOTE_HEADER = re.compile(
    r"^\s*(?:le\s.+\sa\s+écrit\s*:|on\s.+\swrote\s*:|-{2,}\s*original message\s*-{2,}"
    r"|-{2,}\s*message d'origine\s*-{2,}|de\s*:\s.+@.+)\s*$",
    re.IGNORECASE,
)
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|tr|fwd?|aw|r)\s*:\s*)+", re.IGNORECASE)
CASE_TAG = re.compile(r"\[(REX-\d{4}-\d{4})\]", re.IGNORECASE)


class _Text(HTMLParser):
    """The words of an HTML mail, with line breaks where blocks end."""

    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "blockquote"})
    _SKIP = frozenset({"script", "style", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._quote_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        if tag == "blockquote":
            self._quote_depth += 1
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        if tag == "blockquote" and self._quote_depth:
            self._quote_depth -= 1
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # A quoted message (blockquote) is what was answered, not the answer.
        if not self._skipping and not self._quote_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(lines).strip()


def new_words(text: str) -> str:
    """The reply itself: stops at the quoted message's header or at the signature, and
    drops quoted lines ("> …")."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.rstrip() in ("--", "-- ") or _QUOTE_HEADER.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def body_of(message: EmailMessage) -> str:
    """The text of a mail: its plain part, or its HTML part turned into text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        return html_to_text(content)
    return content


def has_attachments(message: EmailMessage) -> bool:
    return any(True for _ in message.iter_attachments())


def clean_subject(subject: str) -> str:
    """The subject without "Re:"/"TR:" prefixes nor the case tag."""
    return CASE_TAG.sub("", _SUBJECT_PREFIX.sub("", subject)).strip()


def answer_text(message: EmailMessage) -> str:
    """What the person said: a command given as the subject (whatever the body says, often a
    greeting), a command on the first line of the body, or the new words of the body."""
    words = new_words(body_of(message))
    subject = clean_subject(str(message.get("Subject", "")))
    if subject.startswith("/"):
        return subject
    first = words.partition("\n")[0]
    if first.strip().startswith("/"):
        # "/start CODE" or "/declarer" on the first line: the command is that line alone.
        return first.strip()
    return words
