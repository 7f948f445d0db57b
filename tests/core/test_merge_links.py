"""Merging two clients re-points every row that refers to the merged-away record.

The schema-walking test reads the foreign keys of the real store (not a list kept by hand), so
a table added later with a client column fails here until merge covers it and the fixture below
gives the merged-away record a row in it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, insert, inspect, select

from supportline.db import schema
from supportline.services.clients import ClientInput, ClientService, InvalidClient
from supportline.session import Session

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def person(first: str, phone: str, email: str) -> ClientInput:
    return ClientInput(
        first_name=first,
        last_name="Merge-Test",
        date_of_birth="01/02/1980",
        phone=phone,
        email=email,
        address="1 Mill Lane, West Malling",
        home_postcode="ME19 4AA",
    )


def _places(conn: Any) -> tuple[int, int, int]:
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
    return counsellor, venue, room


def _case(conn: Any, client_id: int, service: str = "counselling") -> int:
    return int(
        conn.execute(
            insert(schema.cases).values(
                client_id=client_id,
                service=service,
                referral_route="self",
                status="waiting",
                opened_at=NOW,
            )
        ).inserted_primary_key[0]
    )


def _attach_everything(admin: Session, gone: int, other: int) -> dict[str, int]:
    """Give ``gone`` a row in every table that refers to a client; ``other`` leads the mediation
    case in which ``gone`` is a party."""
    with admin.case_tx() as conn:
        counsellor, venue, room = _places(conn)
        conn.execute(
            insert(schema.contacts).values(
                client_id=gone,
                direction="in",
                channel="phone",
                started_at=NOW,
                purpose="new_referral",
            )
        )
        case = _case(conn, gone)
        appointment = conn.execute(
            insert(schema.appointments).values(
                case_id=case,
                client_id=gone,
                counsellor_id=counsellor,
                venue_id=venue,
                room_id=room,
                starts_at=NOW,
                ends_at=NOW + timedelta(minutes=50),
                kind="assessment",
                status="dna",
            )
        ).inserted_primary_key[0]
        follow_up = conn.execute(
            insert(schema.follow_ups).values(
                client_id=gone,
                case_id=case,
                appointment_id=appointment,
                reason="dna",
                created_at=NOW,
            )
        ).inserted_primary_key[0]
        conn.execute(
            insert(schema.risk_alerts).values(
                client_id=gone, level="high", raised_by="handler", raised_at=NOW
            )
        )
        conn.execute(
            insert(schema.allowance_authorisations).values(
                client_id=gone,
                service="counselling",
                applies_on=NOW.date(),
                extra_sessions=2,
                authorised_by="admin",
                authorised_at=NOW,
                reason="need",
            )
        )
        mediation = _case(conn, other, "mediation")
        conn.execute(insert(schema.case_parties).values(case_id=mediation, client_id=other))
        party = conn.execute(
            insert(schema.case_parties).values(case_id=mediation, client_id=gone, label="B")
        ).inserted_primary_key[0]
    return {"follow_up": follow_up, "party": party, "mediation": mediation}


def _client_references(conn: Any) -> list[tuple[str, str]]:
    """Every (table, column) of the real store whose foreign key points at clients.id."""
    inspector = inspect(conn)
    found = []
    for table in inspector.get_table_names():
        for fk in inspector.get_foreign_keys(table):
            if fk["referred_table"] == "clients":
                assert fk["referred_columns"] == ["id"], (table, fk)
                found.extend((table, column) for column in fk["constrained_columns"])
    return sorted(found)


def test_merge_moves_the_mediation_party_and_the_follow_up(
    handler: Session, admin: Session
) -> None:
    clients = ClientService(handler)
    keep = clients.create(person("Jo", "07700 900123", "jo@example.org"))
    gone = clients.create(person("Joanne", "07700 900555", "joanne@example.org"))
    other = clients.create(person("Ola", "07700 900777", "ola@example.org"))
    rows = _attach_everything(admin, gone.id, other.id)

    clients.merge(keep.id, gone.id)

    with handler.case.connect() as conn:
        party_client = conn.execute(
            select(schema.case_parties.c.client_id).where(schema.case_parties.c.id == rows["party"])
        ).scalar_one()
        follow_up_client = conn.execute(
            select(schema.follow_ups.c.client_id).where(schema.follow_ups.c.id == rows["follow_up"])
        ).scalar_one()
    assert party_client == keep.id
    assert follow_up_client == keep.id


def test_merge_leaves_no_client_foreign_key_on_the_merged_away_record(
    handler: Session, admin: Session
) -> None:
    clients = ClientService(handler)
    keep = clients.create(person("Jo", "07700 900123", "jo@example.org"))
    gone = clients.create(person("Joanne", "07700 900555", "joanne@example.org"))
    other = clients.create(person("Ola", "07700 900777", "ola@example.org"))
    earlier = clients.create(person("Joey", "07700 900888", "joey@example.org"))
    _attach_everything(admin, gone.id, other.id)
    clients.merge(gone.id, earlier.id)  # an older duplicate, already merged into ``gone``

    with handler.case.connect() as conn:
        references = _client_references(conn)
        # The fixture covers every client reference the store has, so nothing escapes the check.
        uncovered = [
            (table, column)
            for table, column in references
            if not conn.execute(
                select(func.count())
                .select_from(schema.case_metadata.tables[table])
                .where(schema.case_metadata.tables[table].c[column] == gone.id)
            ).scalar()
        ]
    assert ("case_parties", "client_id") in references
    assert ("follow_ups", "client_id") in references
    assert uncovered == [], "give the merged-away client a row in these tables"

    clients.merge(keep.id, gone.id)

    with handler.case.connect() as conn:
        left = {
            (table, column): conn.execute(
                select(func.count())
                .select_from(schema.case_metadata.tables[table])
                .where(schema.case_metadata.tables[table].c[column] == gone.id)
            ).scalar()
            for table, column in references
        }
        earlier_now = conn.execute(
            select(schema.clients.c.merged_into_id).where(schema.clients.c.id == earlier.id)
        ).scalar_one()
    assert {key: count for key, count in left.items() if count} == {}
    assert earlier_now == keep.id  # the older duplicate now leads to the live record


def test_merge_refuses_two_parties_of_one_mediation(handler: Session, admin: Session) -> None:
    clients = ClientService(handler)
    keep = clients.create(person("Jo", "07700 900123", "jo@example.org"))
    gone = clients.create(person("Joanne", "07700 900555", "joanne@example.org"))
    rows = _attach_everything(admin, gone.id, keep.id)  # ``keep`` leads the mediation

    with pytest.raises(InvalidClient) as info:
        clients.merge(keep.id, gone.id)

    assert [(p.field, p.reason) for p in info.value.problems] == [
        ("merge", "parties_of_one_mediation")
    ]
    with handler.case.connect() as conn:
        parties = (
            conn.execute(
                select(schema.case_parties.c.client_id)
                .where(schema.case_parties.c.case_id == rows["mediation"])
                .order_by(schema.case_parties.c.id)
            )
            .scalars()
            .all()
        )
        merged_into = conn.execute(
            select(schema.clients.c.merged_into_id).where(schema.clients.c.id == gone.id)
        ).scalar_one()
    assert parties == [keep.id, gone.id]  # nothing changed
    assert merged_into is None


def test_merge_refuses_appointments_at_the_same_time(handler: Session, admin: Session) -> None:
    clients = ClientService(handler)
    keep = clients.create(person("Jo", "07700 900123", "jo@example.org"))
    gone = clients.create(person("Joanne", "07700 900555", "joanne@example.org"))
    with admin.case_tx() as conn:
        counsellor, venue, room = _places(conn)
        second_room = conn.execute(
            insert(schema.rooms).values(venue_id=venue, name="Room 2")
        ).inserted_primary_key[0]
        second = conn.execute(
            insert(schema.counsellors).values(display_name="Cal", gender="male")
        ).inserted_primary_key[0]
        for client_id, who, where in ((keep.id, counsellor, room), (gone.id, second, second_room)):
            conn.execute(
                insert(schema.appointments).values(
                    case_id=_case(conn, client_id),
                    client_id=client_id,
                    counsellor_id=who,
                    venue_id=venue,
                    room_id=where,
                    starts_at=NOW,
                    ends_at=NOW + timedelta(minutes=50),
                    kind="assessment",
                    status="booked",
                )
            )

    with pytest.raises(InvalidClient) as info:
        clients.merge(keep.id, gone.id)

    assert [(p.field, p.reason) for p in info.value.problems] == [("merge", "appointments_overlap")]
    assert clients.open(gone.id).merged_into_id is None


def test_every_earlier_reference_still_finds_the_client_after_two_merges(
    handler: Session,
) -> None:
    clients = ClientService(handler)
    keep = clients.create(person("Jo", "07700 900123", "jo@example.org"))
    first = clients.create(person("Joanne", "07700 900555", "joanne@example.org"))
    second = clients.create(person("Joey", "07700 900888", "joey@example.org"))
    third = clients.create(person("Jody", "07700 900999", "jody@example.org"))
    clients.merge(second.id, third.id)  # third -> second
    clients.merge(keep.id, first.id)  # first -> keep
    clients.merge(keep.id, second.id)  # second (holding third) -> keep

    for old in (first, second, third):
        assert [c.reference for c in clients.search(old.reference)] == [keep.reference]
