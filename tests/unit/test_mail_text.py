"""Reading mail as people write it."""

from __future__ import annotations

from email.message import EmailMessage

from bot.transports.mail_text import has_attachments, is_automatic, new_words


def test_the_reply_stops_at_the_quoted_message() -> None:
    assert new_words("Oui\n\nLe lun. 23 nov. 2026 à 10:02, rexbot a écrit :\n> Question") == "Oui"
    assert new_words("Yes\n\nOn Mon, 23 Nov 2026 at 10:02, rexbot wrote:\n> Q") == "Yes"
    outlook = "2\n\nDe : rexbot\nEnvoyé : lundi 23 novembre 2026 10:02\nÀ : Camille Durand\nQ"
    assert new_words(outlook) == "2"
    english = "2\n\nFrom: rexbot\nSent: Monday\nTo: Camille Durand\nSubject: Q"
    assert new_words(english) == "2"
    assert new_words("Merci\n-- \nCamille Durand, IDE") == "Merci"


def test_content_that_only_looks_like_a_quote_is_kept() -> None:
    text = "Le médecin a écrit : pas de changement.\nDe : l'hôpital, rien reçu."
    assert new_words(text) == text
    assert new_words("Sortie le 12/11\n--\nsuite du texte") == "Sortie le 12/11\n--\nsuite du texte"


def test_automatic_replies_are_recognised() -> None:
    out_of_office = EmailMessage()
    out_of_office["Auto-Submitted"] = "auto-replied"
    assert is_automatic(out_of_office)
    bulk = EmailMessage()
    bulk["Precedence"] = "auto_reply"
    assert is_automatic(bulk)
    person = EmailMessage()
    person["Auto-Submitted"] = "no"
    assert not is_automatic(person)


def test_an_inline_signature_logo_is_not_an_attachment() -> None:
    message = EmailMessage()
    message.set_content("Oui")
    message.add_alternative("<p>Oui</p><img src='cid:logo'>", subtype="html")
    html = message.get_payload()[1]
    html.add_related(b"\x89PNG", maintype="image", subtype="png", cid="<logo>")
    assert not has_attachments(message)
    message.add_attachment(b"%PDF", maintype="application", subtype="pdf", filename="o.pdf")
    assert has_attachments(message)
