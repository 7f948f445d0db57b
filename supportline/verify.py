"""``supportline verify``: is this data directory sound?

Checks, for both stores: the file opens with its key; SQLCipher's page HMACs and SQLite's
integrity check pass; the schema is at the version this program expects; the audit chain is
intact; the chain reaches the anchor kept in the key store, the anchor's MAC is genuine and the
anchored entry is the one in the chain. Verifying writes nothing, so it can be run on a copy
under suspicion without disturbing it.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path

from . import audit, case_keys
from .db import engine as dbengine
from .db import migrate, schema
from .errors import AuthenticationFailed, PermissionDenied, StoreUnreadable, UnknownUser
from .keystore import Keystore
from .roles import KeyName, Op, require
from .session import DataDir


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

    @property
    def sound(self) -> bool:
        return not self.findings


def verify(data_dir: Path, username: str, password: str) -> VerifyReport:
    data = DataDir(Path(data_dir))
    keystore = Keystore.load(data.keystore)
    try:
        opened = keystore.open_slot(username, password)
    except (AuthenticationFailed, UnknownUser) as exc:
        raise AuthenticationFailed() from exc
    require(opened.slot.roles, Op.VERIFY)
    report = VerifyReport()
    for store, name, table in (
        ("case", KeyName.CASE, schema.case_audit),
        ("stats", KeyName.STATS, schema.stats_audit),
    ):
        if name not in opened.keys:
            raise PermissionDenied(Op.VERIFY.value)
        path = data.store_path(store)
        key = None
        for generation in sorted(opened.keys[name], reverse=True):
            try:
                dbengine.connect(path, opened.keys[name][generation], store=store).close()
                key = opened.keys[name][generation]
                break
            except StoreUnreadable:
                continue
        if key is None:
            detail = "missing" if not path.exists() else "cannot be opened with its key"
            report.findings.append(Finding(store, "unreadable", detail))
            continue
        problems = dbengine.check_integrity(path, key, store=store)
        if problems:
            report.findings.append(
                Finding(store, "damaged", f"{len(problems)} page(s) fail their check")
            )
            continue
        engine = dbengine.make_engine(path, key, store=store)
        try:
            revision = migrate.current_revision(engine)
            report.schema[store] = revision
            if revision != migrate.head_revision(store):
                report.findings.append(Finding(store, "schema", str(revision)))
            with engine.connect() as conn:
                chain_problems, head = audit.verify_chain(conn, table, store)
                report.heads[store] = head.seq
                for problem in chain_problems:
                    report.findings.append(Finding(store, problem.kind, f"entry {problem.seq}"))
                if store == "case":
                    for case_id, kind in case_keys.key_problems(conn, keystore, opened):
                        report.findings.append(Finding(store, f"notes_key_{kind}", str(case_id)))
                anchor = keystore.anchors.get(store)
                if anchor is None:
                    report.findings.append(Finding(store, "anchor_missing"))
                    continue
                # Mid-rotation the anchor may still be MACed under the other generation.
                genuine = any(
                    hmac.compare_digest(
                        audit.anchor_mac(
                            candidate, keystore.store_id, store, anchor.seq, anchor.head
                        ),
                        anchor.mac,
                    )
                    for candidate in opened.keys[name].values()
                )
                if not genuine:
                    report.findings.append(Finding(store, "anchor_forged"))
                    continue
                for problem in audit.check_against_anchor(
                    conn, table, store, anchor.seq, anchor.head
                ):
                    report.findings.append(
                        Finding(store, problem.kind, f"chain at {head.seq}, anchor at {anchor.seq}")
                    )
        finally:
            engine.dispose()
    return report
