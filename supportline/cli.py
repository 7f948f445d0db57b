"""The ``supportline`` command.

Errors are one clear line on standard error and a non-zero exit, never a traceback. The password
comes from ``SUPPORTLINE_PASSWORD`` when set, otherwise from a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ImportRejected, RecoveryNeeded, SupportLineError
from .messages import describe
from .paths import resolve_data_dir

PASSWORD_ENV = "SUPPORTLINE_PASSWORD"
NEW_PASSWORD_ENV = "SUPPORTLINE_NEW_PASSWORD"
RECOVERY_ENV = "SUPPORTLINE_RECOVERY_SECRET"
DEMO_PASSWORD = "supportline-demo"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A problem with how the command was used or its environment; printed as one line."""


def _err(message: str) -> None:
    print(f"supportline: {message}", file=sys.stderr)


def _password(prompt: str = "Password: ", env: str = PASSWORD_ENV) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"no password: set {env} or run from a terminal")
    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt) as exc:
        raise CliError("no password given") from exc


def _new_password(env_hint: str = NEW_PASSWORD_ENV) -> str:
    value = os.environ.get(NEW_PASSWORD_ENV)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        # Name the variable the user can actually set, not the prompt-only sentinel below.
        raise CliError(f"no password: set {env_hint} or run from a terminal")
    first = _password("New password: ", env="__SUPPORTLINE_NO_ENV__")
    second = _password("New password again: ", env="__SUPPORTLINE_NO_ENV__")
    if first != second:
        raise CliError("the two new passwords differ")
    return first


