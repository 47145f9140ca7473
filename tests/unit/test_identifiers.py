from __future__ import annotations

import random
import timeit
import unicodedata
from dataclasses import dataclass
from typing import get_args

import pytest

from flows.core.free_text import identifier_error
from flows.text.i18n import CATALOGUES
from flows.text.identifiers import (
    IdentifierHit,
    IdentifierKind,
    find_email,
    find_named_birth_date,
    find_nir,
    find_patient_identifier,
    find_phone,
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
        "3400930000001",  # 13 digits: a medicine's CIP13 code, not a NIR without its key
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
        "Erreur de dispensation le 12/11, appel du 15",
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


# ------------------------------------------------- the table of inputs


@dataclass(frozen=True, slots=True)
class Row:
    """A text as people type it on a phone, and what the guard must say of it."""

    text: str
    kind: IdentifierKind | None  # None: must pass
    missed: str | None = None  # why the guard knowingly gets this row wrong


def catch(kind: IdentifierKind, text: str, *, missed: str | None = None) -> Row:
    return Row(text, kind, missed)


def passes(text: str) -> Row:
    return Row(text, None)


TABLE = [
    # NIR: with or without its key, any separators, full-width digits.
    catch("nir", "Patiente 2 84 12 75 123 456 55 sortie sans ordo"),
    catch("nir", "nir 1841275123456 pas de mutuelle"),
    catch("nir", "NIR : 1/84/12/75/123/456"),
    catch("nir", "secu 1_84_12_75_123_456_40 a verifier"),
    catch("nir", "num secu 1  84  12  75  123  456  40"),
    catch("nir", "carte vitale 1.84.12.75.123.456.40"),
    catch("nir", "1-84-12-75-123-456-40 sur l'ordo"),
    catch("nir", "ＮＩＲ １ ８４ １２ ７５ １２３ ４５６ ４０"),
    catch("nir", "le patient185057800608491 a rappelé"),
    catch("nir", "NIR 2 85 05 2A 006 084 82 (corse)"),
    catch("nir", "1 85 05 78 006 084\n91 recopié de la carte"),
    catch("nir", "secu 1\u00a084\u00a012\u00a075\u00a0123\u00a0456"),
    catch("nir", "n° 2–84–05–69–388–012–03"),
    # A name with a birth date: civilities in any case, names in capitals, ISO dates.
    catch("name_birth_date", "mme martin née le 12/03/1945 a chuté"),
    catch("name_birth_date", "Mme Martin née le 1945-03-12"),
    catch("name_birth_date", "MARTIN Jeanne née le 12/03/1945, chute au domicile"),
    catch("name_birth_date", "Mme DUPONT (03/04/1938) double dose de lovenox"),
    catch("name_birth_date", "m. dupont né le 3 mars 1945"),
    catch("name_birth_date", "mme martin née 12/03/1945"),
    catch("name_birth_date", "Mme Martin nee le12/03/1945"),
    catch("name_birth_date", "patiente LEFEVRE ddn 12/11/1950"),
    catch("name_birth_date", "M DURAND né le 03/04/38"),
    catch("name_birth_date", "JEANNE MARTIN NEE LE 12/03/1945"),
    catch("name_birth_date", "Jeanne Martin, née le 12 mars 1945"),
    catch("name_birth_date", "monsieur hebert ne le 12-03-1945"),
    catch("name_birth_date", "Mme N’Diaye née le 3 mars 1945"),
    catch("name_birth_date", unicodedata.normalize("NFD", "Mme Hélène Martin née le 12/03/1945")),
    catch("name_birth_date", "madame garnier date de naissance 3 nov. 1950"),
    catch("name_birth_date", "M. Dupont - 1938-04-03 : chute"),
    catch("name_birth_date", "Mme MARTIN-DUPONT née le 12.03.1945"),
    catch("name_birth_date", "mr durand dn: 12/03/1945"),
    catch("name_birth_date", "Mme Petit née en 1945, sortie hier"),
    catch("name_birth_date", "m. dupont, né le 3 mars 1945, chute"),
    catch("name_birth_date", "mme martin (12/03/1945) chute"),
    catch("name_birth_date", "la patiente Mme Martin née le 12 mars 45"),
    catch(
        "name_birth_date",
        "Mme Martin, 84 ans, diabétique, hospitalisée pour chute, née le 12/03/1945",
    ),
    catch(
        "name_birth_date",
        "Mme Martin est sortie vendredi soir. "
        + "La pharmacie n'a reçu aucune ordonnance et le médecin traitant était absent. " * 2
        + "Elle est née le 12/03/1945.",
        missed="the name is more than 150 characters from the birth date: taken for anyone's",
    ),
    catch(
        "name_birth_date",
        "jeanne martin née le 12/03/1945 a chuté",
        missed="all in lower case and no civility: reads like « patiente diabétique née le »",
    ),
    # Contact details, whoever they belong to.
    catch("email", "la fille (marie.dupont@gmail.com) demande des nouvelles"),
    catch("email", "écrire à jean.dupont @ orange.fr"),
    catch("email", "mail : j.dupont@gmail. com"),
    catch("email", "JEAN.DUPONT@WANADOO.FR"),
    catch("email", "contact jean.dupont arobase free.fr"),
    catch("email", "dr.martin@medecin.mssante.fr a été prévenu"),
    catch("phone", "fille joignable au 06 12 34 56 78"),
    catch("phone", "rappeler le fils 0612345678"),
    catch("phone", "tel:06.12.34.56.78"),
    catch("phone", "son mari +33 6 12 34 56 78"),
    catch("phone", "+33 (0)6 12 34 56 78 après 18h"),
    catch("phone", "0033612345678"),
    catch("phone", "04-78-12-34-56 le standard"),
    catch("phone", "tél ０６ １２ ３４ ５６ ７８"),
    catch("phone", "joignable au 0692 12 34 56 (Réunion)"),
    catch("phone", "Dr Martin au 04 78 12 34 56"),
    catch("phone", "voisine belge +32 470 12 34 56"),
    catch("phone", "Erreur de dispensation le 12/11, appel du 06 12 34 56 78"),
    catch(
        "phone",
        "appeler la fille au O6 12 34 56 78",
        missed="a letter O typed for the zero: no longer a number",
    ),
    # Ordinary clinical text.
    passes("Appel au SAMU Lyon, 12/03/2025"),
    passes("ARS Auvergne (12/03/2025) prévenue"),
    passes("erreur de dose : 2,5 mg au lieu de 0,25 mg"),
    passes("administré à 14h30 puis 18h, rappel à 22h15"),
    passes("Le 12/03/2026 la patiente est sortie sans ordonnance"),
    passes("cf REX-2026-0042, même problème"),
    passes("Dr Martin (RPPS 10001234567) prévenu"),
    passes("chambre 214, lit 2"),
    passes("appel au 15 à 3h du matin, le 15 a envoyé le smur"),
    passes("patiente de 84 ans, diabétique"),
    passes("Dr Martin a rappelé la pharmacie"),
    passes("la patiente, née le 12/03/1945, a chuté"),
    passes("patiente née en 1945 vue par le Dr MARTIN Paul"),
    passes("Le SAMU est arrivé, patiente née en 1945"),
    passes("CIP 3400930000001 en rupture"),
    passes("FINESS 690000880 de l'EHPAD"),
    passes("mme a chuté le 12/03/2025"),
    passes("Appel de mme le 12/03/2025, elle a refusé"),
    passes("Mme X., 84 ans, sortie le 12/03/2026"),
    passes("Dossier 185057800608436 : sorti sans ordonnance"),
    passes("Dr Jean MARTIN, 12/03/2025, a signalé l'erreur"),
    passes("EHPAD Les Tilleuls, le 03/04/2026"),
    passes("CH Vienne (12/03/2025) transfert"),
    passes("M. Durand ne le savait pas le 12/03/2026"),
    passes("INR à 4,5 le 12/03, AVK suspendus"),
    passes("lot 23A456 péremption 03/2027"),
    passes("entre 8h et 12h le 12/03"),
    passes("TA 12/8, sat 96%, FC 110"),
    passes("rdv le 12.03.2025 à 10:30 annulé"),
    passes("posologie 1-0-1 pendant 10 j"),
    passes("DOLIPRANE Biogaran, 12/03/2025 : 2 boîtes délivrées"),
    passes("poids 72,5 kg, taille 1,65 m"),
    passes("elle a appelé le 3114"),
    passes("Mme Martin a chuté le 12/03/2026"),
    passes("Hôpital EDOUARD HERRIOT, patiente née en 1945"),
    passes("ordonnance du 12/03/2025 renouvelée le 12/04/2025"),
    passes("l'IDEL est passée 2 fois, conf tel à 14h"),
    passes("pansement refait le 1/03, 3/03 et 5/03"),
    passes("écrit sur Telegram à @cellule_qualite"),
    passes("mme refuse le traitement, elle est née en 1945"),
    passes("Test COVID positif, patient né en 1950"),
    passes("patiente Alzheimer, née en 1940, chute"),
    passes("le 05 03 2025 10h30 chute au lever"),
    passes("N° de lot : 0253120487, rappel du labo"),
    passes("du 01/02/2025 au 03/04/2025"),
    passes("infirmière (ADELI 011234567) prévenue"),
    passes("bébé né le 3 mars 10h30, Dr Martin présent"),
]


@pytest.mark.parametrize("row", [r for r in TABLE if r.missed is None], ids=lambda r: r.text)
def test_table_row(row: Row) -> None:
    hit = find_patient_identifier(row.text)
    assert (hit and hit.kind) == row.kind


def test_precision_and_recall_on_the_table() -> None:
    caught = {row.text: find_patient_identifier(row.text) is not None for row in TABLE}
    positives = [row for row in TABLE if row.kind is not None]
    true_pos = sum(caught[row.text] for row in positives)
    false_pos = sum(caught[row.text] for row in TABLE if row.kind is None)
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / len(positives)
    print(
        f"\nidentifier guard on {len(TABLE)} rows ({len(positives)} to catch): "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    wrong = {row.text for row in TABLE if caught[row.text] != (row.kind is not None)}
    # Every row the guard gets wrong is one we know and explained, and the other way round:
    # recall falls short of 1 by those rows only.
    assert wrong == {row.text for row in TABLE if row.missed is not None}
    assert precision == 1.0


def test_the_table_is_big_and_balanced() -> None:
    assert len(TABLE) >= 60
    assert len({row.text for row in TABLE}) == len(TABLE)
    assert {row.kind for row in TABLE} == {*get_args(IdentifierKind), None}


def test_every_kind_is_refused_with_its_own_message() -> None:
    for kind in get_args(IdentifierKind):
        text = next(row.text for row in TABLE if row.kind == kind and row.missed is None)
        refused = identifier_error(text)
        assert refused is not None and refused.error == f"input.identifier_{kind}"
        for catalogue in CATALOGUES.values():
            assert refused.error in catalogue


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # The fragment is cut from what was typed, not from the plain copy read.
        ("tél ０６ １２ ３４ ５６ ７８ merci", "０６ １２ ３４ ５６ ７８"),
        ("NIR ＿1 84 12 75 123 456 40", "1 84 12 75 123 456 40"),
    ],
)
def test_fragment_is_the_text_as_typed(text: str, fragment: str) -> None:
    hit = find_patient_identifier(text)
    assert hit is not None and hit.fragment == fragment


