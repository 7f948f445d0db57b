"""A new counsellor is connected to their work: an administrator links their sign-in to their
counsellor profile, and they then see their caseload and their own diary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from supportline.db import schema
from supportline.errors import (
    CounsellorAlreadyLinked,
    CounsellorNameAmbiguous,
    CounsellorNameUnknown,
    NotACounsellor,
    PermissionDenied,
    UnknownUser,
    UserAlreadyLinked,
)
from supportline.roles import Role
from supportline.services.clients import ClientInput, ClientService
from supportline.services.clinical import ClinicalService
from supportline.services.counsellor_links import CounsellorLinkService
from supportline.services.counsellors import CounsellorNotFound, CounsellorService
from supportline.services.users import UserService
from supportline.session import Session

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
NEW_PASSWORD = "new counsellor password 1"


def profile(admin: Session, name: str, **kwargs: object) -> int:
    return CounsellorService(admin).save(
        name,
        "female",
        ["English"],
        ["counselling"],
        10,
        **kwargs,  # type: ignore[arg-type]
    )


def add_counsellor_user(admin: Session, username: str = "nina") -> None:
    UserService(admin).add_user(
        username, "Nina New", [Role.COUNSELLOR], NEW_PASSWORD, must_change_password=False
    )


def active_case_for(admin: Session, handler: Session, counsellor_id: int) -> int:
    client = ClientService(handler).create(
        ClientInput(
            first_name="Pat", last_name="Linked", phone="07700 900321", home_postcode="ME19 4AA"
        )
    )
    with admin.case_tx() as conn:
        return int(
            conn.execute(
                insert(schema.cases).values(
                    client_id=client.id,
                    service="counselling",
                    referral_route="self",
                    status="active",
                    counsellor_id=counsellor_id,
                    opened_at=NOW,
                )
            ).inserted_primary_key[0]
        )


def test_a_new_counsellor_linked_by_an_administrator_sees_their_caseload(
    admin: Session, handler: Session, open_as: Callable[..., Session]
) -> None:
    add_counsellor_user(admin)
    nina = profile(admin, "Nina New")
    case_id = active_case_for(admin, handler, nina)
    before = open_as("nina", NEW_PASSWORD)
    assert ClinicalService(before).caseload() == []  # not linked: nothing to see
    assert CounsellorService(before).mine() is None
    before.close()

    linked = CounsellorLinkService(admin).link_counsellor("nina", nina)

    assert linked.username == "nina"
    session = open_as("nina", NEW_PASSWORD)
    assert [item.case_id for item in ClinicalService(session).caseload()] == [case_id]
    mine = CounsellorService(session).mine()
    assert mine is not None and mine.id == nina
    user = UserService(admin).get("nina")
    assert (user.counsellor_id, user.counsellor_name) == (nina, "Nina New")
    a = schema.case_audit.c
    with admin.case.connect() as conn:
        user_id = conn.execute(
            select(schema.users.c.id).where(schema.users.c.username == "nina")
        ).scalar_one()
        entries = conn.execute(
            select(a.record_type, a.record_id).where(a.action == "counsellor.linked")
        ).all()
    assert [tuple(e) for e in entries] == [("counsellor", f"{nina}:{user_id}")]  # ids only


def test_unlink_leaves_the_profile_and_frees_it(
    admin: Session, open_as: Callable[..., Session]
) -> None:
    add_counsellor_user(admin)
    add_counsellor_user(admin, "nora")
    nina = profile(admin, "Nina New")
    links = CounsellorLinkService(admin)
    links.link_counsellor("nina", nina)
    assert links.link_counsellor("nina", nina).username == "nina"  # linking twice is harmless

    assert links.unlink_counsellor(nina).username is None
    assert CounsellorService(open_as("nina", NEW_PASSWORD)).mine() is None
    assert links.link_counsellor("nora", nina).username == "nora"
    assert links.unlink_counsellor_of("nora") is not None
    assert links.unlink_counsellor_of("nora") is None


def test_link_refuses_what_would_be_wrong(admin: Session) -> None:
    add_counsellor_user(admin)
    add_counsellor_user(admin, "nora")
    nina, other = profile(admin, "Nina New"), profile(admin, "Olu Other")
    links = CounsellorLinkService(admin)
    with pytest.raises(NotACounsellor):
        links.link_counsellor("handler", nina)
    with pytest.raises(UnknownUser):
        links.link_counsellor("nobody", nina)
    with pytest.raises(CounsellorNotFound):
        links.link_counsellor("nina", 9999)
    links.link_counsellor("nina", nina)
    with pytest.raises(CounsellorAlreadyLinked) as taken:
        links.link_counsellor("nora", nina)
    assert (taken.value.counsellor, taken.value.linked_to) == ("Nina New", "nina")
    with pytest.raises(UserAlreadyLinked) as twice:
        links.link_counsellor("nina", other)
    assert twice.value.counsellor == "Nina New"
    # Moving a sign-in to another profile is one step, and refused as a whole if it cannot be.
    links.link_counsellor("nora", other)
    with pytest.raises(CounsellorAlreadyLinked):
        links.link_counsellor("nina", other, move=True)
    assert CounsellorService(admin).get(nina).username == "nina"
    links.unlink_counsellor(other)
    assert links.link_counsellor("nina", other, move=True).username == "nina"
    assert CounsellorService(admin).get(nina).username is None
    # Replacing the profile's sign-in is one step too; it still refuses a sign-in linked
    # elsewhere unless that is moved as well.
    links.link_counsellor("nora", nina)
    with pytest.raises(UserAlreadyLinked):
        links.link_counsellor("nora", other, replace=True)
    assert links.link_counsellor("nora", other, replace=True, move=True).username == "nora"
    assert CounsellorService(admin).get(nina).username is None
    links.unlink_counsellor(other)
    links.link_counsellor("nina", nina)
    # Saving a profile never drops its link, and cannot sneak a second one past the checks.
    counsellors = CounsellorService(admin)
    counsellors.save("Nina Renamed", "female", ["English"], ["counselling"], 12, counsellor_id=nina)
    assert counsellors.get(nina).username == "nina"
    with admin.case.connect() as conn:
        nina_user = conn.execute(
            select(schema.users.c.id).where(schema.users.c.username == "nina")
        ).scalar_one()
    with pytest.raises(UserAlreadyLinked):
        counsellors.save(
            "Olu Other",
            "male",
            ["English"],
            ["counselling"],
            10,
            user_id=nina_user,
            counsellor_id=other,
        )
    assert counsellors.get(other).username is None


def test_only_administrators_link(open_as: Callable[..., Session], admin: Session) -> None:
    add_counsellor_user(admin)
    nina = profile(admin, "Nina New")
    for name in ("handler", "counsellor"):
        with pytest.raises(PermissionDenied):
            CounsellorLinkService(open_as(name)).link_counsellor("nina", nina)
        with pytest.raises(PermissionDenied):
            CounsellorLinkService(open_as(name)).unlink_counsellor(nina)


def test_find_profile_by_the_name_shown(admin: Session) -> None:
    nina = profile(admin, "Nina New")
    profile(admin, "Sam Jones")
    profile(admin, "Sam Jones")
    links = CounsellorLinkService(admin)
    assert links.find_profile("  nina   NEW ").id == nina
    with pytest.raises(CounsellorNameAmbiguous) as twins:
        links.find_profile("Sam Jones")
    assert [name for _id, name, _user in twins.value.candidates] == ["Sam Jones", "Sam Jones"]
    with pytest.raises(CounsellorNameUnknown) as unknown:
        links.find_profile("Nina")
    assert unknown.value.candidates == ("Nina New",)
    with pytest.raises(CounsellorNameUnknown) as nothing:
        links.find_profile("Zed")
    assert nothing.value.candidates == ()
