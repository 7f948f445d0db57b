"""The schemas of the two stores, as SQLAlchemy 2 Core tables.

``case.db`` holds identifiable data; ``stats.db`` holds only anonymised, coarsened records.
Keep SQL portable (the same schema must later run on PostgreSQL): timestamps go through
:class:`UTCDateTime`, no SQLite-only constructs here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.sql import literal_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _audit_table(metadata: MetaData, day_only: bool = False) -> Table:
    # Append-only: services insert through supportline.audit only; verify() checks the chain.
    # ``day_only``: entries are stamped with their day, never the time of day (supportline.audit).
    return Table(
        "audit",
        metadata,
        Column("seq", Integer, primary_key=True, autoincrement=False),
        Column("at", UTCDateTime, nullable=False),
        Column("actor", String(64), nullable=False),
        Column("action", String(64), nullable=False),
        Column("record_type", String(32), nullable=False, server_default=""),
        Column("record_id", String(64), nullable=False, server_default=""),
        Column("prev_hash", String(64), nullable=False),
        Column("hash", String(64), nullable=False),
        # The author's Ed25519 signature over the entry (see supportline.audit.entry_payload).
        Column("signer", String(64)),
        Column("signature", LargeBinary),
        info={"day_only": day_only},
    )


def _integrity_table(metadata: MetaData) -> Table:
    # One row per table: the keyed multiset hash of its rows, kept by triggers that
    # supportline.integrity generates from the live schema (so they are not declared here).
    return Table(
        "integrity",
        metadata,
        Column("table_name", String(128), primary_key=True),
        Column("digest", String(64), nullable=False),
        Column("row_count", Integer, nullable=False),
    )


# ==================================================================================================
# case.db: identifiable
# ==================================================================================================

case_metadata = MetaData(naming_convention=NAMING)

settings = Table(
    "settings",
    case_metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

users = Table(
    "users",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(128), nullable=False),
    Column("roles", String(128), nullable=False),
    Column("is_clinical_lead", Boolean, nullable=False, server_default="0"),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("disabled_at", UTCDateTime),
)

case_audit = _audit_table(case_metadata)
case_integrity = _integrity_table(case_metadata)

outbox = Table(
    "outbox",
    case_metadata,
    # Sealed to the statistics public key. Deliberately no timestamp or link to its source row.
    Column("id", Integer, primary_key=True),
    Column("sealed", LargeBinary, nullable=False),
)

organisations = Table(
    "organisations",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("org_group", String(16), nullable=False),  # kcc | school | other
    Column("phase", String(16)),  # schools: early_years | primary | secondary | special
    Column("directorate", String(200)),
    Column("active", Boolean, nullable=False, server_default="1"),
    CheckConstraint("org_group IN ('kcc', 'school', 'other')", name="org_group"),
)

service_agreements = Table(
    "service_agreements",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
    Column("service", String(16), nullable=False),  # counselling | coaching | mediation
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("purchased_sessions", Integer),
    CheckConstraint("service IN ('counselling', 'coaching', 'mediation')", name="service"),
)

venues = Table(
    "venues",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("address", String(300), nullable=False),
    Column("town", String(100), nullable=False),
    Column("postcode", String(10), nullable=False),
    Column("district", String(64), nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("step_free", Boolean, nullable=False, server_default="0"),
    Column("hearing_loop", Boolean, nullable=False, server_default="0"),
    Column("parking", Boolean, nullable=False, server_default="0"),
    Column("active", Boolean, nullable=False, server_default="1"),
)

venue_hours = Table(
    "venue_hours",
    case_metadata,
    Column("venue_id", ForeignKey("venues.id", ondelete="CASCADE"), primary_key=True),
    Column("weekday", Integer, primary_key=True),  # 0 = Monday
    Column("opens", Time, nullable=False),
    Column("closes", Time, nullable=False),
)

venue_closures = Table(
    "venue_closures",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("venue_id", ForeignKey("venues.id", ondelete="CASCADE"), nullable=False),
    Column("on_date", Date, nullable=False),
    Column("reason", String(200), nullable=False, server_default=""),
    UniqueConstraint("venue_id", "on_date"),
)

rooms = Table(
    "rooms",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("venue_id", ForeignKey("venues.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    UniqueConstraint("venue_id", "name"),
)

counsellors = Table(
    "counsellors",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id")),
    Column("display_name", String(128), nullable=False),
    Column("gender", String(16), nullable=False),
    Column("languages", String(200), nullable=False, server_default="English"),
    Column("services", String(64), nullable=False, server_default="counselling"),
    Column("max_per_week", Integer, nullable=False, server_default="15"),
    Column("is_clinical_lead", Boolean, nullable=False, server_default="0"),
    Column("active", Boolean, nullable=False, server_default="1"),
    # One sign-in, one profile: the caseload and the diary find "mine" by this link.
    Index("uq_counsellors_user_id", "user_id", unique=True),
)

counsellor_availability = Table(
    "counsellor_availability",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("counsellor_id", ForeignKey("counsellors.id", ondelete="CASCADE"), nullable=False),
    Column("venue_id", ForeignKey("venues.id", ondelete="CASCADE"), nullable=False),
    Column("weekday", Integer, nullable=False),
    Column("starts", Time, nullable=False),
    Column("ends", Time, nullable=False),
)

counsellor_leave = Table(
    "counsellor_leave",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("counsellor_id", ForeignKey("counsellors.id", ondelete="CASCADE"), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
)

clients = Table(
    "clients",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(16), nullable=False, unique=True),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("preferred_name", String(100)),
    # Lower-cased, accent-folded "first last" and "last first" for find-as-you-type.
    Column("search_name", String(210), nullable=False, server_default=""),
    Column("date_of_birth", Date),
    Column("gender", String(16)),
    Column("phone", String(20)),
    Column("phone_alt", String(20)),
    Column("email", String(200)),
    Column("address", String(300)),
    Column("home_postcode", String(10)),
    Column("work_postcode", String(10)),
    Column("organisation_id", ForeignKey("organisations.id")),
    Column("job_role", String(100)),
    Column("safe_phone", String(8), nullable=False, server_default="phone"),  # phone|alt|none
    Column("voicemail_ok", Boolean, nullable=False, server_default="0"),
    Column("letters_ok", Boolean, nullable=False, server_default="0"),
    Column("email_ok", Boolean, nullable=False, server_default="0"),
    Column("work_contact_ok", Boolean, nullable=False, server_default="0"),
    Column("risk_level", String(16), nullable=False, server_default="none"),
    Column("created_at", UTCDateTime, nullable=False),
    # Booking preferences (the booking issue): venue near home or work, access needs, counsellor.
    Column("venue_preference", String(4), nullable=False, server_default="home"),
    Column("needs_step_free", Boolean, nullable=False, server_default="0"),
    Column("needs_hearing_loop", Boolean, nullable=False, server_default="0"),
    Column("needs_parking", Boolean, nullable=False, server_default="0"),
    Column("pref_counsellor_gender", String(16)),
    Column("pref_language", String(32)),
    Column("merged_into_id", ForeignKey("clients.id")),
    Column("updated_at", UTCDateTime),
    Index("ix_clients_search_name", "search_name"),
    Index("ix_clients_last_name", "last_name"),
    Index("ix_clients_phone", "phone"),
    Index("ix_clients_email", "email"),
    Index("ix_clients_home_postcode", "home_postcode"),
    Index("ix_clients_date_of_birth", "date_of_birth"),
    # Sessions used against an organisation's purchased block are counted by organisation.
    Index("ix_clients_organisation_id", "organisation_id"),
)

contacts = Table(
    "contacts",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("client_id", ForeignKey("clients.id")),  # null: an enquiry that never became a client
    Column("direction", String(4), nullable=False),  # in | out
    Column("channel", String(16), nullable=False),  # phone | voicemail | email | letter
    Column("handler_id", ForeignKey("users.id")),
    Column("started_at", UTCDateTime, nullable=False),
    Column("duration_s", Integer),
    Column("purpose", String(16), nullable=False),
    Column("outcome", String(32)),
    Column("case_id", ForeignKey("cases.id")),
    Column("signposted_to", String(32)),
    Column("eligibility", String(16)),
    Column("eligibility_override_reason", String(300)),
    Column("risk_level", String(16)),
    # Out-of-hours contacts wait in the call-back queue (pending) until a call-back resolves them.
    Column("callback_state", String(8), nullable=False, server_default="none"),
    Column("callback_due_at", UTCDateTime),
    Column("resolved_by_id", ForeignKey("contacts.id")),
    # Who to call back before the caller is matched to a client; cleared once resolved, so an
    # enquiry that never became a client keeps no identity.
    Column("callback_name", String(200)),
    Column("callback_phone", String(20)),
    Index("ix_contacts_started_at", "started_at"),
    Index("ix_contacts_callback_state", "callback_state", "started_at"),
)

client_search_terms = Table(
    "client_search_terms",
    case_metadata,
    # One row per folded word of a client's names: prefix search by index range, either order.
    Column("client_id", ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True),
    Column("term", String(100), primary_key=True),
    Index("ix_client_search_terms_term", "term", "client_id"),
)

risk_alerts = Table(
    "risk_alerts",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("client_id", ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
    # low | medium | high | immediate; a review may also lower it to none
    Column("level", String(16), nullable=False),
    # The detail (a review's reason) is sealed to the clinical key pair: call handlers write it
    # but cannot read it.
    Column("detail", LargeBinary),
    Column("raised_by", String(64), nullable=False),
    Column("raised_at", UTCDateTime, nullable=False),
    Column("cleared_at", UTCDateTime),
    Column("cleared_by", String(64)),
    # raised (at intake, by anyone) | reviewed (a counsellor lowered the level, with a reason;
    # the alerts before it are cleared)
    Column("kind", String(8), nullable=False, server_default="raised"),
    Index("ix_risk_alerts_client_id", "client_id"),
)

allowance_authorisations = Table(
    "allowance_authorisations",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("client_id", ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
    Column("service", String(16), nullable=False),
    # The day the extra sessions apply from. Every allowance year that covers this day (the
    # financial year it is in; each rolling 12 months that include it) includes them: a fixed
    # day, so a rolling window moving on does not lose the authorisation until it passes it.
    Column("applies_on", Date, nullable=False),
    Column("extra_sessions", Integer, nullable=False),
    Column("authorised_by", String(64), nullable=False),
    Column("authorised_at", UTCDateTime, nullable=False),
    Column("reason", String(500), nullable=False),
    CheckConstraint("extra_sessions > 0", name="extra_positive"),
)

package_authorisations = Table(
    "package_authorisations",
    case_metadata,
    # Sessions beyond those an organisation purchased under one agreement, authorised by an
    # administrator with a reason.
    Column("id", Integer, primary_key=True),
    Column("agreement_id", ForeignKey("service_agreements.id", ondelete="CASCADE"), nullable=False),
    Column("extra_sessions", Integer, nullable=False),
    Column("authorised_by", String(64), nullable=False),
    Column("authorised_at", UTCDateTime, nullable=False),
    Column("reason", String(500), nullable=False),
    CheckConstraint("extra_sessions > 0", name="extra_positive"),
    Index("ix_package_authorisations_agreement_id", "agreement_id"),
)

cases = Table(
    "cases",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("client_id", ForeignKey("clients.id"), nullable=False),
    Column("service", String(16), nullable=False),
    Column("referral_route", String(16), nullable=False),
    Column("presenting_issues", String(200), nullable=False, server_default=""),
    Column("urgency", String(8), nullable=False, server_default="routine"),
    Column("status", String(20), nullable=False),
    Column("counsellor_id", ForeignKey("counsellors.id")),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),
    Column("contact_id", ForeignKey("contacts.id", use_alter=True)),
    Index("ix_cases_client_id", "client_id"),
    Index("ix_cases_status", "status"),
)

case_status_history = Table(
    "case_status_history",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("changed_by", String(64), nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
)

case_urgency_history = Table(
    "case_urgency_history",
    case_metadata,
    # Every urgency a case has had: set at opening, raised by a risk level, or changed by hand
    # (lowering needs a reason).
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("urgency", String(8), nullable=False),
    Column("previous", String(8)),
    Column("cause", String(8), nullable=False),  # opened | risk | changed
    Column("reason", String(500)),
    Column("changed_by", String(64), nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
    Index("ix_case_urgency_history_case_id", "case_id"),
)

appointments = Table(
    "appointments",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False),
    Column("client_id", ForeignKey("clients.id"), nullable=False),
    Column("counsellor_id", ForeignKey("counsellors.id"), nullable=False),
    Column("venue_id", ForeignKey("venues.id"), nullable=False),
    Column("room_id", ForeignKey("rooms.id"), nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("ends_at", UTCDateTime, nullable=False),
    Column("kind", String(12), nullable=False),  # assessment | session
    Column("status", String(20), nullable=False),  # booked|attended|dna|cancelled_client|...
    Column("session_no", Integer),
    Column("series_id", ForeignKey("appointment_series.id")),
    Column("cancelled_at", UTCDateTime),
    Column("cancelled_by", String(64)),
    Index("ix_appointments_counsellor_start", "counsellor_id", "starts_at"),
    Index("ix_appointments_room_start", "room_id", "starts_at"),
    Index("ix_appointments_venue_start", "venue_id", "starts_at"),
    Index("ix_appointments_client_start", "client_id", "starts_at"),
    Index("ix_appointments_case_id", "case_id"),
)

# Statuses that occupy the time: the database refuses an overlap between two of these for one
# room, one counsellor or one client (triggers in migration case_0003; an exclusion constraint
# on PostgreSQL). Cancelled appointments free their time.
ACTIVE_APPOINTMENT_STATUSES = ("booked", "attended", "dna")

appointment_series = Table(
    "appointment_series",
    case_metadata,
    # A weekly series at one wall-clock time (Europe/London) at one venue.
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False),
    Column("counsellor_id", ForeignKey("counsellors.id"), nullable=False),
    Column("venue_id", ForeignKey("venues.id"), nullable=False),
    Column("weekday", Integer, nullable=False),
    Column("local_time", Time, nullable=False),
    Column("duration_min", Integer, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

appointment_events = Table(
    "appointment_events",
    case_metadata,
    # Every booking change, with who and when: booked, moved, cancelled, attended, dna.
    Column("id", Integer, primary_key=True),
    Column("appointment_id", ForeignKey("appointments.id", ondelete="CASCADE"), nullable=False),
    Column("event", String(24), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("by", String(64), nullable=False),
    Column("old_starts_at", UTCDateTime),
    Column("new_starts_at", UTCDateTime),
    Index("ix_appointment_events_appointment_id", "appointment_id"),
)

follow_ups = Table(
    "follow_ups",
    case_metadata,
    # The call handlers' list: a did-not-attend needs a call.
    Column("id", Integer, primary_key=True),
    Column("client_id", ForeignKey("clients.id"), nullable=False),
    Column("case_id", ForeignKey("cases.id"), nullable=False),
    Column("appointment_id", ForeignKey("appointments.id")),
    Column("reason", String(24), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("done_at", UTCDateTime),
    Column("done_by", String(64)),
    Index("ix_follow_ups_open", "done_at", "created_at"),
)

session_notes = Table(
    "session_notes",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("appointment_id", ForeignKey("appointments.id", ondelete="CASCADE"), nullable=False),
    Column("author", String(64), nullable=False),
    Column("written_at", UTCDateTime, nullable=False),
    # AES-GCM under the notes key, bound to (table, row, column, key id): see crypto.encrypt_field.
    Column("body", LargeBinary, nullable=False),
    # "note" (editable until it locks, 24 hours after the session) or a dated "amendment".
    Column("kind", String(12), nullable=False, server_default="note"),
    Column("party_id", ForeignKey("case_parties.id")),  # mediation: a party's own note
)

# The counsellor's clinical records. Everything clinical is one encrypted JSON document per row
# (notes key), so call handlers, who hold the case key, cannot read any of it.
assessments = Table(
    "assessments",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("appointment_id", ForeignKey("appointments.id")),
    Column("author", String(64), nullable=False),
    Column("written_at", UTCDateTime, nullable=False),
    Column("body", LargeBinary, nullable=False),
)

measure_responses = Table(
    "measure_responses",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("appointment_id", ForeignKey("appointments.id")),
    Column("measure_id", String(32), nullable=False),
    Column("taken_at", UTCDateTime, nullable=False),  # when it was recorded
    Column("author", String(64), nullable=False),
    Column("body", LargeBinary, nullable=False),  # answers, total, band
    Column("taken_on", Date, nullable=False),  # the London date the client filled it in
    Index("ix_measure_responses_case", "case_id", "taken_on", "taken_at"),
)

closures = Table(
    "closures",
    case_metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("ending", String(24), nullable=False),
    Column("closed_by", String(64), nullable=False),
    Column("closed_at", UTCDateTime, nullable=False),
    Column("body", LargeBinary, nullable=False),  # summary and the computed outcome
)

evaluation_forms_issued = Table(
    "evaluation_forms_issued",
    case_metadata,
    # Only that a form was issued: never its answers, never (after issue) its code.
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("form", String(8), nullable=False),  # first | last
    Column("issued_at", UTCDateTime, nullable=False),
    UniqueConstraint("case_id", "form"),
)

evaluation_pair_codes = Table(
    "evaluation_pair_codes",
    case_metadata,
    # The code shared by a case's two forms, encrypted with the notes key, and deleted (with
    # secure_delete on) once the last form is printed or the case closes.
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("code", LargeBinary, nullable=False),
)

case_parties = Table(
    "case_parties",
    case_metadata,
    # Mediation: two or more parties, each a client with their own contact details and
    # safe-contact preferences.
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("client_id", ForeignKey("clients.id"), nullable=False),
    Column("label", String(64), nullable=False, server_default=""),
    UniqueConstraint("case_id", "client_id"),
)

appointment_parties = Table(
    "appointment_parties",
    case_metadata,
    # Which parties a mediation session is for: all of them (joint) or one (separate).
    Column("appointment_id", ForeignKey("appointments.id", ondelete="CASCADE"), primary_key=True),
    Column("party_id", ForeignKey("case_parties.id", ondelete="CASCADE"), primary_key=True),
)

case_key_wraps = Table(
    "case_key_wraps",
    case_metadata,
    # Each case's own notes key, only ever stored sealed (X25519) to a recipient's public key:
    # the allocated counsellor's slot ("user:<username>") and the clinical-lead group ("leads").
    # See supportline.case_keys.
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("generation", Integer, nullable=False),  # of the case's notes key
    Column("recipient", String(80), nullable=False),
    Column("recipient_generation", Integer, nullable=False, server_default="0"),  # leads' key
    Column("recipient_key", LargeBinary, nullable=False),  # the public key sealed to
    Column("sealed", LargeBinary, nullable=False),
    UniqueConstraint("case_id", "generation", "recipient", "recipient_key"),
    Index("ix_case_key_wraps_recipient", "recipient", "case_id"),
)

# Every encrypted column, so that key rotation can find and re-encrypt all of them.
ENCRYPTED_COLUMNS: tuple[tuple[Table, str], ...] = (
    (session_notes, "body"),
    (assessments, "body"),
    (measure_responses, "body"),
    (closures, "body"),
    (evaluation_pair_codes, "code"),
)
# How each encrypted table reaches its case (its notes are under that case's key).
CASE_OF_ENCRYPTED: dict[str, tuple[str, ...]] = {
    "session_notes": ("appointments", "appointment_id"),
    "assessments": ("case_id",),
    "measure_responses": ("case_id",),
    "closures": ("case_id",),
    "evaluation_pair_codes": ("case_id",),
}
# Columns sealed to the clinical X25519 key pair derived from the notes key (see crypto).
SEALED_CLINICAL_COLUMNS: tuple[tuple[Table, str], ...] = ((risk_alerts, "detail"),)

# Records people edit in forms carry an optimistic version (supportline.versions): every Core
# UPDATE of such a row adds one to it, and a save made from an older reading is refused. Kept to
# plain SQL ("version + 1") so that the same columns work on PostgreSQL.
VERSIONED_TABLES: tuple[Table, ...] = (
    settings,
    organisations,
    venues,
    rooms,
    counsellors,
    clients,
    contacts,
    cases,
    assessments,
)
for _table in VERSIONED_TABLES:
    _table.append_column(
        Column(
            "version",
            Integer,
            nullable=False,
            server_default="1",
            onupdate=literal_column("version") + 1,
        )
    )


# ==================================================================================================
# stats.db: anonymised and coarsened only
# ==================================================================================================

stats_metadata = MetaData(naming_convention=NAMING)

# The statistics audit keeps the day only: a drain or a keyed form stamped to the second could be
# lined up with the case side's audit of who printed or closed what, to say whose records came in.
stats_audit = _audit_table(stats_metadata, day_only=True)
stats_integrity = _integrity_table(stats_metadata)

# The statistical store holds counts, not people (issue 11): each drained record is folded into
# the catalogue cells it contributes to and then discarded. No table has a row per person.
# WITHOUT ROWID: rows are kept in key order, so no hidden rowid tells the order they came in.

stat_counts = Table(
    "stat_counts",
    stats_metadata,
    Column("table_code", String(48), primary_key=True),
    Column("quarter", String(7), primary_key=True),
    Column("row", String(128), primary_key=True),  # a category, or an organisation's name
    Column("column", String(48), primary_key=True),  # a category, or "Total" for a one-way table
    Column("n", Integer, nullable=False),
    # The sum, modulo 2**32, of the secret random keys of the records counted (statistics/cells.py).
    Column("key_sum", Integer, nullable=False),
    sqlite_with_rowid=False,
)

stat_pending_forms = Table(
    "stat_pending_forms",
    stats_metadata,
    # A returned evaluation form waiting for the other form of its pair (issue 17 needs the change
    # from first to last). Its answers are already counted; nothing about the person is kept.
    # Deleted when the other form arrives.
    Column("pair_key", String(64), primary_key=True),
    Column("form", String(8), nullable=False),  # first | last
    Column("quarter", String(7), nullable=False),
    Column("answers", Text, nullable=False),  # JSON {question: 1..5}
    sqlite_with_rowid=False,
)

stat_forms_seen = Table(
    "stat_forms_seen",
    stats_metadata,
    # One opaque hash per form taken (of its pair key and form), so a form sent twice is refused
    # after its pair has been counted and its pending row is gone. Nothing else.
    Column("form_key", String(64), primary_key=True),
    sqlite_with_rowid=False,
)

evaluation_comments = Table(
    "evaluation_comments",
    stats_metadata,
    # Free text, kept apart: no statistics table and no export reads this table.
    Column("id", Integer, primary_key=True),
    Column("quarter", String(7), nullable=False),
    Column("form", String(8), nullable=False),
    Column("text", Text, nullable=False),
)

releases = Table(
    "releases",
    stats_metadata,
    # The release register: what was published, when and by whom. A released period is frozen.
    Column("id", Integer, primary_key=True),
    Column("table_code", String(48), nullable=False),
    Column("period", String(8), nullable=False),
    Column("released_at", UTCDateTime, nullable=False),
    Column("released_by", String(64), nullable=False),
    Column("output_sha256", String(64), nullable=False),
    Column("output", Text, nullable=False),
    UniqueConstraint("table_code", "period"),
)

frozen_quarters = Table(
    "frozen_quarters",
    stats_metadata,
    Column("quarter", String(7), primary_key=True),
)


stat_settings = Table(
    "stat_settings",
    stats_metadata,
    # Settings the statistics side needs without the case key (the disclosure threshold).
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

threshold_history = Table(
    "threshold_history",
    stats_metadata,
    # The disclosure threshold and the quarter it applies from (statistics.thresholds). Who
    # changed it is in the statistics audit; the day suffices here.
    Column("effective_from", String(7), primary_key=True),
    Column("threshold", Integer, nullable=False),
    Column("changed_on", Date),  # none for a threshold set before the history was kept
)
