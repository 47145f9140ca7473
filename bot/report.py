"""`rexbot report`: the year's indicators and the anonymised list of cases, for the general
assembly (text on the terminal, or two CSV files)."""

from __future__ import annotations

import csv
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flows.domain.model import CaseFacts
from flows.domain.territory import Territory
from flows.indicators import Indicators, compute, render, year_bounds
from flows.text.i18n import t
from storage.unit_of_work import SqlRepositories


@dataclass(frozen=True, slots=True)
class YearReport:
    figures: Indicators
    cases: list[CaseFacts]


def build(conn: sqlite3.Connection, year: int, timezone: ZoneInfo) -> YearReport:
    start, end = year_bounds(year, timezone)
    records = SqlRepositories(conn).indicators.year_records(start, end)
    return YearReport(compute(year, records), records.cases)


def as_text(report: YearReport) -> str:
    return render("fr", report.figures)


def _hours(start: datetime, end: datetime | None) -> str:
    if end is None:
        return ""
    return f"{(end - start).total_seconds() / 3600:.1f}".replace(".", ",")


def write_csv(
    report: YearReport, directory: Path, timezone: ZoneInfo, territory: Territory
) -> list[Path]:
    """indicateurs-YYYY.csv (one figure per line) and cas-YYYY.csv (one case per line, without
    any text or person). Semicolons, decimal commas and a BOM: what French spreadsheets
    expect."""
    figures = report.figures
    year = figures.year
    directory.mkdir(parents=True, exist_ok=True)
    summary = directory / f"indicateurs-{year}.csv"
    rows: list[tuple[str, object]] = [
        ("annee", year),
        ("declarations", figures.declarations),
        *(
            (f"niveau_{key}" if key != "none" else "sans_niveau", value)
            for key, value in figures.per_level.items()
        ),
        ("declarants", figures.declarants),
        ("membres_cellule_impliques", figures.acting_members),
        ("resolus", figures.resolved),
        ("non_resolus", figures.unresolved),
        ("retires", figures.withdrawn),
        ("en_cours", figures.open),
        ("taux_resolution", _ratio(figures.resolution_rate)),
        ("points_15_jours_repondus", figures.checkins_answered),
        ("points_15_jours_oui", figures.checkins_yes),
        ("reponses_satisfaction", figures.satisfaction_answers),
        ("satisfaction_reactivite_moyenne", _ratio(figures.mean_reactivity)),
        ("satisfaction_aide_moyenne", _ratio(figures.mean_help)),
        *((f"notes_{score}", count) for score, count in figures.distribution.items()),
        ("delai_median_prise_en_charge_heures", _delay(figures.median_ack)),
        ("delai_median_cloture_heures", _delay(figures.median_closure)),
    ]
    with summary.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(("indicateur", "valeur"))
        writer.writerows(rows)
    listing = directory / f"cas-{year}.csv"
    with listing.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(
            (
                "reference",
                "type",
                "declare_le",
                "niveau",
                "statut",
                "eigs_possible",
                "heures_avant_prise_en_charge",
                "heures_avant_cloture",
            )
        )
        for case in report.cases:
            kind = territory.incident_type(case.incident_type)
            writer.writerow(
                (
                    case.reference,
                    kind.label("fr") if kind else case.incident_type,
                    case.declared_at.astimezone(timezone).date().isoformat(),
                    case.level or "",
                    t("fr", f"status.{case.status}"),
                    "oui" if case.possible_eigs else "non",
                    _hours(case.declared_at, case.acknowledged_at),
                    _hours(case.declared_at, case.closed_at),
                )
            )
    return [summary, listing]


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def _delay(value: timedelta | None) -> str:
    return "" if value is None else f"{value.total_seconds() / 3600:.1f}".replace(".", ",")