def test_decomposed_accents_stay_in_the_fragment() -> None:
    text = unicodedata.normalize("NFD", "Mme Hélène Martin née le 12/03/1945")
    assert find_named_birth_date(text) == unicodedata.normalize("NFD", "née le 12/03/1945")


@pytest.mark.parametrize(
    ("text", "nir"),
    [
        ("NIR 1841275123456.", "1841275123456"),
        ("NIR : 1/84/12/75/123/456 !", "1/84/12/75/123/456"),
        ("1 84 12 75 123 456", "1 84 12 75 123 456"),
    ],
)
def test_nir_without_its_key(text: str, nir: str) -> None:
    assert find_nir(text) == nir


@pytest.mark.parametrize(
    "text",
    [
        "3400930000001",  # CIP13: starts with 3
        "1841375123456",  # month 13
        "1840075123456",  # month 00
        "1841200123456",  # department 00
        "18412751234567",  # 14 digits
        "184 12 75123456",  # two breaks: not the layout, not a bare run
    ],
)
def test_not_a_nir_without_its_key(text: str) -> None:
    assert find_nir(text) is None


def test_email_and_phone_fragments() -> None:
    assert find_email("écrire à jean.dupont @ orange.fr svp") == "jean.dupont @ orange.fr"
    assert find_email("sur Telegram @jdupont") is None
    assert find_phone("fille au 06 12 34 56 78, le soir") == "06 12 34 56 78"
    # A 9-digit number without its trunk 0 is a FINESS, ADELI or SIREN number.
    assert find_phone("FINESS 690000880") is None


