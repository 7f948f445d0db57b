"""CSV import: all-or-nothing validation with line numbers, permissions, and exact round trips.

The CSV files written here hold synthetic, fictional data only, and are deleted by each test.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest
from sqlalchemy import func, select

from supportline import importer, reference
from supportline.audit import AuditAction
from supportline.db import schema
from supportline.errors import BadCsv, ImportRejected, PermissionDenied, RowProblem
from supportline.importer import (
    import_clients,
    import_organisations,
    import_venues,
)
from supportline.services.clients import ClientService
from supportline.session import Session, unlock
from tests.conftest import PASSWORDS

CLIENT_HEADER = ",".join(importer.CLIENT_HEADERS + ("preferred_name", "gender"))
ORG = "Kent County Council - Adult Social Care and Health"
VENUE_HEADER = ",".join(importer.VENUE_HEADERS)
HOURS = "Mon 09:00-17:00;Wed 09:00-20:00"


@pytest.fixture
def write_csv(tmp_path: Path) -> Iterator[object]:
    written: list[Path] = []

    def write(name: str, lines: list[str] | bytes) -> Path:
        path = tmp_path / name
        if isinstance(lines, bytes):
            path.write_bytes(lines)
        else:
            path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
        written.append(path)
        return path

    yield write
    for path in written:
        path.unlink(missing_ok=True)
    assert not any(tmp_path.glob("*.csv"))


@pytest.fixture
def seeded(admin_session: Session, write_csv: object) -> Session:
    """An administrator session on a store that knows one KCC organisation."""
    path = write_csv(  # type: ignore[operator]
        "orgs.csv",
        [
            "name,group,phase,directorate,services,agreement_from",
            f"{ORG},kcc,,Adult Social Care and Health,counselling|coaching,01/04/2020",
        ],
    )
    summary = import_organisations(admin_session, path)
    assert (summary.kind, summary.created, summary.updated) == ("organisations", 1, 0)
    return admin_session


def _client(
    first: str = "Amelia",
    last: str = "Demo-Rowan",
    born: str = "03/02/1980",
    phone: str = "07700 900123",
    email: str = "amelia@example.org",
    home: str = "ME19 4AB",
    work: str = "",
    org: str = ORG,
    role: str = "Teacher",
    preferred: str = "",
    gender: str = "",
) -> str:
    return ",".join(
        f'"{v}"' if "," in v else v
        for v in (
            first,
            last,
            born,
            phone,
            email,
            home,
            work,
            org,
            role,
            preferred,
            gender,
        )
    )


def _count(session: Session, table: object) -> int:
    with session.case.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_good_client_file_imports_and_is_searchable(seeded: Session, write_csv: object) -> None:
    path = write_csv(
        "clients.csv",
        [  # type: ignore[operator]
            CLIENT_HEADER,
            _client(),
            _client(
                "Oliver",
                "Fernbrook",
                "1975-11-30",
                phone="+44 7700 900456",
                email="",
                home="tn23 1ax",
                work="ME14 1XQ",
                gender="M",
                preferred="Ollie",
            ),
        ],
    )
    summary = import_clients(seeded, path)
    assert (summary.kind, summary.created, summary.updated) == ("clients", 2, 0)
    with seeded.case.connect() as conn:
        rows = conn.execute(select(schema.clients).order_by(schema.clients.c.id)).all()
        found = (
            conn.execute(
                select(schema.clients.c.first_name)
                .join(schema.client_search_terms)
                .where(schema.client_search_terms.c.term.like("n:fernb%"))
            )
            .scalars()
            .all()
        )
        audit = conn.execute(
            select(schema.case_audit.c.record_type, schema.case_audit.c.record_id).where(
                schema.case_audit.c.action == AuditAction.IMPORTED
            )
        ).all()
    assert [r.reference for r in rows] == ["SL-000001", "SL-000002"]
    oliver = rows[1]
    assert oliver.search_name == "oliver fernbrook"
    assert oliver.phone == "07700 900456" and oliver.email is None
    assert oliver.home_postcode == "TN23 1AX" and oliver.work_postcode == "ME14 1XQ"
    assert oliver.gender == "male" and oliver.preferred_name == "Ollie"
    assert str(oliver.date_of_birth) == "1975-11-30"
    # The most cautious contact preferences.
    assert (oliver.voicemail_ok, oliver.letters_ok, oliver.email_ok, oliver.work_contact_ok) == (
        False,
        False,
        False,
        False,
    )
    assert oliver.safe_phone == "phone"
    assert found == ["Oliver"]
    assert [tuple(a) for a in audit][-1] == ("clients", "2")

    # References continue the sequence; the same person again is refused.
    again = write_csv(
        "more.csv",
        [  # type: ignore[operator]
            CLIENT_HEADER,
            _client("Grace", "Hollowell"),
            _client(),
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        import_clients(seeded, again)
    assert caught.value.problems == (RowProblem(3, "first_name", "already_exists", ""),)
    fresh = write_csv("fresh.csv", [CLIENT_HEADER, _client("Grace", "Hollowell")])  # type: ignore[operator]
    import_clients(seeded, fresh)
    with seeded.case.connect() as conn:
        last = conn.execute(
            select(schema.clients.c.reference).order_by(schema.clients.c.id.desc()).limit(1)
        ).scalar_one()
    assert last == "SL-000003"


def test_one_bad_row_rejects_the_whole_file(seeded: Session, write_csv: object) -> None:
    path = write_csv(
        "clients.csv",
        [  # type: ignore[operator]
            CLIENT_HEADER,
            _client("Good", "One"),  # line 2
            _client("Bad", "Postcode", home="ZZ99 9ZZZ"),  # line 3
            _client("Bad", "Phone", phone="12345", email=""),  # line 4
            "",  # line 5 (blank, skipped)
            _client("Bad", "Date", born="31/02/1980"),  # line 6
            _client("Bad", "Org", org="Nowhere Ltd"),  # line 7
            _client("", "Missing"),  # line 8
            _client("Good", "Two"),  # line 9
            _client("Good", "One"),  # line 10: same person as 2
            _client("No", "Contact", phone="", email=""),  # line 11
            _client("Bad", "Email", email="not-an-email"),  # line 12
        ],
    )
    before = _count(seeded, schema.clients)
    with pytest.raises(ImportRejected) as caught:
        import_clients(seeded, path)
    assert caught.value.problems == (
        RowProblem(3, "home_postcode", "postcode_format", ""),
        RowProblem(4, "phone", "phone_format", ""),
        RowProblem(6, "date_of_birth", "date_format", ""),
        RowProblem(7, "organisation", "unknown_organisation", ""),
        RowProblem(8, "first_name", "required", ""),
        RowProblem(10, "first_name", "duplicate_in_file", ""),
        RowProblem(11, "phone", "phone_or_email_required", ""),
        RowProblem(12, "email", "email_format", ""),
    )
    # No client data in the problems at all.
    assert all(problem.value == "" for problem in caught.value.problems)
    assert _count(seeded, schema.clients) == before == 0
    assert _count(seeded, schema.client_search_terms) == 0


def test_multi_line_values_report_their_first_line(seeded: Session, write_csv: object) -> None:
    path = write_csv(
        "clients.csv",
        [  # type: ignore[operator]
            ",".join(importer.CLIENT_HEADERS + ("address",)),
            _client()[:-2] + ',"1 Demo Street\nMaidstone"',
            _client("Bad", "Date", born="1980/02/03")[:-2] + ",",
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        import_clients(seeded, path)
    assert caught.value.problems == (RowProblem(4, "date_of_birth", "date_format", ""),)


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"first_name,last_name\nA,B\n", "missing_header:date_of_birth"),
        (b"", "empty"),
        (b"\n\n", "empty"),
        (
            b"first_name,last_name,date_of_birth,phone,email,home_postcode,work_postcode,"
            b"organisation,job_role,shoe_size\n",
            "unknown_header:shoe_size",
        ),
        (b"first_name,first_name\n", "duplicate_header:first_name"),
        ("first_name,last_name\nZo\xeb,B\n".encode("latin-1"), "encoding"),
        (b"\xff\xfe" + "first_name".encode("utf-16-le"), "encoding"),
    ],
)
def test_unreadable_files_are_bad_csv(
    seeded: Session, write_csv: object, content: bytes, detail: str
) -> None:
    path = write_csv("clients.csv", content)  # type: ignore[operator]
    with pytest.raises(BadCsv) as caught:
        import_clients(seeded, path)
    assert caught.value.detail == detail


def test_bom_is_tolerated_and_unusual_names_round_trip(seeded: Session, write_csv: object) -> None:
    first, last = "Zoë", "Ångström-O'Sullivan"
    body = "\n".join([CLIENT_HEADER, _client(first, last, preferred="Zoë-Łucja")]) + "\n"
    path = write_csv("clients.csv", b"\xef\xbb\xbf" + body.encode("utf-8"))  # type: ignore[operator]
    import_clients(seeded, path)
    with seeded.case.connect() as conn:
        row = conn.execute(select(schema.clients)).one()
        terms = set(conn.execute(select(schema.client_search_terms.c.term)).scalars().all())
    assert (row.first_name, row.last_name, row.preferred_name) == (first, last, "Zoë-Łucja")
    assert row.search_name == "zoe angstrom-osullivan"
    assert {"n:zoe", "n:angstrom", "n:osullivan", "n:lucja"} <= terms
    # Found as a person would type it: accents and apostrophes optional, either order.
    service = ClientService(seeded)
    for query in ("zoe ang", "Ångström Zoë", "o'sull", "osullivan", "lucja"):
        assert [c.first_name for c in service.search(query)] == [first], query


def test_venues_import_and_update(seeded: Session, write_csv: object) -> None:
    path = write_csv(
        "venues.csv",
        [  # type: ignore[operator]
            VENUE_HEADER,
            f"X001,Demo Hall,1 Demo Street,Maidstone,me14 1xq,Maidstone,51.27,0.52,"
            f"Room 1|Room 2,yes,no,Yes,{HOURS}",
        ],
    )
    assert import_venues(seeded, path) == importer.ImportSummary("venues", 1, 0)
    update = write_csv(
        "venues2.csv",
        [  # type: ignore[operator]
            VENUE_HEADER,
            "X001,Demo Hall Renamed,1 Demo Street,Maidstone,ME14 1XQ,Maidstone,51.27,0.52,"
            "Room 2|Room 3,no,no,no,Tue 10:00-16:00",
            f"X002,Second Demo Hall,2 Demo Street,Ashford,TN23 1AX,Ashford,51.14,0.87,Room A,"
            f"no,yes,no,{HOURS}",
        ],
    )
    assert import_venues(seeded, update) == importer.ImportSummary("venues", 1, 1)
    with seeded.case.connect() as conn:
        venue = conn.execute(select(schema.venues).where(schema.venues.c.code == "X001")).one()
        rooms = {
            (r.name, bool(r.active))
            for r in conn.execute(select(schema.rooms).where(schema.rooms.c.venue_id == venue.id))
        }
        hours = (
            conn.execute(
                select(schema.venue_hours.c.weekday).where(
                    schema.venue_hours.c.venue_id == venue.id
                )
            )
            .scalars()
            .all()
        )
    assert venue.name == "Demo Hall Renamed" and venue.postcode == "ME14 1XQ"
    assert rooms == {("Room 1", False), ("Room 2", True), ("Room 3", True)}
    assert hours == [1]


def test_bad_venue_rows_are_reported_with_values(seeded: Session, write_csv: object) -> None:
    path = write_csv(
        "venues.csv",
        [  # type: ignore[operator]
            VENUE_HEADER,
            f"X001,Hall,1 Demo Street,Maidstone,ME14 1XQ,Maidstone,51.27,0.52,Room 1,yes,no,no,"
            f"{HOURS}",
            f"X001,Hall,1 Demo Street,Maidstone,ME14 1XQ,Maidstone,51.27,0.52,Room 1,yes,no,no,"
            f"{HOURS}",
            "X003,Hall,1 Demo Street,Maidstone,ME14 1XQ,Maidstone,48.0,0.52,Room 1,maybe,no,no,"
            "Mon 17:00-09:00",
            f"X004,Hall,1 Demo Street,Maidstone,ME14 1XQ,Atlantis,51.27,0.52,,yes,no,no,{HOURS}",
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        import_venues(seeded, path)
    assert caught.value.problems == (
        RowProblem(3, "code", "duplicate_in_file", "X001"),
        RowProblem(4, "hours", "bad_hours", "Mon 17:00-09:00"),
        RowProblem(4, "lat", "bad_coordinates", "48.0,0.52"),
        RowProblem(4, "step_free", "bad_boolean", "maybe"),
        RowProblem(5, "district", "unknown_district", "Atlantis"),
        RowProblem(5, "rooms", "required", ""),
    )
    assert _count(seeded, schema.venues) == 0


def test_shipped_reference_venues_import(seeded: Session) -> None:
    from importlib.resources import as_file, files

    with as_file(files("resources") / "reference" / "venues.csv") as path:
        summary = import_venues(seeded, path)
    assert summary.created >= 55


def test_organisation_rules(seeded: Session, write_csv: object) -> None:
    path = write_csv(
        "orgs.csv",
        [  # type: ignore[operator]
            "name,group,phase,directorate,services,agreement_from,agreement_to,purchased_sessions",
            '"Demo Primary School, Maidstone",school,primary,,counselling,01/09/2022,,20',
            "Demo School Two,school,,,,,,",
            "Demo Employer,other,,Some Directorate,,,,",
            "Demo Charity,charity,,,counselling|therapy,2022-04-01,2021-01-01,lots",
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        import_organisations(seeded, path)
    assert caught.value.problems == (
        RowProblem(3, "phase", "required", ""),
        RowProblem(4, "directorate", "not_applicable", "Some Directorate"),
        RowProblem(5, "group", "bad_group", "charity"),
        RowProblem(5, "services", "bad_service", "counselling|therapy"),
    )
    good = write_csv(
        "good.csv",
        [  # type: ignore[operator]
            "name,group,phase,directorate,services,agreement_from,purchased_sessions",
            '"Demo Primary School, Maidstone",school,primary,,counselling,01/09/2022,20',
            f"{ORG.upper()},kcc,,Adult Social Care and Health,mediation,01/04/2020,",
        ],
    )
    assert import_organisations(seeded, good) == importer.ImportSummary("organisations", 1, 1)
    with seeded.case.connect() as conn:
        agreements = conn.execute(
            select(
                schema.service_agreements.c.service,
                schema.service_agreements.c.purchased_sessions,
            ).order_by(schema.service_agreements.c.id)
        ).all()
    assert [tuple(a) for a in agreements] == [
        ("counselling", None),
        ("coaching", None),
        ("counselling", 20),
        ("mediation", None),
    ]


def test_permissions(staffed_dir: Path, write_csv: object) -> None:
    admin = unlock(staffed_dir, "admin", PASSWORDS["admin"])
    try:
        orgs = write_csv(
            "orgs.csv",
            [  # type: ignore[operator]
                "name,group,phase,directorate",
                f"{ORG},kcc,,Adult Social Care and Health",
            ],
        )
        import_organisations(admin, orgs)
    finally:
        admin.close()
    clients = write_csv("clients.csv", [CLIENT_HEADER, _client()])  # type: ignore[operator]
    venues = write_csv(
        "venues.csv",
        [  # type: ignore[operator]
            VENUE_HEADER,
            f"X001,Hall,1 Demo Street,Maidstone,ME14 1XQ,Maidstone,51.27,0.52,Room 1,yes,no,no,"
            f"{HOURS}",
        ],
    )

    handler = unlock(staffed_dir, "handler", PASSWORDS["handler"])
    try:
        assert import_clients(handler, clients).created == 1
        with pytest.raises(PermissionDenied):
            import_venues(handler, venues)
        with pytest.raises(PermissionDenied):
            import_organisations(handler, orgs)
        assert _count(handler, schema.venues) == 0
    finally:
        handler.close()

    for username in ("manager", "counsellor"):
        session = unlock(staffed_dir, username, PASSWORDS[username])
        try:
            for run, path in (
                (import_clients, clients),
                (import_venues, venues),
                (import_organisations, orgs),
            ):
                with pytest.raises(PermissionDenied):
                    run(session, path)
        finally:
            session.close()


def test_header_constants_are_tuples() -> None:
    for name in (
        "CLIENT_HEADERS",
        "CLIENT_OPTIONAL_HEADERS",
        "VENUE_HEADERS",
        "ORGANISATION_HEADERS",
        "ORGANISATION_OPTIONAL_HEADERS",
    ):
        value = getattr(importer, name)
        assert isinstance(value, tuple) and value
    from importlib.resources import files

    shipped = (files("resources") / "reference" / "venues.csv").read_text("utf-8")
    assert tuple(shipped.splitlines()[0].split(",")) == importer.VENUE_HEADERS


@pytest.fixture
def registered(admin_session: Session, write_csv: object) -> Session:
    """A store whose register holds every organisation of the shipped reference list."""
    text = (files("resources") / "reference" / "organisations.csv").read_text(encoding="utf-8")
    path = write_csv("register.csv", text.encode("utf-8"))  # type: ignore[operator]
    import_organisations(admin_session, path)
    return admin_session


def test_an_unknown_organisation_suggests_the_nearest_registered_names(
    registered: Session, write_csv: object
) -> None:
    kcc = sorted(o.name for o in reference.organisations() if o.group == "kcc")
    path = write_csv(
        "clients.csv",
        [  # type: ignore[operator]
            CLIENT_HEADER,
            _client("Ann", "Demo-One", org="Kent County Council"),  # line 2
            _client("Bea", "Demo-Two", org="Oakfeld Primary School"),  # line 3
            _client("Cal", "Demo-Three", org="Nowhere Ltd"),  # line 4
            _client("Dee", "Demo-Four", org="kent county council"),  # line 5
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        import_clients(registered, path)
    by_line = {problem.line: problem for problem in caught.value.problems}
    assert sorted(by_line) == [2, 3, 4, 5]
    assert all(p.reason == "unknown_organisation" and p.value == "" for p in by_line.values())
    assert sorted(by_line[2].suggestions) == kcc
    assert by_line[5].suggestions == by_line[2].suggestions
    assert by_line[3].suggestions[0] == "Oakfield Primary School, Ashford"
    assert by_line[4].suggestions == ()
