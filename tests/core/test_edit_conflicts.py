"""Two people editing one record: the second save is refused, named and loses nothing
(issue 10, item 8; DESIGN 11's optimistic versions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import select, text, update

from supportline.db import schema
from supportline.errors import EditConflict
from supportline.services.clients import ClientInput, ClientService
from supportline.services.counsellors import CounsellorService
from supportline.services.settings import SettingsService
from supportline.services.venues import VenueInput, VenueService
from supportline.session import Session


def _client(handler: Session) -> int:
    record = ClientService(handler).create(
        ClientInput(
            first_name="Jo",
            last_name="Conflict",
            date_of_birth="01/02/1980",
            phone="07700 900123",
            email="jo@example.org",
            home_postcode="ME19 4AA",
        )
    )
    return record.id


def test_second_saver_is_refused_and_told_what_changed(open_as: Callable[..., Session]) -> None:
    first_handler, second_handler = open_as("handler"), open_as("handler")
    client_id = _client(first_handler)
    first, second = ClientService(first_handler), ClientService(second_handler)
    seen_by_first = first.open(client_id)
    seen_by_second = second.open(client_id)

    first.update(client_id, replace(seen_by_first.data, phone="07700 900999"), seen=seen_by_first)
    with pytest.raises(EditConflict) as refused:
        second.update(
            client_id, replace(seen_by_second.data, email="jo.new@example.org"), seen=seen_by_second
        )
    assert refused.value.record == "client"
    assert refused.value.changed == ("phone",)

    stored = first.open(client_id)
    assert stored.data.phone == "07700 900999"  # the first change is kept
    assert stored.data.email == "jo@example.org"  # the refused one wrote nothing
    assert stored.version == seen_by_first.version + 1

    # Reloaded, the second handler re-applies their change on top of the first.
    reloaded = second.open(client_id)
    second.update(client_id, replace(reloaded.data, email="jo.new@example.org"), seen=reloaded)
    final = first.open(client_id)
    assert (final.data.phone, final.data.email) == ("07700 900999", "jo.new@example.org")


def test_every_update_raises_the_version_even_without_a_form(handler: Session) -> None:
    client_id = _client(handler)
    service = ClientService(handler)
    before = service.open(client_id)
    with handler.case_tx() as conn:
        # Any Core UPDATE (an import, a merge, a risk change) moves the version on...

        conn.execute(
            update(schema.clients)
            .where(schema.clients.c.id == client_id)
            .values(risk_level="medium")
        )
    # ...so a form filled before it cannot overwrite it unknowingly.
    with pytest.raises(EditConflict) as refused:
        service.update(client_id, replace(before.data, phone="07700 900555"), seen=before)
    assert refused.value.changed == ()  # nothing the form shows changed
    assert service.open(client_id).data.phone == "07700 900123"


def test_the_version_column_is_on_every_edited_table(handler: Session) -> None:
    names = {table.name for table in schema.VERSIONED_TABLES}
    assert {
        "clients",
        "contacts",
        "venues",
        "rooms",
        "counsellors",
        "organisations",
        "settings",
        "assessments",
        "cases",
    } <= names
    with handler.case.connect() as conn:
        for name in names:
            columns = {row[1] for row in conn.execute(text(f"PRAGMA table_info({name})"))}
            assert "version" in columns, name
        assert conn.execute(select(schema.settings.c.version)).first() is not None


def test_venue_edits_from_two_administrators(open_as: Callable[..., Session]) -> None:
    mine, theirs = VenueService(open_as("admin")), VenueService(open_as("admin"))
    data = VenueInput(
        code="VX1",
        name="Conflict House",
        address="1 High Street",
        town="Maidstone",
        postcode="ME14 1XX",
        district="Maidstone",
        lat=51.27,
        lon=0.52,
    )
    venue_id = mine.save(data)
    seen_by_me, seen_by_them = mine.get(venue_id), theirs.get(venue_id)
    mine.save(replace(data, parking=True), venue_id, seen=seen_by_me)
    with pytest.raises(EditConflict) as refused:
        theirs.save(replace(data, name="Renamed House"), venue_id, seen=seen_by_them)
    assert (refused.value.record, refused.value.changed) == ("venue", ("parking",))
    stored = mine.get(venue_id)
    assert stored.parking is True and stored.name == "Conflict House"


def test_counsellor_profile_edits_from_two_administrators(
    open_as: Callable[..., Session],
) -> None:
    mine, theirs = CounsellorService(open_as("admin")), CounsellorService(open_as("admin"))
    counsellor_id = mine.save("Cas Conflict", "female", ["English"], ["counselling"], 10)
    seen_by_me, seen_by_them = mine.get(counsellor_id), theirs.get(counsellor_id)
    mine.save(
        "Cas Conflict", "female", ["English"], ["counselling"], 12,
        counsellor_id=counsellor_id, seen=seen_by_me,
    )  # fmt: skip
    with pytest.raises(EditConflict) as refused:
        theirs.save(
            "Cas Conflict", "female", ["English", "Polish"], ["counselling"], 10,
            counsellor_id=counsellor_id, seen=seen_by_them,
        )  # fmt: skip
    assert refused.value.changed == ("max_per_week",)
    stored = mine.get(counsellor_id)
    assert stored.max_per_week == 12 and stored.languages == ("English",)


def test_settings_saved_from_an_older_page_are_refused(open_as: Callable[..., Session]) -> None:
    mine, theirs = SettingsService(open_as("admin")), SettingsService(open_as("admin"))
    seen_by_me, seen_by_them = mine.all(), theirs.all()
    mine.update({"idle_lock_minutes": 7}, seen=seen_by_me)
    with pytest.raises(EditConflict) as refused:
        theirs.update({"idle_lock_minutes": 9}, seen=seen_by_them)
    assert (refused.value.record, refused.value.changed) == ("settings", ("idle_lock_minutes",))
    # A setting nobody else touched still saves from the older page.
    theirs.update({"line_opens": "08:00"}, seen=seen_by_them)
    assert mine.all()["idle_lock_minutes"] == 7 and mine.all()["line_opens"] == "08:00"
