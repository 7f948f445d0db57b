"""What a booking must satisfy besides a free time: the client's yearly allowance in the year each
session falls in, the organisation's eligibility on the session's date, and the sessions the
organisation has purchased (past them only with an administrator's recorded authorisation).

The store and world are those of ``test_booking``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from supportline.db import schema
from supportline.errors import PermissionDenied
from supportline.services.allowance import AllowanceExceeded
from supportline.services.bookability import NotEligible
from supportline.services.booking import BookingService, SeriesPlan
from supportline.services.packages import (
    InvalidPackageAuthorisation,
    PackageService,
    PurchasedSessionsExceeded,
)
from supportline.services.settings import SettingsService
from supportline.session import Session, unlock
from tests.conftest import PASSWORDS
from tests.core.test_booking import (
    NOW,
    FakeClock,
    Place,
    World,
    appointment_rows,
    at,
    build_template,
    slot_for,
)


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("template") / "data")


@pytest.fixture
def open_as(template_dir: Path, tmp_path: Path) -> Iterator[Callable[[str], Session]]:
    store = tmp_path / "data"
    shutil.copytree(template_dir, store)
    opened: list[Session] = []

    def _open(username: str) -> Session:
        session = unlock(store, username, PASSWORDS[username], clock=FakeClock(NOW))
        opened.append(session)
        return session

    yield _open
    for session in opened:
        session.close()


@pytest.fixture
def admin(open_as: Callable[[str], Session]) -> Session:
    return open_as("admin")


@pytest.fixture
def handler(open_as: Callable[[str], Session]) -> Session:
    return open_as("handler")


@pytest.fixture
def world(admin: Session) -> World:
    return World(admin)


@pytest.fixture
def hub(world: World) -> Place:
    """A venue in Maidstone open Monday to Friday 09:00-17:00."""
    return world.venue("Maidstone Hub", 51.2870, 0.5370, rooms=2)


@pytest.fixture
def cora(world: World, hub: Place) -> int:
    return world.counsellor("Cora", at=hub)


def client_of(session: Session, case_id: int) -> int:
    with session.case.connect() as conn:
        return int(
            conn.execute(
                select(schema.cases.c.client_id).where(schema.cases.c.id == case_id)
            ).scalar_one()
        )


def ignoring_problems(plan: SeriesPlan) -> SeriesPlan:
    """The plan as a stale or hand-made one would be: every week marked bookable."""
    return replace(
        plan,
        occurrences=tuple(replace(o, problem=None, alternative=None) for o in plan.occurrences),
    )


def weekly_dates(plan: SeriesPlan) -> list[date]:
    return [o.starts_at.date() for o in plan.occurrences]


# -- the allowance, session by session -------------------------------------------------------------


def test_series_across_april_is_checked_in_each_financial_year(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    """Seven sessions already booked in the next financial year: the series may run to the end
    of March, and the week in April is past that year's allowance."""
    booking = BookingService(handler)
    case = world.new_case(status="active")
    earlier = world.case(client_of(handler, case), status="active")
    for week in range(7):
        world.appointment(earlier, cora, hub, at(date(2027, 4, 12) + timedelta(weeks=week), 14))
    plan = booking.plan_series(case, at(date(2027, 3, 17), 10), cora, hub.id, hub.room, count=4)
    assert [o.problem for o in plan.occurrences] == [None, None, None, "over_allowance"]
    assert plan.occurrences[3].alternative is None

    # A plan that ignores it is refused, all or nothing, naming the year that is full.
    with pytest.raises(AllowanceExceeded) as caught:
        booking.book_series(ignoring_problems(plan))
    assert caught.value.status.year_start == date(2027, 4, 1)
    assert (caught.value.status.left, caught.value.wanted) == (0, 1)
    assert appointment_rows(handler, case_id=case) == []

    ids = booking.book_series(plan)
    assert [r.starts_at.date() for r in appointment_rows(handler, case_id=case)] == [
        date(2027, 3, 17),
        date(2027, 3, 24),
        date(2027, 3, 31),
    ]
    assert len(ids) == 3


