from __future__ import annotations

import pytest

from flows.text.phones import format_french_phone, normalise_french_phone


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("  06 12 34 56 78  ", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33612345678", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("+33 (0) 6 12 34 56 78", "+33612345678"),
        ("+33 06 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("01 23 45 67 89", "+33123456789"),
        ("05 56 00 00 00", "+33556000000"),
        ("07 50 12 34 56", "+33750123456"),
        ("08 00 12 34 56", "+33800123456"),
        ("08 10 12 34 56", "+33810123456"),  # shared cost: a switchboard, a small surcharge
        ("08 06 12 34 56", "+33806123456"),  # 0806-0809 stay +33, though overseas dial them too
        ("09 72 12 34 56", "+33972123456"),
        ("04 70 12 34 56", "+33470123456"),  # written nationally, so French (not Belgian 0470)
        # Written as people write, copy or paste them.
        ("(06) 12 34 56 78", "+33612345678"),
        ("06/12/34/56/78", "+33612345678"),
        ("06\u00a012\u00a034\u00a056\u00a078", "+33612345678"),
        ("06\u202f12\u202f34\u202f56\u202f78", "+33612345678"),
        ("06 12 34 56 78\n", "+33612345678"),
        # Overseas departments.
        ("0262 12 34 56", "+262262123456"),
        ("0692 12 34 56", "+262692123456"),
        ("06 93 12 34 56", "+262693123456"),
        ("0269 61 23 45", "+262269612345"),
        ("0263 10 12 34", "+262263101234"),  # Réunion, newer landline range
        ("0639 01 23 45", "+262639012345"),
        ("0709 20 12 34", "+262709201234"),  # Réunion, 07 mobile range opened overseas
        ("+262 269 61 23 45", "+262269612345"),
        ("+262 692 12 34 56", "+262692123456"),
        ("+262 (0)692 12 34 56", "+262692123456"),
        ("00262692123456", "+262692123456"),
        ("0590 12 34 56", "+590590123456"),
        ("0690 12 34 56", "+590690123456"),
        ("0691 22 12 34", "+590691221234"),
        ("+590 590 27 12 34", "+590590271234"),  # Saint-Barthélemy shares +590
        ("+590 690 12 34 56", "+590690123456"),
        ("0594 12 34 56", "+594594123456"),
        ("0694 12 34 56", "+594694123456"),
        ("+594 694 12 34 56", "+594694123456"),
        ("0596 30 12 34", "+596596301234"),
        ("0696 12 34 56", "+596696123456"),
        ("0697 12 34 56", "+596697123456"),
        ("+596 696 12 34 56", "+596696123456"),
        # DOM number written with +33: country code follows the numbering plan.
        ("+33 6 92 12 34 56", "+262692123456"),
        ("+33 5 96 30 12 34", "+596596301234"),
        ("+33 7 09 20 12 34", "+262709201234"),
        # Saint-Pierre-et-Miquelon and the Pacific collectivities have their own plans.
        ("+508 41 23 45", "+508412345"),
        ("00508 41 23 45", "+508412345"),
        ("+687 75 12 34", "+687751234"),
        # Neighbouring countries, for cross-border professionals, with their country code.
        ("+32 470 12 34 56", "+32470123456"),
        ("0041 79 123 45 67", "+41791234567"),
        ("+352 621 123 456", "+352621123456"),
        ("+49 151 12345678", "+4915112345678"),
        ("+377 6 12 34 56 78", "+377612345678"),
        ("+376 312 345", "+376312345"),
        ("+39 06 1234 5678", "+390612345678"),  # Italy keeps its leading 0
        ("+34 612 34 56 78", "+34612345678"),
    ],
)
def test_normalise_ok(text: str, e164: str) -> None:
    assert normalise_french_phone(text) == e164


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "06 12 34 56 7",  # too short
        "06 12 34 56 789",  # too long
        "612345678",  # missing trunk 0
        "0012345678",  # 00 at start of national part
        "00 12 34 56 78",
        "+33 0 0 12 34 56 78",
        "+33 00 12 34 56 78",
        "+33 012345678",  # 00 after removing the trunk 0
        "+336123456",  # too short
        "+3361234567890",
        "+33 (0)06 12 34 56 78",
        "+44 20 7946 0958",  # neither French nor a neighbour
        "0044 20 7946 0958",
        "+1 202 555 0143",
        "+32 470 12 34",  # too short for Belgium
        "07 00 00 00 01",  # 070-072 are not assigned
        "0639 12 34 56",  # unassigned Mayotte block
        "0691 12 34 56",  # unassigned Guadeloupe block
        "08 99 12 34 56",  # premium rate: the cell would pay to call back
        "08 36 65 65 65",
        "+590 692 12 34 56",  # Réunion number under Guadeloupe code
        "+262 6 12 34 56 78",  # mainland number under a DOM code
        "06 12 34 56 7a",
        "tel: 0612345678",
        "06 12 34 56 78 poste 12",
        "+ 33 6 12 34 56 78 +",
        "06 12 34 56 78 ext 12",
        "6 12 34 56 78",  # missing trunk 0: might as well be missing another digit
        "+33 6 12 34 56 78 9",
        "112",
        "15",
        "3624",
        "10001234567",  # RPPS
    ],
)
def test_normalise_rejects(text: str) -> None:
    assert normalise_french_phone(text) is None


@pytest.mark.parametrize(
    ("e164", "expected"),
    [
        ("+33612345678", "06 12 34 56 78"),
        ("+33123456789", "01 23 45 67 89"),
        ("+262692123456", "+262 692 12 34 56"),
        ("+262262123456", "+262 262 12 34 56"),
        ("+590690123456", "+590 690 12 34 56"),
        ("+594594123456", "+594 594 12 34 56"),
        ("+596697123456", "+596 697 12 34 56"),
        ("+33800123456", "0 800 12 34 56"),  # how 08 numbers are printed
        ("+32470123456", "+32 470 12 34 56"),
        ("+508412345", "+508 41 23 45"),
        # Stored by an earlier version that did not know the assigned ranges: still shown.
        ("+33700000001", "07 00 00 00 01"),
        ("+262639123456", "+262 639 12 34 56"),
        # Non-canonical input is accepted too.
        ("06.12.34.56.78", "06 12 34 56 78"),
    ],
)
def test_format(e164: str, expected: str) -> None:
    assert format_french_phone(e164) == expected


@pytest.mark.parametrize("text", ["+44 20 7946 0958", "bonjour", "", "+1", "15"])
def test_format_rejects_invalid(text: str) -> None:
    with pytest.raises(ValueError):
        format_french_phone(text)


def test_round_trip() -> None:
    for text in (
        "06 12 34 56 78",
        "0692 12 34 56",
        "+596 696 12 34 56",
        "09 72 12 34 56",
        "08 00 12 34 56",
        "+32 470 12 34 56",
        "+687 75 12 34",
    ):
        e164 = normalise_french_phone(text)
        assert e164 is not None
        assert normalise_french_phone(format_french_phone(e164)) == e164
