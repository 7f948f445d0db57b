"""Facts about the signed-in member of staff that several services need."""

from __future__ import annotations

from sqlalchemy import Connection, select

from ..db import schema
from ..roles import Role
from ..session import Session


def is_clinical_lead(session: Session, conn: Connection | None = None) -> bool:
    """A counsellor is a clinical lead when their user account or their counsellor profile says
    so (administrators set either); the one answer every service uses."""
    if not session.has_role(Role.COUNSELLOR):
        return False
    u, c = schema.users.c, schema.counsellors.c
    with session.case_read(conn) as conn:
        row = conn.execute(
            select(u.id, u.is_clinical_lead).where(u.username == session.username)
        ).first()
        if row is None:
            return False
        if row.is_clinical_lead:
            return True
        profile = conn.execute(
            select(c.is_clinical_lead).where(c.user_id == row.id, c.active.is_(True))
        ).scalar()
    return bool(profile)
