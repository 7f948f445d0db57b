"""``supportline verify``: is this data directory sound?

Checks, for both stores: the file opens with its key; SQLCipher's page HMACs and SQLite's
integrity check pass; the schema is at the version this program expects; the audit chain is
intact and every entry is signed by the certified signing key of its author (past users' keys
are kept certified); every table's rows recomputed match its digest in the integrity table and
every table and column is covered by its triggers; the store's digest and audit head are the ones
its anchor in the key store vouches for, and the anchor is signed by a certified user. The
certificates are checked against the store authority pinned in the verifying administrator's own
slot.

Verifying writes nothing to the stores it checks: each store (with its ``-wal`` and ``-shm``)
is copied into a private temporary directory and the copy is opened, so a WAL that SQLite would
checkpoint and delete on closing stays as it was, as evidence. The sign-in is the one every entry
point uses (``signin.sign_in``): a wrong password is counted in ``keystore.json`` and the
sign-in lock file is created, so that verify is no free way to guess passwords.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import audit, case_keys, integrity, signin
from .db import engine as dbengine
from .db import migrate
from .errors import (
    KeystoreForged,
    PasswordChangeRequired,
    PermissionDenied,
    StoreUnreadable,
)
from .keystore import Keystore, OpenedSlot
from .roles import KeyName, Op, require
from .session import DataDir, anchor_problem, audit_table


@dataclass(frozen=True)
class Finding:
    store: str
    kind: str  # unreadable | damaged | schema | edited | missing | reordered | truncated | ...
    detail: str = ""


@dataclass
class VerifyReport:
    findings: list[Finding] = field(default_factory=list)
    heads: dict[str, int] = field(default_factory=dict)
    schema: dict[str, str | None] = field(default_factory=dict)
    test_mode: bool = False

    @property
    def sound(self) -> bool:
        return not self.findings


def keystore_findings(keystore: Keystore) -> list[Finding]:
    """What is wrong in keystore.json short of it being damaged: slots refused before their key
    is derived, failed sign-ins whose name or time is not well formed (ignored when counting)."""
    findings = [
        Finding("keystore", "slot_refused", name)
        for name, slot in sorted(keystore.slots.items())
        if not keystore.slot_is_usable(slot)
    ]
    if keystore.ignored_failures:
        findings.append(
            Finding("keystore", "failed_sign_ins_ignored", str(keystore.ignored_failures))
        )
    return findings


@contextlib.contextmanager
def _private_copy(path: Path) -> Iterator[Path]:
    """The store file with its -wal and -shm, copied into a private temporary directory."""
    directory = Path(tempfile.mkdtemp(prefix="supportline-verify-"))
    try:
        target = directory / path.name
        for suffix in ("", "-wal", "-shm"):
            source = path.with_name(path.name + suffix)
            if source.exists():
                # Still encrypted under the store key: no plaintext leaves the store.
                shutil.copyfile(source, directory / source.name)
        yield target
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def verify(data_dir: Path, username: str, password: str) -> VerifyReport:
    data = DataDir(Path(data_dir))
    # The same sign-in as every entry point: its delay, its lock, its record of failures.
    signed_in = signin.sign_in(data.path, username, password)
    keystore, opened = signed_in.keystore, signed_in.opened
    require(opened.slot.roles, Op.VERIFY)
    if opened.slot.must_change_password:
        raise PasswordChangeRequired()  # as every other entry point: a new password first
    report = VerifyReport(test_mode=keystore.test_mode)
    report.findings.extend(keystore_findings(keystore))
    cache: dict[str, list[bytes]] = {}

    def signing_keys(username: str) -> list[bytes]:
        if username not in cache:
            try:
                cache[username] = keystore.certified_signing_keys(username, opened.authority)
            except KeystoreForged:
                cache[username] = []
        return cache[username]

    for store, name in (("case", KeyName.CASE), ("stats", KeyName.STATS)):
        if name not in opened.keys:
            raise PermissionDenied(Op.VERIFY.value)
        path = data.store_path(store)
        if not path.exists():
            report.findings.append(Finding(store, "unreadable", "missing"))
            continue
        with _private_copy(path) as copy:
            _verify_store(
                report,
                keystore,
                store,
                copy,
                list(opened.keys[name].values()),
                signing_keys,
                opened,
            )
    return report


def _verify_store(
    report: VerifyReport,
    keystore: Keystore,
    store: str,
    path: Path,
    keys: list[bytes],
    signing_keys: audit.SigningKeys,
    opened: OpenedSlot,
) -> None:
    key = None
    for candidate in reversed(keys):
        try:
            dbengine.connect(path, candidate, store=store).close()
            key = candidate
            break
        except StoreUnreadable:
            continue
    if key is None:
        report.findings.append(Finding(store, "unreadable", "cannot be opened with its key"))
        return
    problems = dbengine.check_integrity(path, key, store=store)
    if problems:
        report.findings.append(
            Finding(store, "damaged", f"{len(problems)} page(s) fail their check")
        )
        return
    table = audit_table(store)
    engine = dbengine.make_engine(path, key, store=store)
    try:
        revision = migrate.current_revision(engine)
        report.schema[store] = revision
        if revision != migrate.head_revision(store):
            report.findings.append(Finding(store, "schema", str(revision)))
        with engine.connect() as conn:
            chain_problems, head = audit.verify_chain(
                conn, table, store, (keystore.store_id, signing_keys)
            )
            report.heads[store] = head.seq
            for problem in chain_problems:
                report.findings.append(Finding(store, problem.kind, f"entry {problem.seq}"))
            if store == "case":
                for case_id, notes_problem in case_keys.key_problems(conn, keystore, opened):
                    report.findings.append(
                        Finding(store, f"notes_key_{notes_problem}", str(case_id))
                    )
            raw = dbengine.driver(conn.connection)
            tracker = integrity.tracker(raw)
            assert tracker is not None
            if integrity.has_table(raw):
                for mismatch in integrity.check(raw, tracker):
                    report.findings.append(
                        Finding(store, f"integrity_{mismatch.kind}", f"table {mismatch.table}")
                    )
            elif revision == migrate.head_revision(store):
                report.findings.append(Finding(store, "integrity_uncovered", "no digests"))
            anchor = keystore.anchors.get(store)
            kind = anchor_problem(conn, anchor, signing_keys, keystore.store_id, store)
            if kind is None or anchor is None or kind in ("anchor_missing", "anchor_forged"):
                if kind is not None:
                    report.findings.append(Finding(store, kind))
                return
            detail = f"chain at {head.seq}, anchor at {anchor.seq}"
            if kind == "integrity":
                report.findings.append(Finding(store, "anchor_mismatch", detail))
            behind = [
                audit.check_against_anchor(conn, table, store, state.seq, state.head)
                for state in anchor.states()
            ]
            if all(behind):
                for problem in behind[0]:
                    report.findings.append(Finding(store, problem.kind, detail))
    finally:
        engine.dispose()
