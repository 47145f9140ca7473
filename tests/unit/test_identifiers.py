from __future__ import annotations

import random

import pytest

from flows.text.identifiers import (
    IdentifierHit,
    find_named_birth_date,
    find_nir,
    find_patient_identifier,
)

SEXES = "123478"
MONTHS = [f"{m:02d}" for m in [*range(1, 13), *range(20, 43), *range(50, 100)]]


def key_for(body: str) -> str:
    """Independent key computation (Corsica via the numeric offset rule)."""
    upper = body.upper()
    offset = 0
    if upper[5:7] == "2A":
        offset, upper = 1_000_000, upper[:5] + "20" + upper[7:]
    elif upper[5:7] == "2B":
        offset, upper = 2_000_000, upper[:5] + "20" + upper[7:]
    return f"{97 - (int(upper) - offset) % 97:02d}"


def random_body(rng: random.Random) -> str:
    dept = rng.choice([f"{rng.randint(1, 95):02d}", "2A", "2B", "2a", "2b", "97", "99"])
    return (
        rng.choice(SEXES)
        + f"{rng.randint(0, 99):02d}"
        + rng.choice(MONTHS)
        + dept
        + f"{rng.randint(1, 999):03d}"
        + f"{rng.randint(1, 999):03d}"
    )


def spaced(nir: str, sep: str) -> str:
    groups = [nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:15]]
    return sep.join(groups)


# --------------------------------------------------------------- NIR


@pytest.mark.parametrize(
    "nir",
    [
        "1 85 05 78 006 084 91",
        "1.85.05.78.006.084.91",
        "1-85-05-78-006-084-91",
        "185057800608491",
        "2 55 08 14 168 025 38",
        "255081416802538",
        "1 85 05 78 006 084 91".replace(" ", "\u00a0"),
        # Corsica: 2A -> 19, 2B -> 18 for the key.
        "2 85 05 2A 006 084 82",
        "2 85 05 2a 006 084 82",
        "2 85 05 2B 006 084 12",
        # Unknown-month codes.
        "1 85 20 78 006 084 " + key_for("1852078006084"),
        "1 85 99 78 006 084 " + key_for("1859978006084"),
    ],
)
def test_valid_nir_literals(nir: str) -> None:
    assert find_nir(nir) == nir
    assert find_nir(f"Le patient (NIR {nir}) a appelé.") == nir


def test_valid_nir_random_with_separators() -> None:
    rng = random.Random(20261122)
    for _ in range(500):
        body = random_body(rng)
        nir = body + key_for(body)
        sep = rng.choice(["", " ", ".", "-"])
        text = spaced(nir, sep)
        assert find_nir(text) == text, text
        assert find_nir(f"numéro : {text}, merci") == text


def test_random_runs_match_only_with_valid_key() -> None:
    rng = random.Random(97)
    for _ in range(2000):
        body = random_body(rng)
        key = f"{rng.randint(0, 99):02d}"
        expected = key == key_for(body)
        assert (find_nir(body + key) is not None) is expected, body + key


def test_key_off_by_one_is_rejected_in_a_bare_run() -> None:
    rng = random.Random(1)
    for _ in range(300):
        body = random_body(rng)
        good = int(key_for(body))
        for bad in (good - 1, good + 1):
            assert find_nir(body + f"{bad:02d}") is None


def test_a_nir_in_its_own_layout_is_caught_even_with_a_wrong_key() -> None:
    """A typo in the key does not make it any less a patient's number."""
    assert find_nir("Corrigé NIR 2 84 12 75 123 456 55 ok") == "2 84 12 75 123 456 55"
    assert find_nir("1 85 05 78 006 084 36") is not None


@pytest.mark.parametrize(
    "text",
    [
        "18505780060849",  # 14 digits
        "18505780060",  # 11 digits
        "185057800608",  # 12 digits
        "1850578006084",  # 13 digits, key missing
        "1850578006084910",  # valid NIR inside 16 digits
        "91850578006084910000",  # inside a 20-digit run
        "4185057800608491",  # leading extra digit
        "5 85 05 78 006 084 " + key_for("5850578006084"),  # bad sex digit
        "1 85 13 78 006 084 " + key_for("1851378006084"),  # month 13
        "1 85 00 78 006 084 " + key_for("1850078006084"),  # month 00
        "1 85 45 78 006 084 " + key_for("1854578006084"),  # month 45
        "2 85 05 2C 006 084 82",  # not a Corsican code
        "06 12 34 56 78",
        "+33 6 12 34 56 78",
        "10001234567",  # RPPS
        "le 12/03/1945",
        "",
    ],
)
def test_not_a_nir(text: str) -> None:
    assert find_nir(text) is None


