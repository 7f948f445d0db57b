"""Facts about the signed-in member of staff that several services need."""

from __future__ import annotations

from sqlalchemy import Connection

from ..roles import KeyName, is_clinical_lead_grant
from ..session import Session


def is_clinical_lead(session: Session, conn: Connection | None = None) -> bool:
    """A counsellor is a clinical lead when an administrator has granted it: their slot holds
    the clinical-lead role and, with it, the clinical-lead group key (roles are bound into every
    grant, so they cannot be edited in). The ``is_clinical_lead`` columns of ``users`` and
    ``counsellors`` are for display only: anyone holding the case key can write them."""
    del conn  # kept for callers inside a transaction; the answer needs no database
    return is_clinical_lead_grant(session.roles) and session.holds(KeyName.LEAD)
