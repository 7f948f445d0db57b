from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from supportline.reference import (
    KENT_DISTRICTS,
    BadHours,
    centroid_for,
    district_of,
    haversine_km,
    job_roles,
    organisations,
    parse_hours,
    postcode_districts,
    presenting_issues,
    venues,
)
from supportline.validation import InvalidInput, normalise_postcode

KENT_LAT = (50.9, 51.5)
KENT_LON = (0.0, 1.45)


def test_reference_and_validation_do_not_import_qt() -> None:
    # A fresh interpreter, because other tests in this session may have loaded Qt already.
    code = (
        "import sys, supportline.reference, supportline.validation; "
        "supportline.reference.venues(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'}))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "[]"


def test_kent_districts_are_the_twelve_plus_medway() -> None:
    assert len(KENT_DISTRICTS) == 13
    assert len(set(KENT_DISTRICTS)) == 13
    assert "Medway" in KENT_DISTRICTS
    assert "Folkestone and Hythe" in KENT_DISTRICTS
    assert "Tonbridge and Malling" in KENT_DISTRICTS


# --- postcode districts -----------------------------------------------------------------------


def test_postcode_districts_cover_the_expected_areas() -> None:
    districts = postcode_districts()
    for number in range(1, 21):
        assert f"ME{number}" in districts
    for number in range(1, 22):
        assert f"CT{number}" in districts
    for code in ("TN1", "TN4", "TN8", "TN18", "TN23", "TN30", "DA1", "DA13", "BR8"):
        assert code in districts
    # East Sussex and London districts are not Kent's.
    for code in ("TN6", "TN34", "DA5", "DA15"):
        assert code not in districts


def test_postcode_districts_are_in_kent_and_keyed_by_their_code() -> None:
    districts = postcode_districts()
    for code, district in districts.items():
        assert district.district == code
        assert district.local_authority in KENT_DISTRICTS
        assert KENT_LAT[0] <= district.lat <= KENT_LAT[1], code
        assert KENT_LON[0] <= district.lon <= KENT_LON[1], code
    authorities = {district.local_authority for district in districts.values()}
    assert authorities == set(KENT_DISTRICTS)


def test_postcode_district_local_authorities_spot_checks() -> None:
    districts = postcode_districts()
    assert districts["ME19"].local_authority == "Tonbridge and Malling"
    assert districts["CT9"].local_authority == "Thanet"
    assert districts["ME4"].local_authority == "Medway"
    assert districts["TN23"].local_authority == "Ashford"
    assert districts["DA11"].local_authority == "Gravesham"


# --- venues -----------------------------------------------------------------------------------


def test_at_least_55_venues_with_unique_codes() -> None:
    all_venues = venues()
    assert len(all_venues) >= 55
    codes = [venue.code for venue in all_venues]
    assert len(set(codes)) == len(codes)
    assert all(code.startswith("V") and code[1:].isdigit() for code in codes)


def test_every_district_has_at_least_three_venues() -> None:
    counts = Counter(venue.district for venue in venues())
    for district in KENT_DISTRICTS:
        assert counts[district] >= 3, district
    assert set(counts) <= set(KENT_DISTRICTS)


def test_every_venue_postcode_is_canonical_and_its_district_is_known() -> None:
    districts = postcode_districts()
    for venue in venues():
        assert normalise_postcode(venue.postcode) == venue.postcode
        assert venue.postcode_district in districts, venue.code


def test_venue_coordinates_in_kent_and_near_their_postcode_district() -> None:
    for venue in venues():
        assert KENT_LAT[0] <= venue.lat <= KENT_LAT[1], venue.code
        assert KENT_LON[0] <= venue.lon <= KENT_LON[1], venue.code
        centroid = centroid_for(venue.postcode)
        assert centroid is not None
        distance = haversine_km(venue.lat, venue.lon, centroid.lat, centroid.lon)
        assert distance <= 15.0, (venue.code, round(distance, 1))


def test_venue_fields_are_well_formed() -> None:
    for venue in venues():
        assert venue.name and venue.address and venue.town
        assert 1 <= len(venue.rooms) <= 4
        assert all(room.strip() == room and room for room in venue.rooms)
        assert venue.hours, venue.code
        for weekday, (opens, closes) in venue.hours.items():
            assert 0 <= weekday <= 6
            assert opens < closes
    # The estate offers evening and Saturday sessions somewhere.
    assert any(closes >= dt.time(19, 0) for venue in venues() for _, closes in venue.hours.values())
    assert any(5 in venue.hours for venue in venues())
    assert any(venue.step_free for venue in venues())
    assert any(not venue.step_free for venue in venues())


def test_park_house_east_malling_is_a_venue() -> None:
    matches = [venue for venue in venues() if venue.name.startswith("Park House")]
    assert len(matches) == 1
    park_house = matches[0]
    assert park_house.town == "East Malling"
    assert park_house.district == "Tonbridge and Malling"
    assert park_house.postcode.startswith("ME19 ")
    # The phone line is staffed Monday to Friday, 08:30 to 17:00.
    for weekday in range(5):
        opens, closes = park_house.hours[weekday]
        assert opens <= dt.time(8, 30) and closes >= dt.time(17, 0)


def test_venue_is_frozen_and_hashable() -> None:
    venue = venues()[0]
    with pytest.raises(AttributeError):
        venue.name = "changed"  # type: ignore[misc]
    assert hash(venue) == hash(venues()[0])
    with pytest.raises(TypeError):
        venue.hours[0] = (dt.time(1), dt.time(2))  # type: ignore[index]


def test_venue_is_open() -> None:
    park_house = next(venue for venue in venues() if venue.name.startswith("Park House"))
    monday = dt.date(2024, 3, 4)
    assert monday.weekday() == 0
    assert park_house.is_open(dt.datetime.combine(monday, dt.time(9, 0)))
    assert not park_house.is_open(dt.datetime.combine(monday, dt.time(17, 0)))
    assert not park_house.is_open(dt.datetime(2024, 3, 10, 10, 0))  # a Sunday


def test_loaders_are_cached() -> None:
    assert venues() is venues()
    assert postcode_districts() is postcode_districts()


# --- distances and postcode lookups -----------------------------------------------------------


def test_haversine_known_answers() -> None:
    maidstone = (51.2720, 0.5290)
    canterbury = (51.2802, 1.0789)
    assert 38.0 <= haversine_km(*maidstone, *canterbury) <= 42.0
    assert haversine_km(*maidstone, *maidstone) == 0.0
    assert haversine_km(*maidstone, *canterbury) == pytest.approx(
        haversine_km(*canterbury, *maidstone)
    )
    # One degree of latitude is about 111.2 km.
    assert haversine_km(51.0, 1.0, 52.0, 1.0) == pytest.approx(111.19, abs=0.05)


def test_district_of_and_centroid_for() -> None:
    assert district_of("me19 4by") == "ME19"
    assert district_of("ct9  1re") == "CT9"
    assert district_of(" tn23 ") == "TN23"
    assert district_of("SW1A 1AA") == "SW1A"
    east_malling = centroid_for("ME19 4BY")
    assert east_malling is not None and east_malling.local_authority == "Tonbridge and Malling"
    assert centroid_for("SW1A 1AA") is None
    with pytest.raises(InvalidInput):
        district_of("not a postcode")


def test_nearest_venue_ranking_is_sensible() -> None:
    margate = centroid_for("CT9 1AA")
    assert margate is not None
    nearest = min(venues(), key=lambda v: haversine_km(margate.lat, margate.lon, v.lat, v.lon))
    assert nearest.district == "Thanet"


# --- opening hours ----------------------------------------------------------------------------


def test_parse_hours_good() -> None:
    hours = parse_hours("Mon 09:00-17:00;Tue 09:00-20:00;Sat 09:00-12:30")
    assert hours == {
        0: (dt.time(9, 0), dt.time(17, 0)),
        1: (dt.time(9, 0), dt.time(20, 0)),
        5: (dt.time(9, 0), dt.time(12, 30)),
    }
    assert parse_hours(" fri 08:30 - 16:30 ; ") == {4: (dt.time(8, 30), dt.time(16, 30))}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("Mon", "time_format"),
        ("Mon 09:00", "time_format"),
        ("Mon 9:00-17:00", "time_format"),
        ("Mon 09.00-17.00", "time_format"),
        ("Mon 25:00-26:00", "time_range"),
        ("Mon 09:60-17:00", "time_range"),
        ("Mon 17:00-09:00", "closes_before_opens"),
        ("Mon 09:00-09:00", "closes_before_opens"),
        ("Funday 09:00-17:00", "unknown_day"),
        ("Mon 09:00-17:00;Mon 10:00-12:00", "duplicate_day"),
    ],
)
def test_parse_hours_bad(text: str, reason: str) -> None:
    with pytest.raises(BadHours) as caught:
        parse_hours(text)
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)