def test_invalid_candidate_does_not_hide_a_valid_one() -> None:
    assert find_nir("185057800608436 puis 185057800608491") == "185057800608491"


# ----------------------------------------------- name + birth date


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Mme Martin, née le 12/03/1945", "née le 12/03/1945"),
        ("Mme Martin, nee le 12/03/1945", "nee le 12/03/1945"),
        ("M. Durand né le 3 mars 1945", "né le 3 mars 1945"),
        ("M.Durand né(e) le 1er mars 1945", "né(e) le 1er mars 1945"),
        ("Monsieur Hébert, NÉ LE 12-03-45 a chuté", "NÉ LE 12-03-45"),
        ("Jean DUPONT, date de naissance : 12.03.1945", "date de naissance : 12.03.1945"),
        ("DUPONT Jean DDN 12/11/1950", "DDN 12/11/1950"),
        ("la patiente Lefèvre (naissance : 12 novembre 1950)", "naissance : 12 novembre 1950"),
        ("patient Moreau, né en 1950", "né en 1950"),
        ("Mlle Petit née en mars 1950", "née en mars 1950"),
        ("madame Hélène GARNIER ddn 3 nov. 1950", "ddn 3 nov. 1950"),
    ],
)
def test_named_birth_date_positive(text: str, fragment: str) -> None:
    assert find_named_birth_date(text) == fragment
    assert find_patient_identifier(text) == IdentifierHit("name_birth_date", fragment)


@pytest.mark.parametrize(
    "text",
    [
        "le 12/11 la patiente est sortie",
        "Le 12/11/2026 la patiente est sortie contre avis médical",
        # Birth date without any name cue: deliberately not flagged.
        "née le 12/03/1945",
        "la patiente, née le 12/03/1945, a chuté",
        # Name without a birth date.
        "Mme Martin a chuté le 12/03/2026",
        # "ne le" negation is not a birth marker.
        "M. Durand ne le savait pas le 12/03/2026",
        # Marker too far from the date.
        "Mme Martin, date de naissance inconnue, vue en consultation le 12/03/2026",
        "",
    ],
)
def test_named_birth_date_negative(text: str) -> None:
    assert find_named_birth_date(text) is None


# ------------------------------------------------------- combined


def test_patient_identifier_prefers_nir() -> None:
    text = "Mme Martin née le 12/03/1945, NIR 2 55 08 14 168 025 38"
    assert find_patient_identifier(text) == IdentifierHit("nir", "2 55 08 14 168 025 38")


@pytest.mark.parametrize(
    "text",
    [
        "Erreur de dispensation le 12/11, appel du 06 12 34 56 78",
        "Dr Martin (RPPS 10001234567) prévenu",
        "",
    ],
)
def test_patient_identifier_none(text: str) -> None:
    assert find_patient_identifier(text) is None


def test_hit_is_frozen() -> None:
    hit = IdentifierHit("nir", "x")
    with pytest.raises(AttributeError):
        hit.kind = "name_birth_date"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "1 85 05 78 006 084  91",
        "1 85 05 78 006 084\n91",
        "1 - 85 - 05 - 78 - 006 - 084 - 91",
        "1\t85\t05\t78\t006\t084\t91",
    ],
)
def test_nir_with_wider_separators_is_found(text: str) -> None:
    assert find_nir(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Jeanne Martin née le 12/03/1945 a reçu une double dose.",
        "Mme Martin (12/03/1945) a reçu une double dose.",
        "Mme Martin, 12/03/1945, a reçu une double dose.",
        "M. Dupont - 03/04/1938 : chute au domicile.",
    ],
)
def test_name_with_attached_birth_date_is_found(text: str) -> None:
    assert find_named_birth_date(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Le 12/03/2026 la patiente est sortie sans ordonnance.",
        "Appel du Dr au cabinet le 12/03 : Mme a chuté.",
        "Sortie prévue le 12/03/2026, ordonnance non transmise.",
    ],
)
def test_event_dates_are_not_birth_dates(text: str) -> None:
    assert find_named_birth_date(text) is None
