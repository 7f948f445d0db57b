"""Coarsening of quasi-identifiers before anything is sealed for statistics (DESIGN 6).

Age in bands, gender in three groups, job roles in families (a headteacher is always senior
leadership), organisations in groups, venues by district, presenting issues by top category,
counts and waits in bands. The statistics side checks the codes again on the way in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from ..db import schema
from ..reference import centroid_for, job_roles, presenting_issues

AGE_BANDS = ("<=24", "25-34", "35-44", "45-54", "55+", "not_stated")
GENDER_GROUPS = ("female", "male", "other_or_not_stated")


def age_band(born: date | None, on: date) -> str:
    if born is None:
        return "not_stated"
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age <= 24:
        return "<=24"
    if age <= 34:
        return "25-34"
    if age <= 44:
        return "35-44"
    if age <= 54:
        return "45-54"
    return "55+"


def gender_group(gender: str | None) -> str:
    return gender if gender in ("female", "male") else "other_or_not_stated"


def role_family(job_role: str | None, org_group: str | None = None) -> str:
    if not job_role:
        return "not_stated"
    text = job_role.strip().lower()
    if "head" in text and "teacher" in text:
        return "senior_leadership"  # a headteacher, deputy or assistant head is always leadership
    for role in job_roles():
        if role.role.lower() == text:
            return role.family
    return "not_stated"


def org_group_label(group: str | None, phase: str | None) -> str:
    if group == "kcc":
        return "kcc_directorate"
    if group == "school":
        return f"school_{phase or 'unknown'}"
    return "other_employer"


def count_band(n: int) -> str:
    if n <= 1:
        return str(n)
    if n <= 3:
        return "2-3"
    if n <= 6:
        return "4-6"
    return "7+"


def wait_band(days: int | None) -> str:
    if days is None:
        return "not_seen"
    if days < 14:
        return "<2w"
    if days < 28:
        return "2-4w"
    if days < 56:
        return "4-8w"
    return "8w+"


def district_of_postcode(postcode: str | None) -> str:
    centroid = centroid_for(postcode) if postcode else None
    return centroid.local_authority if centroid else "outside_kent"


def issue_categories(codes: str) -> list[str]:
    categories = {issue.code: issue.category for issue in presenting_issues()}
    return sorted({categories.get(code, "other") for code in codes.split(",") if code})


def client_profile(conn: Connection, client_id: int, on: date) -> dict[str, Any]:
    """The coarsened profile of a client, for referral and session records."""
    cl, o = schema.clients.c, schema.organisations.c
    row = conn.execute(
        select(
            cl.date_of_birth,
            cl.gender,
            cl.job_role,
            cl.home_postcode,
            cl.work_postcode,
            cl.venue_preference,
            o.org_group,
            o.phase,
            o.name.label("organisation"),
        )
        .select_from(schema.clients.outerjoin(schema.organisations, o.id == cl.organisation_id))
        .where(cl.id == client_id)
    ).one()
    postcode = row.work_postcode if row.venue_preference == "work" else row.home_postcode
    return {
        "age_band": age_band(row.date_of_birth, on),
        "gender": gender_group(row.gender),
        "role_family": role_family(row.job_role, row.org_group),
        "org_group": org_group_label(row.org_group, row.phase),
        "organisation": row.organisation or "not_stated",
        "district": district_of_postcode(postcode),
    }