# --- organisations, roles, presenting issues --------------------------------------------------


def test_organisations_cover_groups_and_phases() -> None:
    orgs = organisations()
    assert {org.group for org in orgs} == {"kcc", "school", "other"}
    schools = [org for org in orgs if org.group == "school"]
    assert {org.phase for org in schools} == {"early_years", "primary", "secondary", "special"}
    assert 30 <= len(schools) <= 60
    assert all(org.phase is None for org in orgs if org.group != "school")
    names = [org.name for org in orgs]
    assert len(set(names)) == len(names)


def test_kcc_directorates() -> None:
    kcc = {org.directorate: org for org in organisations() if org.group == "kcc"}
    assert set(kcc) == {
        "Adult Social Care and Health",
        "Children, Young People and Education",
        "Growth, Environment and Transport",
        "Chief Executive's Department",
        "Deputy Chief Executive's Department",
    }
    for directorate, org in kcc.items():
        assert org.name == f"Kent County Council - {directorate}"


def test_job_roles() -> None:
    roles = {role.role.lower(): role.family for role in job_roles()}
    assert len(roles) == len(job_roles()) >= 20
    assert roles["headteacher"] == "senior_leadership"
    assert roles["deputy headteacher"] == "senior_leadership"
    assert roles["assistant headteacher"] == "senior_leadership"
    assert roles["teacher"] == "teaching_professional"
    assert roles["teaching assistant"] == "frontline"
    assert roles["administrator"] == "support_admin"
    for role in ("early years manager", "senco", "council officer", "social worker", "librarian"):
        assert role in roles
    assert set(roles.values()) == {
        "senior_leadership",
        "teaching_professional",
        "support_admin",
        "frontline",
    }


def test_presenting_issues() -> None:
    issues = presenting_issues()
    codes = [issue.code for issue in issues]
    assert len(set(codes)) == len(codes) >= 20
    categories = {issue.category for issue in issues}
    assert {"work", "mood", "relationships", "bereavement", "health", "trauma", "other"} == (
        categories
    )
    for issue in issues:
        assert len(issue.code) == 3 and issue.code[1:].isdigit()
        assert issue.code[0] == issue.category[0].upper()
    labels = {issue.label for issue in issues}
    assert "Bullying or harassment at work" in labels
    assert "Critical incident at work" in labels
