"""What a territory (one CPTS) configures: its name and the list of REX types."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class IncidentType:
    id: str
    label_fr: str
    label_en: str

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_fr


DEFAULT_INCIDENT_TYPES: tuple[IncidentType, ...] = (
    IncidentType("evenement_indesirable", "Événement indésirable", "Adverse event"),
    IncidentType("presque_accident", "Presqu'accident", "Near miss"),
    IncidentType("situation_complexe", "Situation complexe", "Complex situation"),
    IncidentType(
        "dysfonctionnement_parcours",
        "Dysfonctionnement de coordination ou de parcours",
        "Care coordination or pathway failure",
    ),
)


@dataclass(frozen=True, slots=True)
class Territory:
    name: str = "CPTS de démonstration"
    coordinator_contact: str = ""
    incident_types: tuple[IncidentType, ...] = field(default=DEFAULT_INCIDENT_TYPES)

    def incident_type(self, type_id: str) -> IncidentType | None:
        for incident_type in self.incident_types:
            if incident_type.id == type_id:
                return incident_type
        return None
