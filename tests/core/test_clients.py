"""Clients: find as you type, validation, likely duplicates, merge, audited views, safe contact."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from supportline.db import schema
from supportline.errors import PermissionDenied
from supportline.services.clients import (
    ClientInput,
    ClientRecord,
    ClientService,
    InvalidClient,
    LikelyDuplicate,
)
from supportline.session import Session
from tests.core.support import FakeClock

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def jo(**changes: Any) -> ClientInput:
    base = ClientInput(
        first_name="Jo",
        last_name="Smith",
        date_of_birth="01/02/1980",
        phone="07700 900123",
        email="jo.smith@example.org",
        address="1 Mill Lane, West Malling",
        home_postcode="ME19 4AA",
    )
    return replace(base, **changes)


def refs(found: list[Any]) -> list[str]:
    return [c.reference for c in found]


# -- find as you type ------------------------------------------------------------------------------


@pytest.fixture
def populated(handler: Session) -> dict[str, ClientRecord]:
    service = ClientService(handler)
    return {
        "jo": service.create(jo()),
        "joan": service.create(
            ClientInput(
                first_name="Joanna",
                last_name="Smithers",
                date_of_birth="12/12/1975",
                phone="01732 526911",
                home_postcode="TN9 1AA",
            )
        ),
        "zoe": service.create(
            ClientInput(
                first_name="Zoë",
                last_name="O'Brien",
                phone="020 7946 0000",
                email="zoe@example.com",
                home_postcode="CT1 2AB",
            )
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("smi jo", ["jo", "joan"]),  # partial, either order
        ("jo smi", ["jo", "joan"]),
        ("jo smith", ["jo", "joan"]),
        ("smithe", ["joan"]),
        ("joanna", ["joan"]),
        ("zoe obrien", ["zoe"]),  # folded accents and apostrophes
        ("O'Brien", ["zoe"]),
        ("+44 7700 900123", ["jo"]),  # full number, international format
        ("07700 900123", ["jo"]),
        ("07700-900-123", ["jo"]),
        ("(01732) 526911", ["joan"]),
        ("0044 1732 526911", ["joan"]),
        ("+44 (0)1732 526911", ["joan"]),
        ("07700 9", ["jo"]),  # partial digits
        ("0770", ["jo"]),
        ("jo.smith@example.org", ["jo"]),
        ("JO.SMITH@", ["jo"]),
        ("ME19 4AA", ["jo"]),
        ("me194aa", ["jo"]),
        ("ME19", ["jo"]),  # outward code only
        ("TN9", ["joan"]),
        ("01/02/1980", ["jo"]),
        ("12/12/1975", ["joan"]),
        ("SL-000001", ["jo"]),
        ("sl1", ["jo"]),
        ("SL-2", ["joan"]),
        ("sl000003", ["zoe"]),
        ("nobody", []),
        ("07999", []),
    ],
)
def test_search(
    handler: Session, populated: dict[str, ClientRecord], query: str, expected: list[str]
) -> None:
    found = ClientService(handler).search(query)
    # Ordered by last name: Smith before Smithers.
    assert refs(found) == [populated[k].reference for k in expected]


def test_search_blank_query_finds_nothing(
    handler: Session, populated: dict[str, ClientRecord]
) -> None:
    assert ClientService(handler).search("   ") == []


def test_search_shows_summary_not_more(
    handler: Session, populated: dict[str, ClientRecord]
) -> None:
    (found,) = ClientService(handler).search("zoe")
    assert found.display_name == "Zoë O'Brien"
    assert found.initials == "ZO"
    assert found.home_postcode == "CT1 2AB"
    assert found.risk_level == "none"


# -- validation -----------------------------------------------------------------------------------


def test_invalid_client_lists_every_bad_field(handler: Session) -> None:
    bad = jo(
        first_name="J0",
        date_of_birth="31/02/1980",
        phone="12345",
        email="jo@@example",
        home_postcode="ME19 XXX",
        work_postcode="nowhere",
    )
    with pytest.raises(InvalidClient) as caught:
        ClientService(handler).create(bad)
    problems = {(p.field, p.reason) for p in caught.value.problems}
    assert problems == {
        ("first_name", "name_format"),
        ("date_of_birth", "date_format"),
        ("phone", "phone_format"),
        ("email", "email_format"),
        ("home_postcode", "postcode_format"),
        ("work_postcode", "postcode_format"),
    }
    with handler.case.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.clients)).scalar_one() == 0


def test_future_date_of_birth_rejected(handler: Session) -> None:
    with pytest.raises(InvalidClient) as caught:
        ClientService(handler).create(jo(date_of_birth="01/01/2999"))
    assert [(p.field, p.reason) for p in caught.value.problems] == [
        ("date_of_birth", "future_date")
    ]


def test_contact_rules_rejected(handler: Session) -> None:
    with pytest.raises(InvalidClient) as caught:
        ClientService(handler).create(
            jo(phone="", email="", safe_phone="alt", letters_ok=True, address="", home_postcode="")
        )
    problems = {(p.field, p.reason) for p in caught.value.problems}
    assert problems == {
        ("phone", "phone_or_email_required"),
        ("safe_phone", "no_such_number"),
        ("home_postcode", "required_for_home_venue"),
        ("letters_ok", "no_home_address"),
    }


def test_create_normalises_uk_values(handler: Session) -> None:
    record = ClientService(handler).create(
        jo(
            first_name="  Jo ",
            phone="+44 (0)7700-900123",
            phone_alt="01732526910",
            email="Jo.Smith@EXAMPLE.org",
            home_postcode="me194aa",
            work_postcode=" me14 1xx ",
            address="1  Mill   Lane",
        )
    )
    data = record.data
    assert data.first_name == "Jo"
    assert data.phone == "07700 900123"
    assert data.phone_alt == "01732 526910"
    assert data.email == "Jo.Smith@example.org"
    assert data.home_postcode == "ME19 4AA"
    assert data.work_postcode == "ME14 1XX"
    assert data.address == "1 Mill Lane"
    assert data.date_of_birth == date(1980, 2, 1)
    assert record.reference == f"SL-{record.id:06d}"


def test_update_validates_and_reindexes(handler: Session) -> None:
    service = ClientService(handler)
    record = service.create(jo())
    with pytest.raises(InvalidClient) as caught:
        service.update(record.id, jo(phone="not a phone"))
    assert [p.field for p in caught.value.problems] == ["phone"]
    service.update(record.id, jo(last_name="Taylor", phone="07700 900999"))
    assert refs(service.search("taylor")) == [record.reference]
    assert service.search("smith") == []
    assert refs(service.search("07700 900999")) == [record.reference]
    assert service.search("07700 900123") == []


# -- likely duplicates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "second",
    [
        jo(phone="07700 900555", email="other@example.org"),  # same name and date of birth
        jo(
            first_name="Jon",
            last_name="Smyth",
            date_of_birth="",
            email="x@example.org",
            phone="+44 7700 900123",
        ),  # same phone, another format
        jo(
            first_name="Jon",
            last_name="Smyth",
            date_of_birth="",
            phone="07700 900555",
            email="JO.SMITH@example.org",
        ),  # same e-mail, other case
        jo(
            first_name="Jon",
            last_name="Smyth",
            date_of_birth="",
            phone="07700 900555",
            phone_alt="07700 900123",
            email="",
        ),  # second number matches
    ],
)
def test_likely_duplicate_raised_before_save(handler: Session, second: ClientInput) -> None:
    service = ClientService(handler)
    first = service.create(jo())
    with pytest.raises(LikelyDuplicate) as caught:
        service.create(second)
    assert [c.id for c in caught.value.candidates] == [first.id]
    with handler.case.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.clients)).scalar_one() == 1
    again = service.create(second, acknowledged_duplicates=[first.id])
    assert again.id != first.id


def test_not_a_duplicate_when_only_name_matches(handler: Session) -> None:
    service = ClientService(handler)
    service.create(jo())
    other = service.create(
        jo(date_of_birth="02/02/1980", phone="07700 900555", email="b@example.org")
    )
    assert other.reference == "SL-000002"


# -- opening is audited --------------------------------------------------------------------------


def test_open_writes_client_viewed_audit_without_name(handler: Session, clock: FakeClock) -> None:
    service = ClientService(handler)
    record = service.create(jo())
    clock.now = NOW + timedelta(minutes=5)
    opened = service.open(record.id)
    assert opened.data.last_name == "Smith"
    a = schema.case_audit.c
    with handler.case.connect() as conn:
        rows = conn.execute(select(schema.case_audit).where(a.action == "client.viewed")).all()
        everything = conn.execute(select(schema.case_audit)).all()
    assert len(rows) == 1
    assert (rows[0].actor, rows[0].record_type, rows[0].record_id) == (
        "handler",
        "client",
        str(record.id),
    )
    assert rows[0].at == clock.now
    text = " ".join(str(v) for row in everything for v in row).lower()
    for identity in ("smith", "07700", "example.org", "me19", "1980"):
        assert identity not in text


def test_search_is_not_a_view_but_needs_permission(open_as: Callable[[str], Session]) -> None:
    manager = open_as("manager")
    with pytest.raises(PermissionDenied):
        ClientService(manager).search("jo")
    with pytest.raises(PermissionDenied):
        ClientService(manager).create(jo())


def test_counsellor_cannot_merge(open_as: Callable[[str], Session]) -> None:
    handler = open_as("handler")
    service = ClientService(handler)
    a = service.create(jo())
    b = service.create(jo(first_name="Ann", phone="07700 900555", email="a@example.org"))
    with pytest.raises(PermissionDenied):
        ClientService(open_as("counsellor")).merge(a.id, b.id)


# -- merge ----------------------------------------------------------------------------------------


def _attach_everything(admin: Session, client_id: int) -> dict[str, int]:
    """Give ``client_id`` a contact, case, appointment, risk alert and authorisation."""
    with admin.case_tx() as conn:
        counsellor = conn.execute(
            insert(schema.counsellors).values(display_name="Cora", gender="female")
        ).inserted_primary_key[0]
        venue = conn.execute(
            insert(schema.venues).values(
                code="V1",
                name="Venue",
                address="1 High Street",
                town="Maidstone",
                postcode="ME14 1XX",
                district="Maidstone",
                lat=51.27,
                lon=0.52,
            )
        ).inserted_primary_key[0]
        room = conn.execute(
            insert(schema.rooms).values(venue_id=venue, name="Room 1")
        ).inserted_primary_key[0]
        contact = conn.execute(
            insert(schema.contacts).values(
                client_id=client_id,
                direction="in",
                channel="phone",
                started_at=NOW,
                purpose="new_referral",
            )
        ).inserted_primary_key[0]
        case = conn.execute(
            insert(schema.cases).values(
                client_id=client_id,
                service="counselling",
                referral_route="self",
                status="waiting",
                opened_at=NOW,
            )
        ).inserted_primary_key[0]
        appointment = conn.execute(
            insert(schema.appointments).values(
                case_id=case,
                client_id=client_id,
                counsellor_id=counsellor,
                venue_id=venue,
                room_id=room,
                starts_at=NOW,
                ends_at=NOW + timedelta(minutes=50),
                kind="assessment",
                status="attended",
            )
        ).inserted_primary_key[0]
        alert = conn.execute(
            insert(schema.risk_alerts).values(
                client_id=client_id, level="high", raised_by="handler", raised_at=NOW
            )
        ).inserted_primary_key[0]
        authorisation = conn.execute(
            insert(schema.allowance_authorisations).values(
                client_id=client_id,
                service="counselling",
                applies_on=date(2026, 4, 1),
                extra_sessions=2,
                authorised_by="admin",
                authorised_at=NOW,
                reason="clinical need",
            )
        ).inserted_primary_key[0]
        conn.execute(
            schema.clients.update()
            .where(schema.clients.c.id == client_id)
            .values(risk_level="high")
        )
    return {
        "contacts": contact,
        "cases": case,
        "appointments": appointment,
        "risk_alerts": alert,
        "allowance_authorisations": authorisation,
    }


def test_merge_loses_nothing(handler: Session, admin: Session) -> None:
    service = ClientService(handler)
    keep = service.create(
        jo(
            date_of_birth="",
            email="",
            address="",
            letters_ok=False,
            job_role="",
            gender="not_stated",
        )
    )
    gone = service.create(
        jo(
            first_name="Joanne",
            phone="07700 900555",
            phone_alt="",
            email="joanne@example.org",
            job_role="Teacher",
            gender="female",
        ),
        acknowledged_duplicates=[keep.id],
    )
    moved = _attach_everything(admin, gone.id)

    merged = service.merge(keep.id, gone.id)

    for table_name, row_id in moved.items():
        table = getattr(schema, table_name)
        with handler.case.connect() as conn:
            owner = conn.execute(select(table.c.client_id).where(table.c.id == row_id)).scalar_one()
        assert owner == keep.id, table_name
    assert merged.cases == (moved["cases"],)
    # Blank fields filled, the kept record's own values untouched, the second number kept.
    assert merged.data.first_name == "Jo"
    assert merged.data.email == "joanne@example.org"
    assert merged.data.date_of_birth == date(1980, 2, 1)
    assert merged.data.job_role == "Teacher"
    assert merged.data.gender == "female"
    assert merged.data.phone == "07700 900123"
    assert merged.data.phone_alt == "07700 900555"
    assert merged.risk_level == "high"  # the highest level of either record
    # The other record still exists, marked as merged, not deleted.
    with handler.case.connect() as conn:
        old = conn.execute(select(schema.clients).where(schema.clients.c.id == gone.id)).one()
    assert old.merged_into_id == keep.id
    assert old.first_name == "Joanne"
    # Search: the old reference and the old number find the merged client; the old record is gone
    # from results.
    assert refs(service.search(gone.reference)) == [keep.reference]
    assert refs(service.search("07700 900555")) == [keep.reference]
    assert refs(service.search("joanne")) == []
    assert refs(service.search("smith")) == [keep.reference]
    # A merged record cannot be merged again.
    with pytest.raises(InvalidClient):
        service.merge(keep.id, gone.id)
    with pytest.raises(InvalidClient):
        service.merge(keep.id, keep.id)


def test_merge_keeps_the_removed_records_second_phone(handler: Session) -> None:
    service = ClientService(handler)
    keep = service.create(jo(phone="07700 900123", phone_alt=""))
    gone = service.create(
        jo(
            first_name="Jon",
            phone="07700 900123",
            phone_alt="07700 900777",
            email="jon@example.org",
        ),
        acknowledged_duplicates=[keep.id],
    )
    merged = service.merge(keep.id, gone.id)
    assert merged.data.phone == "07700 900123"
    assert merged.data.phone_alt == "07700 900777"


def test_merge_does_not_copy_a_number_into_both_slots(handler: Session) -> None:
    service = ClientService(handler)
    keep = service.create(jo(phone="", email="jo@example.org"))
    gone = service.create(
        jo(
            first_name="Jon",
            phone="07700 900555",
            phone_alt="07700 900777",
            email="jon@example.org",
        ),
        acknowledged_duplicates=[keep.id],
    )
    merged = service.merge(keep.id, gone.id)
    assert merged.data.phone == "07700 900555"
    assert merged.data.phone_alt == "07700 900777"


def test_merged_clients_are_not_duplicate_candidates(handler: Session) -> None:
    service = ClientService(handler)
    keep = service.create(jo())
    gone = service.create(jo(), acknowledged_duplicates=[keep.id])
    service.merge(keep.id, gone.id)
    with pytest.raises(LikelyDuplicate) as caught:
        service.create(jo())
    assert [c.id for c in caught.value.candidates] == [keep.id]


# -- safe contact ---------------------------------------------------------------------------------


def _record(data: ClientInput) -> ClientRecord:
    return ClientRecord(1, "SL-000001", data, None, "none", NOW, None)


def test_contact_prompt_main_phone(handler: Session) -> None:
    record = ClientService(handler).create(
        jo(phone_alt="01732 526910", voicemail_ok=True, letters_ok=True, email_ok=True)
    )
    prompt = ClientService.contact_prompt(record)
    assert prompt.number == "07700 900123"
    assert prompt.voicemail_ok is True
    assert prompt.letters_ok is True
    assert prompt.email == "jo.smith@example.org"
    assert prompt.work_contact_ok is False


def test_contact_prompt_alternative_number(handler: Session) -> None:
    record = ClientService(handler).create(jo(phone_alt="01732 526910", safe_phone="alt"))
    prompt = ClientService.contact_prompt(record)
    assert prompt.number == "01732 526910"
    assert prompt.voicemail_ok is False
    assert prompt.email is None  # e-mail not allowed
    assert prompt.letters_ok is False


def test_contact_prompt_no_safe_number(handler: Session) -> None:
    record = ClientService(handler).create(
        jo(safe_phone="none", voicemail_ok=True, work_contact_ok=True)
    )
    prompt = ClientService.contact_prompt(record)
    assert prompt.number is None
    assert prompt.voicemail_ok is False
    assert prompt.work_contact_ok is True


def test_contact_prompt_no_letters_without_an_address() -> None:
    # Even if a stored record says letters are fine, no address means no letter.
    prompt = ClientService.contact_prompt(_record(jo(address="", letters_ok=True)))
    assert prompt.letters_ok is False
    prompt = ClientService.contact_prompt(_record(jo(letters_ok=True)))
    assert prompt.letters_ok is True
    # And no e-mail without an address to send to.
    assert ClientService.contact_prompt(_record(jo(email="", email_ok=True))).email is None


def test_a_postcode_typed_as_far_as_the_inward_digit_still_finds(handler: Session) -> None:
    """Find-as-you-type: "CT1 2" is the start of "CT1 2AB", not a name and a number."""
    service = ClientService(handler)
    created = service.create(
        ClientInput(
            first_name="Pat", last_name="Inward", phone="07700 900432", home_postcode="CT1 2AB"
        )
    )
    for query in ("CT1 2", "ct1 2a", "CT1 2AB", "CT12A"):
        assert created.id in [c.id for c in service.search(query)], query
    assert created.id not in [c.id for c in service.search("CT1 3")]
