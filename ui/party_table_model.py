"""The parties of a mediation case: label, reference, name and how each may be contacted.

Each party is a client in their own right, so the contact column follows that party's own
safe-contact preferences (``ClientService.contact_prompt``), never the case client's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from supportline.services.clients import ContactPrompt

from .row_table_model import RowTableModel


@dataclass(frozen=True)
class Party:
    party_id: int
    client_id: int
    label: str
    reference: str
    name: str
    prompt: ContactPrompt

    @property
    def title(self) -> str:
        return self.label or self.name


class PartyTableModel(RowTableModel):
    COLUMN_LABEL = 0
    COLUMN_REFERENCE = 1
    COLUMN_NAME = 2
    COLUMN_CONTACT = 3
    COLUMN_COUNT = 4

    def headers(self) -> list[str]:
        return [self.tr("Label"), self.tr("Reference"), self.tr("Name"),
                self.tr("How they may be contacted")]

    def contact_text(self, prompt: ContactPrompt) -> str:
        phone = (self.tr("Phone {number}, voicemail OK") if prompt.voicemail_ok
                 else self.tr("Phone {number}, no voicemail")).format(number=prompt.number) \
            if prompt.number else self.tr("Do not phone")
        return "; ".join([
            phone,
            self.tr("letters OK") if prompt.letters_ok else self.tr("no letters"),
            self.tr("e-mail {address}").format(address=prompt.email) if prompt.email
            else self.tr("no e-mail"),
            self.tr("may contact at work") if prompt.work_contact_ok
            else self.tr("not at work"),
        ])

    def display(self, party: Party, column: int) -> str:
        if column == self.COLUMN_LABEL:
            return party.label
        if column == self.COLUMN_REFERENCE:
            return party.reference
        if column == self.COLUMN_NAME:
            return party.name
        if column == self.COLUMN_CONTACT:
            return self.contact_text(party.prompt)
        return ""

    def dimmed(self, party: Any) -> bool:
        return False

    def row_of(self, party_id: int) -> int:
        return next((n for n, p in enumerate(self._rows) if p.party_id == party_id), -1)