class _ProgressLine:
    """A one-line progress bar on a terminal; sparse plain lines otherwise (CI logs)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self.last = -1

    def __call__(self, fraction: float, stage: str) -> None:
        percent = int(max(0.0, min(1.0, fraction)) * 100)
        if self.tty:
            bar = "#" * (percent // 4)
            print(f"\r{self.label}: [{bar:<25}] {percent:3d}% {stage:<20}", end="", file=sys.stderr)
            if percent >= 100:
                print(file=sys.stderr)
        elif percent // 10 != self.last // 10 or percent == 100:
            print(f"{self.label}: {percent}% {stage}", file=sys.stderr)
        self.last = percent


def _session(args: argparse.Namespace):  # noqa: ANN202 - Session, imported lazily
    from .session import unlock

    password = _password()
    session = unlock(resolve_data_dir(args.data_dir), args.user, password)
    if session.must_change_password and getattr(args, "users_command", None) != "passwd":
        try:
            _forced_password_change(session, password)
        except BaseException:
            session.close()
            raise
    return session


def _forced_password_change(session, password: str) -> None:  # noqa: ANN001 - Session
    """As the desktop app does: a temporary password opens nothing until a new one is chosen.

    From a terminal the new password is asked for here; otherwise the command is refused (the
    new password is never taken from SUPPORTLINE_NEW_PASSWORD here: for some commands that
    variable means something else, such as a new user's temporary password)."""
    from .errors import PasswordChangeRequired
    from .services.users import change_own_password

    if not sys.stdin or not sys.stdin.isatty():
        raise PasswordChangeRequired()
    print(
        f"'{session.username}' signed in with a temporary password: choose a new one.",
        file=sys.stderr,
    )
    first = _password("New password: ", env="__SUPPORTLINE_NO_ENV__")
    second = _password("New password again: ", env="__SUPPORTLINE_NO_ENV__")
    if first != second:
        raise CliError("the two new passwords differ; nothing was changed")
    change_own_password(session, password, first)
    print(f"Password changed for '{session.username}'.", file=sys.stderr)


# -- commands -----------------------------------------------------------------------------------


def cmd_app(args: argparse.Namespace) -> int:
    try:
        from ui.app import run
    except ImportError as exc:
        raise CliError("the desktop app is not installed (PySide6 missing)") from exc
    return int(run(resolve_data_dir(args.data_dir)))


def cmd_init(args: argparse.Namespace) -> int:
    from .session import init_store

    data_dir = resolve_data_dir(args.data_dir)
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = _new_password(env_hint=PASSWORD_ENV)
    from .keystore import KDF_ENV, TEST_MODE_ENV

    test_mode = os.environ.get(TEST_MODE_ENV) == "1"
    recovery_secret = init_store(
        data_dir, args.admin, password, display_name=args.display_name, test_mode=test_mode
    )
    print(f"Created a new SupportLine store in {data_dir} with administrator '{args.admin}'.")
    if test_mode:
        print(
            f"TEST MODE ({TEST_MODE_ENV}=1): key derivation may be cheap; never keep real data "
            "in this store."
        )
    elif os.environ.get(KDF_ENV):
        print(
            f"{KDF_ENV} is ignored: only a store created in test mode uses a cheaper key "
            "derivation."
        )
    print(
        "Recovery secret (shown only now: write it down and keep it offline, away from this "
        "computer; restoring a backup where the key store has been lost needs it):"
    )
    print(f"    {recovery_secret}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .session import DataDir

    data_dir = resolve_data_dir(args.data_dir)
    password = os.environ.get(PASSWORD_ENV, DEMO_PASSWORD)
    if DataDir(data_dir).exists() and args.open:
        print(f"Demo data already in {data_dir}; opening it.")
    else:
        from .demo import create_demo

        summary = create_demo(
            data_dir,
            password,
            seed=args.seed,
            clients=args.clients,
            years=args.years,
            progress=_ProgressLine("demo"),
        )
        print(
            f"Demo store created in {data_dir}: {summary.clients} clients, {summary.cases} cases, "
            f"{summary.appointments} appointments, {summary.venues} venues, "
            f"{summary.counsellors} counsellors."
        )
        print(
            "Sign in as admin, handler, counsellor or manager with the password "
            + (
                "from SUPPORTLINE_PASSWORD."
                if PASSWORD_ENV in os.environ
                else f"'{DEMO_PASSWORD}'."
            )
        )
        print(f"Recovery secret of the demo store (to try a restore): {summary.recovery_secret}")
    if args.open:
        args.data_dir = str(data_dir)
        return cmd_app(args)
    return EXIT_OK


def cmd_users(args: argparse.Namespace) -> int:
    from .roles import Role
    from .services.users import UserService, change_own_password

    session = _session(args)
    try:
        if args.users_command == "passwd":
            old = (
                _password("Current password: ")
                if PASSWORD_ENV not in os.environ
                else os.environ[PASSWORD_ENV]
            )
            change_own_password(session, old, _new_password())
            print(f"Password changed for '{session.username}'.")
            return EXIT_OK
        users = UserService(session)
        if args.users_command == "list":
            print(f"{'username':<16} {'name':<24} {'roles':<40} status")
            for user in users.list_users():
                roles = ",".join(sorted(role.value for role in user.roles))
                status = "active" if user.active and user.has_slot else "disabled"
                if user.must_change_password and user.has_slot:
                    status += " (must change password)"
                if user.counsellor_name:
                    status += f"; counsellor profile '{user.counsellor_name}'"
                print(f"{user.username:<16} {user.display_name:<24} {roles:<40} {status}")
        elif args.users_command == "add":
            new_roles = [Role(r) for r in args.role]
            temporary = os.environ.get(NEW_PASSWORD_ENV)
            from .session import generate_password

            password = temporary or generate_password()
            users.add_user(
                args.username,
                args.display_name or args.username,
                new_roles,
                password,
                is_clinical_lead=args.clinical_lead,
                must_change_password=True,
            )
            print(f"Added '{args.username}' ({', '.join(r.value for r in new_roles)}).")
            if not temporary:
                print(
                    "Temporary password (give it to them privately; they must change it): "
                    f"{password}"
                )
        elif args.users_command == "roles":
            users.set_roles(args.username, [Role(r) for r in args.role], args.clinical_lead)
            print(f"Roles of '{args.username}' set.")
        elif args.users_command == "reset":
            password = users.reset_password(args.username, os.environ.get(NEW_PASSWORD_ENV))
            print(f"New temporary password for '{args.username}': {password}")
        elif args.users_command == "link":
            _link_counsellor(session, args)
        elif args.users_command == "unlink":
            from .services.counsellor_links import CounsellorLinkService

            unlinked = CounsellorLinkService(session).unlink_counsellor_of(args.username)
            if unlinked is None:
                print(f"'{args.username}' was not linked to a counsellor profile.")
            else:
                print(f"Unlinked '{args.username}' from '{unlinked.display_name}'.")
        elif args.users_command == "disable":
            users.disable_user(args.username, progress=_ProgressLine("rotating keys"))
            print(f"Disabled '{args.username}'; every key they held has been replaced.")
        return EXIT_OK
    finally:
        session.close()


def _link_counsellor(session, args: argparse.Namespace) -> None:  # noqa: ANN001 - Session
    from .services.counsellor_links import CounsellorLinkService

    links = CounsellorLinkService(session)
    if args.counsellor_id is not None:
        counsellor_id = args.counsellor_id
    else:
        counsellor_id = links.find_profile(args.counsellor).id
    profile = links.link_counsellor(args.username, counsellor_id)
    print(
        f"Linked '{args.username}' to the counsellor profile '{profile.display_name}': they now "
        "see its caseload and diary."
    )


def cmd_import(args: argparse.Namespace) -> int:
    from . import importer

    session = _session(args)
    try:
        action: Callable[..., object] = {
            "venues": importer.import_venues,
            "organisations": importer.import_organisations,
            "clients": importer.import_clients,
        }[args.kind]
        try:
            summary = action(session, Path(args.file))
        except ImportRejected as exc:
            _err(describe(exc))
            for problem in exc.problems:
                reason = problem.reason.replace("_", " ")
                if problem.suggestions:
                    reason += "; registered names like it:"
                print(f"  line {problem.line}: {problem.field}: {reason}", file=sys.stderr)
                for name in problem.suggestions:
                    print(f"      {name}", file=sys.stderr)
            return EXIT_FAILED
        print(f"Imported {args.kind}: {summary.created} created, {summary.updated} updated.")  # type: ignore[attr-defined]
        return EXIT_OK
    finally:
        session.close()


def cmd_backup(args: argparse.Namespace) -> int:
    from .backup import create_backup

    session = _session(args)
    try:
        info = create_backup(session, Path(args.out), progress=_ProgressLine("backup"))
    finally:
        session.close()
    print(
        f"Backup written to {info.path} ({info.size:,} bytes); audit anchors "
        f"case {info.anchors.get('case')}, stats {info.anchors.get('stats')}."
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from .backup import check_backup, discard, record_restore, restore
    from .session import unlock

    data_dir = resolve_data_dir(args.data_dir)
    password = _password()
    try:
        plan = check_backup(
            data_dir, Path(args.file), args.user, password, _ProgressLine("checking")
        )
    except RecoveryNeeded:
        # No usable key store here: disaster recovery, with the secret printed at init.
        if RECOVERY_ENV not in os.environ and not (sys.stdin and sys.stdin.isatty()):
            raise
        secret = _password("Recovery secret: ", env=RECOVERY_ENV)
        plan = check_backup(
            data_dir,
            Path(args.file),
            args.user,
            password,
            _ProgressLine("checking"),
            recovery_secret=secret,
        )
    interactive = bool(sys.stdin) and sys.stdin.isatty() and not args.yes
    if plan.older_than_current and not args.allow_older and interactive:
        print(
            f"Warning: this backup ({plan.created_at}) is OLDER than the current data "
            f"(audit case {plan.anchors.get('case')} < {plan.current_anchors.get('case')}). "
            "Changes since then will be lost.",
            file=sys.stderr,
        )
        answer = input("Restore it anyway? Type 'yes' to continue: ").strip().lower()
        if answer != "yes":
            discard(plan)
            _err("restore cancelled; nothing was changed")
            return EXIT_FAILED
        args.allow_older = True
    kept = restore(plan, data_dir, allow_older=args.allow_older)
    session = unlock(data_dir, args.user, password)
    try:
        record_restore(session, plan)
    finally:
        session.close()
    print(f"Restored the backup of {plan.created_at} into {data_dir}.")
    if kept:
        print(f"The files it replaced are kept in {kept}.")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from .verify import verify

    report = verify(resolve_data_dir(args.data_dir), args.user, _password())
    if report.sound:
        print(
            f"OK: both stores open and pass their integrity checks; schema current; every row "
            f"matches its digest; audit chains intact and at their anchors "
            f"(case {report.heads.get('case')}, stats {report.heads.get('stats')} entries)."
        )
        if report.test_mode:
            print(
                "Note: this store was created in test mode (cheap key derivation): never keep "
                "real data in it."
            )
        return EXIT_OK
    for finding in report.findings:
        where = "keystore.json" if finding.store == "keystore" else f"{finding.store}.db"
        print(
            f"FAILED: {where}: {_finding_text(finding.kind)}"
            + (f" ({finding.detail})" if finding.detail else "")
        )
    return EXIT_FAILED


def cmd_stats(args: argparse.Namespace) -> int:
    from .statistics.catalogue import CATALOGUE, StatisticsService, parse_period

    if args.stats_command == "tables":
        width = max(len(code) for code in CATALOGUE)
        for code, definition in CATALOGUE.items():
            kind = "one-way" if definition.col_field is None else "two-way"
            print(f"{code:<{width}}  {kind:<7}  {definition.title}")
        print(
            "Periods: a calendar quarter such as 2026Q3, or a financial year such as FY2026 "
            "(April 2026 to March 2027)."
        )
        return EXIT_OK
    session = _session(args)
    try:
        if args.stats_command == "drain":
            from .outbox import drain

            result = drain(session)
            print(
                f"Moved {result.taken} record(s) into the statistics store; "
                f"{result.refused} duplicate form(s) refused; {result.rejected} left to inspect."
            )
            return EXIT_OK
        if args.stats_command == "report":
            return _stats_report(session, args)
        service = StatisticsService(session)
        if args.table not in CATALOGUE:
            raise CliError(f"no table '{args.table}': see 'supportline stats tables'")
        parse_period(args.period)
        if args.stats_command == "export":
            from .paths import atomic_write

            text = service.export_csv(args.table, args.period)
            atomic_write(Path(args.out), text.encode("utf-8"))
            print(f"Wrote {args.table} for {args.period.upper()} to {args.out}.")
        elif args.stats_command == "release":
            release = service.release(args.table, args.period)
            print(
                f"Released {release.table_code} for {release.period} "
                f"(sha256 {release.output_sha256[:16]}); its quarters are now frozen."
            )
        return EXIT_OK
    finally:
        session.close()


def _stats_report(session, args: argparse.Namespace) -> int:  # noqa: ANN001 - Session
    from .paths import atomic_write
    from .statistics.catalogue import parse_period
    from .statistics.reports import ReportService

    reports = ReportService(session)
    period = parse_period(args.period).code
    reports.require_ended(period)  # before naming organisations: only ended periods leave
    if args.organisation is None:
        pdf = reports.quarterly(period)
        what = "the quarterly report"
    else:
        if args.organisation not in reports.organisations(period):
            # One answer for a name that is not there and for an organisation too small to
            # show on its own: the command must not reveal that the latter used the service.
            raise CliError(
                f"no usage report for an organisation called '{args.organisation}' in {period}: "
                "the name must match exactly, and only organisations with figures shown on "
                "their own have one"
            )
        pdf = reports.usage(args.organisation, period)
        what = "the usage report"
    atomic_write(Path(args.out), pdf)
    print(f"Wrote {what} for {period} to {args.out}.")
    return EXIT_OK


def cmd_subject_access(args: argparse.Namespace) -> int:
    from .paths import atomic_write
    from .services.subject_access import SubjectAccessService

    session = _session(args)
    try:
        service = SubjectAccessService(session)
        pdf = service.printout(service.find(args.reference))
    finally:
        session.close()
    atomic_write(Path(args.out), pdf)
    print(f"Wrote the subject access printout for {args.reference.strip().upper()} to {args.out}.")
    return EXIT_OK


_FINDINGS = {
    "unreadable": "cannot be opened: damaged, truncated or replaced",
    "damaged": "is damaged: pages fail their authentication check",
    "schema": "has an unexpected schema version",
    "edited": "audit entry edited",
    "missing": "audit entry deleted",
    "reordered": "audit entries reordered",
    "truncated": "audit log is behind its anchor: truncated, or the store was replaced by an "
    "older copy",
    "rolled_back": "audit log does not match its anchor: the store was replaced or rewritten",
    "anchor_forged": "the audit anchor in keystore.json has been altered (not signed by a "
    "certified user)",
    "anchor_missing": "no audit anchor in keystore.json: it was deleted, typically to put back an "
    "older store unnoticed",
    "anchor_mismatch": "the store's integrity digest is not the one anchored in keystore.json: "
    "it was edited outside SupportLine, or part of it (or all of it, or keystore.json) was "
    "replaced by an older copy",
    "integrity_rows_differ": "rows do not match their integrity digest: a page was replaced by an "
    "older copy, or rows were edited outside the app",
    "integrity_uncovered": "a table is not covered by the integrity digests",
    "integrity_triggers": "the triggers that keep a table's integrity digest were removed or "
    "altered",
    "integrity_unknown_table": "the integrity digests name a table the store does not have",
    "unsigned": "audit entry carries no signature: written or rewritten outside SupportLine",
    "forged_signature": "audit entry not signed by its author's certified key: written, "
    "rewritten or re-chained by someone else",
    "misattributed": "audit entry signed by someone other than the user it names",
    "notes_key_conflict": "a case's notes key copies disagree (key rows written into case.db)",
    "notes_key_unopenable": "a case's notes key rows open for no clinical lead (planted, or the "
    "key lost)",
    "notes_key_lost": "a case's clinical text has no notes key rows left",
    "slot_refused": "a key slot's key derivation parameters do not suit this store (a cheap or "
    "foreign slot): it is refused at sign-in",
    "failed_sign_ins_ignored": "failed sign-ins with a malformed username or time were ignored "
    "(the file has been edited)",
}


def _finding_text(kind: str) -> str:
    return _FINDINGS.get(kind, kind)


# -- parser -------------------------------------------------------------------------------------


DATA_DIR_HELP = (
    "data directory (default: the platform's user data directory, or SUPPORTLINE_DATA_DIR)"
)
USER_HELP = "your username (password from SUPPORTLINE_PASSWORD, otherwise prompted)"


class _CommandParser(argparse.ArgumentParser):
    """A (sub-)command parser on which ``--data-dir`` and ``--user`` may appear.

    Both options exist on every level with ``SUPPRESS`` defaults, so a value given before a
    sub-command survives the sub-command's parse (argparse copies a subparser's defaults over the
    parent's values). Whether ``--user`` is required or refused is decided once parsing is done,
    from the command that was chosen: ``_add_user`` marks the commands that open a session.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_session = False
        self.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
        self.add_argument("--user", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        # The deepest parser that ran wins, so this names the command chosen.
        self.set_defaults(_command_parser=self)

    def offer_user(self) -> None:
        """Show ``--user`` in this parser's help (a group whose commands take it)."""
        self._option_string_actions["--user"].help = USER_HELP


class _RootParser(_CommandParser):
    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        command = vars(parsed).pop("_command_parser", self)
        if command.needs_session and parsed.user is None:
            command.error("the following arguments are required: --user")
        if not command.needs_session and parsed.user is not None:
            command.error("--user is not used here: this command opens no store")
        return parsed, extras


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    """Every command parser already takes ``--data-dir``; kept so commands can say they use it."""
    if "--data-dir" not in parser._option_string_actions:  # noqa: SLF001 - a plain parser
        parser.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)


def _add_user(parser: argparse.ArgumentParser) -> None:
    """Mark a command as opening a session: ``--user`` becomes required (in any position)."""
    _add_data_dir(parser)
    if not isinstance(parser, _CommandParser):
        raise TypeError("commands are built by build_parser's sub-parsers")
    parser.needs_session = True
    parser._option_string_actions["--user"].help = "required: " + USER_HELP  # noqa: SLF001


IMPORT_HELP = """CSV files are UTF-8 with a header row. Every row is checked first; if any row
is bad, nothing is imported and each bad row is listed with its line number and the reason.

  clients:        first_name,last_name,date_of_birth,phone,email,home_postcode,
                  work_postcode,organisation,job_role
                  (optional: preferred_name,gender,phone_alt,address). Dates DD/MM/YYYY
                  or YYYY-MM-DD; UK phone numbers and postcodes; organisation by name; at
                  least one of phone or email.
  venues:         code,name,address,town,postcode,district,lat,lon,rooms,step_free,
                  hearing_loop,parking,hours  (rooms separated by '|'; yes/no flags; hours
                  like 'Mon 09:00-17:00;Tue 09:00-20:00'). An existing code is updated.
  organisations:  name,group,phase,directorate  (group kcc|school|other; optional
                  services 'counselling|coaching|mediation', agreement_from, agreement_to,
                  purchased_sessions)
"""


def build_parser() -> argparse.ArgumentParser:
    parser = _RootParser(
        prog="supportline",
        description="SupportLine: confidential case management for the Support Line counselling "
        "service. With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"supportline {__version__}")
    parser.set_defaults(data_dir=None, user=None)
    parser.offer_user()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)

    p = sub.add_parser("app", help="open the desktop app (the default)")
    _add_data_dir(p)
    p.set_defaults(func=cmd_app)

    p = sub.add_parser("init", help="create a new, empty data directory with one administrator")
    _add_data_dir(p)
    p.add_argument("--admin", required=True, help="the administrator's username")
    p.add_argument("--display-name", help="the administrator's full name")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="create a data directory filled with synthetic demo data")
    _add_data_dir(p)
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--clients", type=int, default=10_000, help="number of clients (default 10000)")
    p.add_argument("--years", type=int, default=2, help="years of history (default 2)")
    p.add_argument(
        "--open",
        action="store_true",
        help="open the desktop app on it afterwards (reuses an existing demo store)",
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("users", help="list, add, disable users; link counsellors; change passwords")
    p.offer_user()
    users = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    q = users.add_parser("list", help="list users")
    _add_user(q)
    q = users.add_parser("add", help="add a user (prints a temporary password)")
    _add_user(q)
    q.add_argument("username")
    q.add_argument(
        "--role",
        action="append",
        required=True,
        choices=["call_handler", "counsellor", "service_manager", "administrator"],
    )
    q.add_argument("--display-name")
    q.add_argument(
        "--clinical-lead",
        action="store_true",
        help="grant the clinical-lead key (counsellors only): opens every case's notes",
    )
    q = users.add_parser("roles", help="set a user's roles")
    _add_user(q)
    q.add_argument("username")
    q.add_argument(
        "--role",
        action="append",
        required=True,
        choices=["call_handler", "counsellor", "service_manager", "administrator"],
    )
    q.add_argument(
        "--clinical-lead",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="grant (or with --no-clinical-lead withdraw, which rotates the clinical-lead key) "
        "the clinical-lead key; left as it is when not given",
    )
    q = users.add_parser("reset", help="reset a user's password (prints a temporary one)")
    _add_user(q)
    q.add_argument("username")
    q = users.add_parser("disable", help="disable a user and rotate every key they held")
    _add_user(q)
    q.add_argument("username")
    q = users.add_parser(
        "link",
        help="link a counsellor's sign-in to their counsellor profile (caseload and diary)",
    )
    _add_user(q)
    q.add_argument("username")
    which = q.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--counsellor", metavar="PROFILE", help="the profile's name as the Counsellors page shows"
    )
    which.add_argument(
        "--counsellor-id", type=int, metavar="ID", help="the profile's id, when names are shared"
    )
    q = users.add_parser("unlink", help="unlink a sign-in from its counsellor profile")
    _add_user(q)
    q.add_argument("username")
    q = users.add_parser(
        "passwd",
        help="change your own password (new one from SUPPORTLINE_NEW_PASSWORD or prompted)",
    )
    _add_user(q)
    p.set_defaults(func=cmd_users)

    p = sub.add_parser(
        "import",
        help="import venues, organisations or clients from CSV",
        description=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("kind", choices=["venues", "organisations", "clients"])
    p.add_argument("file")
    _add_user(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("backup", help="write one encrypted backup file")
    _add_user(p)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="check a backup completely, then restore it")
    p.add_argument("file")
    _add_user(p)
    p.add_argument(
        "--allow-older",
        action="store_true",
        help="restore even if the backup is older than the current data",
    )
    p.add_argument("--yes", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("stats", help="anonymous statistics: the table catalogue, export, release")
    p.offer_user()
    stats = p.add_subparsers(dest="stats_command", metavar="ACTION", required=True)
    stats.add_parser("tables", help="list the catalogue of tables")
    q = stats.add_parser(
        "drain",
        help="move sealed records into the statistics store now (the desktop app does it itself "
        "while a user holding both stores' keys is signed in)",
    )
    _add_user(q)
    for name, text in (
        ("export", "write one table as tidy CSV"),
        ("release", "publish one table for one period that has ended, and freeze it"),
    ):
        q = stats.add_parser(
            name,
            help=text,
            description="CSV columns: table,period,row,column,value; 'Total' for margins, '*' "
            "for a suppressed value, column 'Total' for one-way tables. Counts are suppressed "
            "below the disclosure threshold in force for the period (an administrator's "
            "setting, applying from the quarter in which it was changed).",
        )
        _add_user(q)
        q.add_argument("--table", required=True)
        q.add_argument("--period", required=True, help="2026Q3 or FY2026")
        if name == "export":
            q.add_argument("--out", required=True)
    q = stats.add_parser(
        "report",
        help="write the quarterly statistics report, or one organisation's usage report, as PDF",
    )
    _add_user(q)
    q.add_argument("--period", required=True, help="2026Q3 or FY2026")
    q.add_argument("--out", required=True, help="the PDF file to write")
    q.add_argument(
        "--organisation",
        help="a client organisation's exact name: its usage report instead of the quarterly one",
    )
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "subject-access",
        help="write everything held about one client as a PDF (administrators, clinical leads)",
        description="The subject access printout of one client: every item the service holds "
        "about them, and nothing about anyone else. Each one is recorded in the audit log.",
    )
    p.add_argument("reference", metavar="REF", help="the client's reference, such as SL-000123")
    _add_user(p)
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.set_defaults(func=cmd_subject_access)

    p = sub.add_parser(
        "verify",
        help="check both stores (read-only): pages, every row against its digest, audit chains "
        "and anchors",
    )
    _add_user(p)
    p.set_defaults(func=cmd_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        args.func = cmd_app
    try:
        return int(args.func(args))
    except SupportLineError as exc:
        _err(describe(exc))
        return EXIT_FAILED
    except CliError as exc:
        _err(str(exc))
        return EXIT_FAILED
    except ValueError as exc:
        # Typed validation errors from the core (settings, reference data) are ValueErrors.
        _err(f"invalid input: {type(exc).__name__}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except OSError as exc:
        _err(f"{exc.strerror or 'file error'}: {exc.filename or ''}".rstrip(": "))
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a user
        if os.environ.get("SUPPORTLINE_DEBUG"):
            raise
        _err(f"unexpected internal error ({type(exc).__name__}); nothing further was changed")
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
