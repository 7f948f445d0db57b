"""Test configuration shared by every suite.

Set before anything creates a QApplication or derives a key: Qt renders offscreen, and stores
are created in test mode, whose key derivation may use cheap Argon2id parameters (the production
cost is exercised in the benchmarks and in the security tests that ask for it explicitly).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SUPPORTLINE_KDF"] = "8192,1,1"
# ...which only a store created in test mode honours (a production store ignores it).
os.environ["SUPPORTLINE_TEST_MODE"] = "1"
os.environ.pop("SUPPORTLINE_PASSWORD", None)
os.environ.pop("SUPPORTLINE_DATA_DIR", None)

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ADMIN_PASSWORD = "admin password 1"
PASSWORDS = {
    "admin": ADMIN_PASSWORD,
    "handler": "handler password 1",
    "counsellor": "counsellor password 1",
    "manager": "manager password 1",
}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An initialised data directory with one administrator, ``admin``."""
    from supportline.session import init_store

    path = tmp_path / "data"
    init_store(path, "admin", ADMIN_PASSWORD, display_name="Ada Admin")
    return path


@pytest.fixture
def staffed_dir(data_dir: Path) -> Path:
    """``data_dir`` plus one user per role: handler, counsellor, manager."""
    from supportline.roles import Role
    from supportline.services.users import UserService
    from supportline.session import unlock

    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    try:
        users = UserService(session)
        users.add_user(
            "handler",
            "Hal Handler",
            [Role.CALL_HANDLER],
            PASSWORDS["handler"],
            must_change_password=False,
        )
        users.add_user(
            "counsellor",
            "Cora Counsellor",
            [Role.COUNSELLOR],
            PASSWORDS["counsellor"],
            must_change_password=False,
        )
        users.add_user(
            "manager",
            "Max Manager",
            [Role.SERVICE_MANAGER],
            PASSWORDS["manager"],
            must_change_password=False,
        )
    finally:
        session.close()
    return data_dir


@pytest.fixture
def admin_session(data_dir: Path) -> Iterator[object]:
    from supportline.session import unlock

    session = unlock(data_dir, "admin", ADMIN_PASSWORD)
    yield session
    session.close()


def anchor_store_as_it_is(
    data_dir: Path,
    store: str,
    username: str,
    signing_private: bytes,
    store_key: bytes,
    with_digest: bool = True,
) -> None:
    """Move ``store``'s anchor in keystore.json to the store as it is now (its audit head and,
    with ``with_digest``, its integrity digest), signed with ``username``'s signing key."""
    from supportline import audit, integrity
    from supportline.audit import AnchorState, EntrySigner
    from supportline.db import engine as dbengine
    from supportline.keystore import Anchor, Keystore
    from supportline.session import audit_table

    keystore = Keystore.load(data_dir / "keystore.json")
    engine = dbengine.make_engine(data_dir / f"{store}.db", store_key, store=store)
    try:
        with engine.connect() as conn:
            head = audit.head(conn, audit_table(store))
            raw = dbengine.driver(conn.connection)
            digest = integrity.current_digest(raw) if with_digest else None
    finally:
        engine.dispose()
    signer = EntrySigner(username, signing_private, keystore.store_id)
    keystore.anchors[store] = Anchor.make(signer, store, AnchorState(head.seq, head.hash, digest))
    keystore.save()


def anchor_as_an_older_app(data_dir: Path, store: str, username: str, password: str) -> None:
    """After a test downgrades a store with alembic, anchor it as the app of that revision would
    have: at its audit head, with no integrity digest (the digests came with case_0008 and
    stats_0003), signed by ``username``. Without this the downgraded store no longer matches the
    digest its anchor vouches for and every sign-in rightly refuses it."""
    from supportline.keystore import Keystore
    from supportline.roles import KeyName

    opened = Keystore.load(data_dir / "keystore.json").open_slot(username, password)
    name = KeyName.CASE if store == "case" else KeyName.STATS
    anchor_store_as_it_is(
        data_dir, store, username, opened.signing_private, opened.key(name), with_digest=False
    )