def test_the_guard_is_fast_on_a_long_text() -> None:
    sentence = (
        "Sortie d'hospitalisation un vendredi soir, aucune ordonnance transmise à la pharmacie. "
        "Appel au SAMU Lyon le 12/03/2025 à 14h30, la patiente de 84 ans a reçu 2,5 mg au lieu "
        "de 0,25 mg. Dr Martin prévenu, chambre 214, REX-2026-0042. "
    )
    text = (sentence * 40)[:4000]
    assert find_patient_identifier(text) is None
    seconds = min(timeit.repeat(lambda: find_patient_identifier(text), number=20, repeat=3)) / 20
    # About 1.5 ms here; the bound only catches a pattern gone quadratic.
    assert seconds < 0.05


@pytest.mark.parametrize(
    "text",
    [
        "a.b-c+d" * 570 + "@",  # every start of a long run tried before a lone "@"
        "x@" + "a." * 1999 + "1",
        "0 " * 2000,
        "Mme " * 1000,
        "née le " * 570,
        "1 " * 2000,
    ],
    ids=["address run", "domain run", "zeros", "civilities", "birth markers", "digits"],
)
def test_the_guard_stays_fast_on_odd_text(text: str) -> None:
    seconds = min(timeit.repeat(lambda: find_patient_identifier(text), number=3, repeat=3)) / 3
    assert seconds < 0.1
