"""Linking a sign-in to a counsellor profile, so that the counsellor sees their own caseload
and diary (both find "my" profile by ``counsellors.user_id``).

Administrators link and unlink. A profile belongs to at most one sign-in and a sign-in to at
most one profile (the store refuses a second link too: a unique index on ``user_id``).
"""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from ..case_keys import CaseKeys
from ..db import schema
from ..errors import (
    CounsellorAlreadyLinked,
    CounsellorNameAmbiguous,
    CounsellorNameUnknown,
    NotACounsellor,
    UnknownUser,
    UserAlreadyLinked,
)
from ..keystore import Keystore
from ..roles import Op, Role
from ..session import Session
from .counsellors import CounsellorInfo, CounsellorNotFound, load_counsellors


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def link_in(
    session: Session,
    conn: Connection,
    username: str,
    counsellor_id: int,
    move: bool = False,
    replace: bool = False,
) -> bool:
    """Link inside the caller's transaction; False when the link was already there.

    By default a sign-in linked to another profile, or a profile linked to another sign-in, is
    refused. ``move`` takes the sign-in off its other profile instead; ``replace`` takes the
    profile off its other sign-in. Every check runs before anything changes."""
    session.require(Op.COUNSELLORS_LINK)
    u, c = schema.users.c, schema.counsellors.c
    user = conn.execute(select(u.id, u.active).where(u.username == username)).first()
    slot = Keystore.load(session.data.keystore).slots.get(username)
    if user is None or slot is None or not user.active:
        raise UnknownUser(username)
    if Role.COUNSELLOR not in slot.roles:
        raise NotACounsellor(username)
    profile = conn.execute(
        select(c.id, c.display_name, c.user_id).where(c.id == counsellor_id)
    ).first()
    if profile is None:
        raise CounsellorNotFound(str(counsellor_id))
    if profile.user_id == user.id:
        return False
    if profile.user_id is not None and not replace:
        other = conn.execute(select(u.username).where(u.id == profile.user_id)).scalar()
        raise CounsellorAlreadyLinked(profile.display_name, other or "")
    existing = conn.execute(select(c.id, c.display_name).where(c.user_id == user.id)).first()
    if existing is not None and not move:
        raise UserAlreadyLinked(username, existing.display_name)
    freed = [(counsellor_id, profile.user_id)] if profile.user_id is not None else []
    if existing is not None:
        freed.append((existing.id, user.id))
    for freed_profile, freed_user in freed:
        conn.execute(update(schema.counsellors).where(c.id == freed_profile).values(user_id=None))
        session.audit_case(
            conn, "counsellor.unlinked", "counsellor", f"{freed_profile}:{freed_user}"
        )
    conn.execute(update(schema.counsellors).where(c.id == counsellor_id).values(user_id=user.id))
    session.audit_case(conn, "counsellor.linked", "counsellor", f"{counsellor_id}:{user.id}")
    # The profile's cases' notes now belong to this sign-in (an administrator holds the key).
    CaseKeys(session).complete_hand_overs(conn)
    return True


class CounsellorLinkService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def link_counsellor(
        self, username: str, counsellor_id: int, move: bool = False, replace: bool = False
    ) -> CounsellorInfo:
        """Link ``username`` (who must hold the counsellor role) to the profile, in one
        transaction; ``move`` and ``replace`` as in :func:`link_in`."""
        self._session.require(Op.COUNSELLORS_LINK)
        with self._session.case_tx() as conn:
            link_in(self._session, conn, username, counsellor_id, move, replace)
        return self._profile(counsellor_id)

    def unlink_counsellor(self, counsellor_id: int) -> CounsellorInfo:
        """The profile stays (with its history); no sign-in opens it any more."""
        self._session.require(Op.COUNSELLORS_LINK)
        c = schema.counsellors.c
        with self._session.case_tx() as conn:
            current = conn.execute(select(c.id, c.user_id).where(c.id == counsellor_id)).first()
            if current is None:
                raise CounsellorNotFound(str(counsellor_id))
            if current.user_id is not None:
                conn.execute(
                    update(schema.counsellors).where(c.id == counsellor_id).values(user_id=None)
                )
                self._session.audit_case(
                    conn, "counsellor.unlinked", "counsellor", f"{counsellor_id}:{current.user_id}"
                )
        return self._profile(counsellor_id)

    def unlink_counsellor_of(self, username: str) -> CounsellorInfo | None:
        """Unlink whichever profile ``username`` is linked to; None when there was none."""
        self._session.require(Op.COUNSELLORS_LINK)
        u, c = schema.users.c, schema.counsellors.c
        with self._session.case.connect() as conn:
            user_id = conn.execute(select(u.id).where(u.username == username)).scalar()
            if user_id is None:
                raise UnknownUser(username)
            profile = conn.execute(select(c.id).where(c.user_id == user_id)).scalar()
        return None if profile is None else self.unlink_counsellor(profile)

    def find_profile(self, name: str) -> CounsellorInfo:
        """The profile called ``name`` as the Counsellors page shows it (case and spacing do not
        matter). Several with that name: the one active profile among them, else ambiguous.
        For linking, so guarded as linking is."""
        self._session.require(Op.COUNSELLORS_LINK)
        with self._session.case.connect() as conn:
            profiles = load_counsellors(conn, include_inactive=True)
        wanted = _folded(name)
        exact = [p for p in profiles if _folded(p.display_name) == wanted]
        if len(exact) > 1:
            active = [p for p in exact if p.active]
            exact = active if len(active) == 1 else exact
        if len(exact) == 1:
            return exact[0]
        if exact:
            raise CounsellorNameAmbiguous(
                name, [(p.id, p.display_name, p.username or "") for p in exact]
            )
        words = set(wanted.split())
        close = [
            p.display_name
            for p in profiles
            if wanted
            and (wanted in _folded(p.display_name) or words & set(_folded(p.display_name).split()))
        ]
        raise CounsellorNameUnknown(name, sorted(close))

    def _profile(self, counsellor_id: int) -> CounsellorInfo:
        with self._session.case.connect() as conn:
            for profile in load_counsellors(conn, include_inactive=True):
                if profile.id == counsellor_id:
                    return profile
        raise CounsellorNotFound(str(counsellor_id))