def test_default_count_is_the_rest_of_the_allowance_in_the_first_sessions_year(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case(status="active")
    for week in range(5):
        world.appointment(
            case, cora, hub, at(date(2026, 5, 4) + timedelta(weeks=week), 10), status="attended"
        )
    plan = booking.plan_series(case, at(date(2027, 3, 10), 10), cora, hub.id, hub.room)
    assert weekly_dates(plan) == [date(2027, 3, 10), date(2027, 3, 17)]
    assert all(o.problem is None for o in plan.occurrences)


def test_rolling_series_stops_before_a_later_year_goes_over(
    admin: Session, handler: Session, world: World, hub: Place, cora: int
) -> None:
    """Rolling year: four sessions booked in February share a year with every week from
    December, so only three more fit, though the year ending on 2 December holds none."""
    SettingsService(admin).update({"allowance_year": "rolling"})
    booking = BookingService(handler)
    case = world.new_case(status="active")
    for week in range(4):
        world.appointment(case, cora, hub, at(date(2027, 2, 3) + timedelta(weeks=week), 14))
    first = at(date(2026, 12, 2), 10)
    plan = booking.plan_series(case, first, cora, hub.id, hub.room)
    assert weekly_dates(plan) == [date(2026, 12, 2), date(2026, 12, 9), date(2026, 12, 16)]
    longer = booking.plan_series(case, first, cora, hub.id, hub.room, count=5)
    assert [o.problem for o in longer.occurrences] == [None, None, None] + ["over_allowance"] * 2
    with pytest.raises(AllowanceExceeded):
        booking.book_series(ignoring_problems(longer))
    assert len(booking.book_series(longer)) == 3


def test_moving_a_session_into_a_full_year_is_refused(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    booking = BookingService(handler)
    case = world.new_case(status="active")
    march = world.appointment(case, cora, hub, at(date(2027, 3, 24), 10))
    for week in range(7):
        world.appointment(case, cora, hub, at(date(2027, 4, 12) + timedelta(weeks=week), 14))
    with pytest.raises(AllowanceExceeded) as caught:
        booking.move(march, at(date(2027, 4, 7), 10))
    assert caught.value.status.year_start == date(2027, 4, 1)
    (row,) = appointment_rows(handler, id=march)
    assert row.starts_at == at(date(2027, 3, 24), 10)
    # Within its own year it moves; a session does not count twice against its own year.
    assert booking.move(march, at(date(2027, 3, 25), 10)) == [march]


# -- eligibility on the session's date -------------------------------------------------------------


@pytest.fixture
def ending(world: World) -> int:
    """An employer whose counselling agreement ends on 31 December 2026."""
    return world.organisation(
        "Kent County Council - Ending Directorate",
        agreements=[("counselling", date(2025, 4, 1), date(2026, 12, 31), None)],
    )


def test_series_weeks_after_the_agreement_ends_are_not_booked(
    handler: Session, world: World, hub: Place, cora: int, ending: int
) -> None:
    booking = BookingService(handler)
    case = world.case(world.client(organisation=ending))
    booking.book_assessment(case, slot_for(at(date(2026, 12, 9), 10), cora, hub))
    plan = booking.plan_series(case, at(date(2026, 12, 16), 10), cora, hub.id, hub.room, count=5)
    assert [o.problem for o in plan.occurrences] == [None, None, None, "expired", "expired"]
    with pytest.raises(NotEligible) as caught:
        booking.book_series(ignoring_problems(plan))
    assert (caught.value.reason, caught.value.on) == ("expired", date(2027, 1, 6))
    assert len(appointment_rows(handler, case_id=case)) == 1
    assert len(booking.book_series(plan)) == 3


def test_assessment_refused_when_the_organisation_does_not_buy_the_service(
    handler: Session, world: World, hub: Place, cora: int, ending: int
) -> None:
    case = world.case(world.client(organisation=ending), service="coaching")
    coach = world.counsellor("Cath", services="coaching", at=hub)
    with pytest.raises(NotEligible) as caught:
        BookingService(handler).book_assessment(
            case, slot_for(at(date(2026, 11, 26), 10), coach, hub)
        )
    assert caught.value.reason == "service_not_covered"
    assert appointment_rows(handler, case_id=case) == []


def test_assessment_refused_after_the_agreement_ended_and_moving_past_the_end_too(
    handler: Session, world: World, hub: Place, cora: int, ending: int
) -> None:
    booking = BookingService(handler)
    case = world.case(world.client(organisation=ending))
    with pytest.raises(NotEligible) as caught:
        booking.book_assessment(case, slot_for(at(date(2027, 1, 6), 10), cora, hub))
    assert caught.value.reason == "expired"
    assessment = booking.book_assessment(case, slot_for(at(date(2026, 12, 30), 10), cora, hub))
    with pytest.raises(NotEligible):
        booking.move(assessment, at(date(2027, 1, 4), 10))
    (row,) = appointment_rows(handler, id=assessment)
    assert row.starts_at == at(date(2026, 12, 30), 10)


def test_a_go_ahead_recorded_at_intake_lets_the_case_be_booked(
    handler: Session, world: World, hub: Place, cora: int, ending: int
) -> None:
    """The handler who took the call recorded why the service goes ahead although the client
    was not eligible: that decision is on the case, and booking honours it."""
    case = world.case(world.client(organisation=ending))
    with world.admin.case.begin() as conn:
        contact = conn.execute(
            insert(schema.contacts).values(
                direction="in",
                channel="phone",
                started_at=NOW,
                purpose="new_referral",
                outcome="referred_counselling",
                eligibility="expired",
                eligibility_override_reason="Renewal agreed by the directorate",
            )
        ).inserted_primary_key[0]
        conn.execute(
            update(schema.cases).where(schema.cases.c.id == case).values(contact_id=contact)
        )
    BookingService(handler).book_assessment(case, slot_for(at(date(2027, 1, 6), 10), cora, hub))
    assert len(appointment_rows(handler, case_id=case)) == 1


# -- purchased sessions ----------------------------------------------------------------------------


@pytest.fixture
def school(world: World) -> int:
    """A school that bought 3 counselling sessions for September 2026 to August 2027."""
    return world.organisation(
        "Oakfield Primary School, Ashford",
        group="school",
        agreements=[("counselling", date(2026, 9, 1), date(2027, 8, 31), 3)],
    )


def agreement_of(session: Session, organisation: int) -> int:
    a = schema.service_agreements.c
    with session.case.connect() as conn:
        return int(conn.execute(select(a.id).where(a.organisation_id == organisation)).scalar_one())


def test_booking_past_the_purchased_sessions_needs_an_administrator(
    admin: Session, handler: Session, world: World, hub: Place, cora: int, school: int
) -> None:
    booking = BookingService(handler)
    staff = [world.case(world.client(organisation=school, first_name=f"T{n}")) for n in range(3)]
    world.appointment(staff[0], cora, hub, at(date(2026, 10, 5), 10), status="attended")
    world.appointment(staff[1], cora, hub, at(date(2026, 10, 6), 10), status="dna")
    booking.book_assessment(staff[2], slot_for(at(date(2026, 11, 26), 10), cora, hub))

    fourth = world.case(world.client(organisation=school, first_name="Fay"))
    slot = slot_for(at(date(2026, 11, 27), 10), cora, hub)
    with pytest.raises(PurchasedSessionsExceeded) as caught:
        booking.book_assessment(fourth, slot)
    usage = caught.value.usage
    assert (usage.purchased, usage.authorised_extra, usage.used, usage.left) == (3, 0, 3, 0)
    assert caught.value.wanted == 1
    assert appointment_rows(handler, case_id=fourth) == []

    agreement = agreement_of(admin, school)
    with pytest.raises(PermissionDenied):
        PackageService(handler).authorise(agreement, 2, "Head teacher asked for more")
    auth_id = PackageService(admin).authorise(agreement, 2, "  Agreed with the school bursar ")
    booking.book_assessment(fourth, slot)

    with admin.case.connect() as conn:
        row = conn.execute(
            select(schema.package_authorisations).where(
                schema.package_authorisations.c.id == auth_id
            )
        ).one()
        audit = conn.execute(
            select(schema.case_audit.c.actor, schema.case_audit.c.record_id).where(
                schema.case_audit.c.action == "package.authorised"
            )
        ).all()
    assert (row.agreement_id, row.extra_sessions, row.reason, row.authorised_by) == (
        agreement,
        2,
        "Agreed with the school bursar",
        "admin",
    )
    assert [tuple(a) for a in audit] == [("admin", str(agreement))]
    (after,) = PackageService(handler).usage(school)
    assert (after.purchased, after.authorised_extra, after.allowed, after.used, after.left) == (
        3,
        2,
        5,
        4,
        1,
    )


def test_series_stops_at_the_purchased_sessions(
    handler: Session, world: World, hub: Place, cora: int, school: int
) -> None:
    booking = BookingService(handler)
    case = world.case(world.client(organisation=school))
    booking.book_assessment(case, slot_for(at(date(2026, 11, 26), 10), cora, hub))
    plan = booking.plan_series(case, at(date(2026, 12, 3), 10), cora, hub.id, hub.room, count=4)
    assert [o.problem for o in plan.occurrences] == [
        None,
        None,
        "purchased_sessions_used",
        "purchased_sessions_used",
    ]
    with pytest.raises(PurchasedSessionsExceeded) as caught:
        booking.book_series(ignoring_problems(plan))
    assert (caught.value.usage.used, caught.value.wanted) == (1, 4)
    assert len(booking.book_series(plan)) == 2


def test_sessions_used_count_as_the_allowance_setting_says(
    admin: Session, handler: Session, world: World, hub: Place, cora: int, school: int
) -> None:
    """Attended and booked sessions always count against what was bought; did-not-attends and
    late cancellations count when the allowance setting counts them; other cancellations and
    sessions outside the agreement's dates never do."""
    case = world.case(world.client(organisation=school), status="active")
    for day, status in (
        (date(2026, 9, 7), "attended"),
        (date(2026, 9, 14), "dna"),
        (date(2026, 9, 21), "cancelled_client_late"),
        (date(2026, 9, 28), "cancelled_client"),
        (date(2026, 10, 5), "cancelled_service"),
        (date(2026, 8, 31), "attended"),  # before the agreement
        (date(2026, 12, 7), "booked"),
    ):
        world.appointment(case, cora, hub, at(day, 10), status=status)
    packages = PackageService(handler)
    assert [u.used for u in packages.usage(school)] == [4]
    SettingsService(admin).update({"dna_counts": False})
    assert [u.used for u in packages.usage(school)] == [2]


def test_package_authorisation_needs_a_reason_and_a_sensible_number(
    admin: Session, world: World, school: int
) -> None:
    agreement = agreement_of(admin, school)
    packages = PackageService(admin)
    for reason in ("", "    ", "ok"):
        with pytest.raises(InvalidPackageAuthorisation) as caught:
            packages.authorise(agreement, 2, reason)
        assert caught.value.reason == "reason_required"
    for extra in (0, -1, 501):
        with pytest.raises(InvalidPackageAuthorisation) as caught:
            packages.authorise(agreement, extra, "Agreed with the school")
        assert caught.value.reason == "extra_sessions"
    with pytest.raises(InvalidPackageAuthorisation) as caught:
        packages.authorise(agreement + 999, 2, "Agreed with the school")
    assert caught.value.reason == "agreement"
    unlimited = world.organisation(
        "Open Employer Ltd", "other", [("counselling", date(2026, 1, 1), None, None)]
    )
    with pytest.raises(InvalidPackageAuthorisation) as caught:
        packages.authorise(agreement_of(admin, unlimited), 2, "Agreed with the school")
    assert caught.value.reason == "not_purchased"
    with admin.case.connect() as conn:
        assert conn.execute(select(schema.package_authorisations)).all() == []


def test_usage_lists_every_agreement_with_used_and_left(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    org = world.organisation(
        "Willow Brook Primary School, Ashford",
        group="school",
        agreements=[
            ("counselling", date(2025, 9, 1), date(2026, 8, 31), 2),
            ("counselling", date(2026, 9, 1), date(2027, 8, 31), 10),
            ("coaching", date(2026, 9, 1), None, None),
        ],
    )
    case = world.case(world.client(organisation=org), status="active")
    for day in (date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16), date(2026, 10, 5)):
        world.appointment(case, cora, hub, at(day, 10), status="attended")
    usage = PackageService(handler).usage(org)
    assert [(u.agreement.service, u.agreement.starts_on, u.used, u.left) for u in usage] == [
        ("coaching", date(2026, 9, 1), 0, None),
        ("counselling", date(2025, 9, 1), 3, 0),
        ("counselling", date(2026, 9, 1), 1, 9),
    ]
    assert usage[1].over == 1


def test_the_block_a_case_would_use_and_who_may_authorise(
    admin: Session, handler: Session, world: World, school: int
) -> None:
    case = world.case(world.client(organisation=school))
    packages = PackageService(handler)
    usage = packages.usage_for_case(case, date(2026, 11, 26))
    assert usage is not None and usage.agreement.id == agreement_of(admin, school)
    assert packages.usage_for_case(case, date(2027, 9, 1)) is None  # after the agreement
    assert packages.usage_for_case(world.new_case(), date(2026, 11, 26)) is None  # unlimited
    assert (packages.may_authorise(), PackageService(admin).may_authorise()) == (False, True)


def test_refusals_read_as_one_line_on_the_command_line() -> None:
    from supportline.messages import describe
    from supportline.services.eligibility import Agreement
    from supportline.services.packages import AgreementUsage

    usage = AgreementUsage(Agreement(1, 1, "counselling", date(2026, 9, 1), None, 3), 3)
    for error in (
        NotEligible("expired", date(2027, 1, 6)),
        PurchasedSessionsExceeded(usage, 1),
        InvalidPackageAuthorisation("reason_required"),
    ):
        text = describe(error)
        assert text.startswith("refused:") and "\n" not in text


def test_default_count_does_not_run_on_into_the_next_years_allowance(
    handler: Session, world: World, hub: Place, cora: int
) -> None:
    """From March, the rest of this year's allowance is proposed: six weeks, running into April
    (each week then checked in its own year), not six plus a fresh seven."""
    booking = BookingService(handler)
    case = world.new_case()
    booking.book_assessment(case, slot_for(at(date(2027, 3, 10), 10), cora, hub))
    plan = booking.plan_series(case, at(date(2027, 3, 17), 10), cora, hub.id, hub.room)
    assert len(plan.occurrences) == 6
    assert weekly_dates(plan)[-1] == date(2027, 4, 21)
    assert all(o.problem is None for o in plan.occurrences)
