"""Reading e-mail the way people write it: the new words of a reply, not the quoted message
below them nor the signature; text out of HTML-only mail; a command in the subject."""

from __future__ import annotations

import re
from email.message import EmailMessage, MIMEPart
from html.parser import HTMLParser

# "Le lun. 23 nov. 2026 à 10:02, rexbot <…> a écrit :", "On Mon, … wrote:": with a digit or
# an address in them, not "Le médecin a écrit :" in the middle of a declaration.
_QUOTE_HEADER = re.compile(
    r"^\s*(?:le\s.*[\d@<].*\sa\s+écrit\s*:|on\s.*[\d@<].*\swrote\s*:"
    r"|-{2,}\s*original message\s*-{2,}|-{2,}\s*message d'origine\s*-{2,})\s*$",
    re.IGNORECASE,
)
# Outlook's quoted header block: "De : …" / "From: …" followed by "Envoyé :", "À :", "Objet :"…
_HEADER_FIELD = re.compile(r"^\s*(?:de|from)\s*:", re.IGNORECASE)
_HEADER_NEXT = re.compile(r"^\s*(?:envoyé|sent|date|à|a|to|cc|objet|subject)\s*:", re.IGNORECASE)
_AUTOMATIC_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})
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
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines):
        if line == "-- " or _QUOTE_HEADER.match(line) or _outlook_header(lines, number):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def _outlook_header(lines: list[str], number: int) -> bool:
    if not _HEADER_FIELD.match(lines[number]):
        return False
    return any(_HEADER_NEXT.match(line) for line in lines[number + 1 : number + 4])


def is_automatic(message: EmailMessage) -> bool:
    """An out-of-office or other automatic mail (RFC 3834 and the usual headers)."""
    submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (
        submitted != "no"
        or precedence in _AUTOMATIC_PRECEDENCE
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
    )


def decoded(part: MIMEPart) -> str:
    """A text part's words whatever its charset says: an unknown or bogus charset is read as
    UTF-8, and bytes that do not decode become "�" (the mail is answered all the same)."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"  # a superset of the default, US-ASCII
    try:
        return payload.decode(charset, errors="replace")
    except (LookupError, ValueError):
        # Not a codec ("x-unknown"), not a text one ("base64"), or one that cannot replace.
        return payload.decode("utf-8", errors="replace")


def body_of(message: EmailMessage) -> str:
    """The text of a mail: its plain part, or its HTML part turned into text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = decoded(part)
    if part.get_content_type() == "text/html":
        return html_to_text(content)
    return content


def has_attachments(message: EmailMessage) -> bool:
    """A file sent along; not an inline image of a signature (a logo in the HTML part)."""
    return any(
        part.get_content_disposition() == "attachment"
        or (part.get_content_disposition() != "inline" and part.get("Content-ID") is None)
        for part in message.iter_attachments()
    )


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
