"""keystore.json edited by someone without any key: whatever they write, every entry point answers
with one "key store damaged" line (or works, or refuses the sign-in), never another exception.

The mutations are seeded (deterministic): deletions, type swaps, huge numbers, deep nesting,
unicode oddities, duplicate keys, truncation and byte flips, applied all over the document.
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportline import cli
from supportline.errors import KeystoreCorrupt, SupportLineError
from supportline.keystore import Keystore
from supportline.roles import Role
from supportline.session import unlock
from supportline.verify import verify
from tests.conftest import ADMIN_PASSWORD, PASSWORDS

SEED = 20261202
MUTATIONS = 320
JsonPath = tuple[Any, ...]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from supportline.services.users import UserService
    from supportline.session import init_store

    path = tmp_path_factory.mktemp("fuzz") / "data"
    init_store(path, "admin", ADMIN_PASSWORD)
    admin = unlock(path, "admin", ADMIN_PASSWORD)
    try:
        UserService(admin).add_user(
            "handler", "H", [Role.CALL_HANDLER], PASSWORDS["handler"], must_change_password=False
        )
    finally:
        admin.close()
    # A failed sign-in and a rotation-free anchor set, so every section of the file exists.
    doc = json.loads((path / "keystore.json").read_text())
    doc["failed_sign_ins"] = [{"username": "handler", "at": "2026-12-01T10:00:00+00:00"}]
    (path / "keystore.json").write_text(json.dumps(doc))
    return path


# -- the mutations ------------------------------------------------------------------------------


def _paths(node: Any, prefix: JsonPath = ()) -> Iterator[JsonPath]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _set(doc: Any, path: JsonPath, value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return doc


def _delete(doc: Any, path: JsonPath) -> Any:
    if not path:
        return {}
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    return doc


DEEP = "@@DEEP@@"
ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2,
    7,  # in range, but a generation nobody holds
    1.5,
    10**30,
    -(2**63),
    2**64,
    1e308,
    "",
    "x",
    "admin",
    "case",
    "counsellor",  # well-formed values in the wrong place
    "\ud800",  # a lone surrogate: valid JSON escape, not encodable
    "\u202eevil",
    "a\x00b",
    "e\u0301",
    "🔐" * 50,
    "A" * 200_000,
    [],
    [1, 2, 3],
    {},
    {"a": {"b": {"c": []}}},
    DEEP,
]


def _text(doc: Any) -> str:
    text = json.dumps(doc)
    return text.replace(json.dumps(DEEP), "[" * 60_000 + "]" * 60_000)


def _mutate(template_text: str, rng: random.Random) -> bytes:
    doc = json.loads(template_text)
    kind = rng.choice(
        ["delete", "swap", "swap", "swap", "deep", "duplicate", "truncate", "flip", "text"]
    )
    paths = list(_paths(doc))
    if kind == "delete":
        path = rng.choice(paths[1:])
        return _text(_delete(doc, path)).encode()
    if kind == "swap":
        path = rng.choice(paths)
        return _text(_set(doc, path, rng.choice(ODD_VALUES))).encode()
    if kind == "deep":
        return _text(_set(doc, rng.choice(paths), DEEP)).encode()
    if kind == "duplicate":
        text = json.dumps(doc)
        return (
            text.replace('"format": 1', '"format": 1, "format": 1', 1)
            .replace('"username": "admin"', '"username": "admin", "username": "handler"', 1)
            .encode()
        )
    raw = json.dumps(doc).encode()
    if kind == "truncate":
        return raw[: rng.randrange(0, len(raw))]
    if kind == "flip":
        data = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    return rng.choice(
        [b"", b"null", b"[]", b"42", b'"text"', b"\xff\xfe{}", b"NaN", b'{"format": Infinity}']
    )


# -- the entry points ---------------------------------------------------------------------------


def _load_outcome(path: Path) -> str:
    try:
        Keystore.load(path)
    except KeystoreCorrupt:
        return "damaged"
    return "loaded"


def _fuzzed(template: Path) -> list[bytes]:
    text = (template / "keystore.json").read_text()
    rng = random.Random(SEED)
    return [_mutate(text, rng) for _ in range(MUTATIONS)]


def test_every_mutation_loads_or_is_reported_damaged(template: Path, tmp_path: Path) -> None:
    target = tmp_path / "keystore.json"
    outcomes: dict[str, int] = {}
    for raw in _fuzzed(template):
        target.write_bytes(raw)
        outcome = _load_outcome(target)  # any other exception fails the test here
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    # The fuzzer really reaches both sides (it is not all rejected at the first byte).
    assert outcomes.get("damaged", 0) > MUTATIONS // 3
    assert outcomes.get("loaded", 0) > 10


def _fresh(template: Path, tmp_path: Path, raw: bytes, index: int) -> Path:
    path = tmp_path / f"d{index}"
    shutil.copytree(template, path)
    (path / "keystore.json").write_bytes(raw)
    return path


def _signed_in_outcome(action: Callable[[], object]) -> str:
    try:
        action()
    except KeystoreCorrupt:
        return "damaged"
    except SupportLineError as exc:  # sign-in refused, tampering found: typed and described
        return exc.code
    return "ok"


def test_sign_in_and_verify_raise_only_typed_errors(template: Path, tmp_path: Path) -> None:
    seen: set[str] = set()
    for index, raw in enumerate(_fuzzed(template)[:120]):
        path = _fresh(template, tmp_path, raw, index)

        def sign_in(path: Path = path) -> None:
            unlock(path, "admin", ADMIN_PASSWORD, sleep=lambda s: None).close()

        seen.add(_signed_in_outcome(sign_in))
        seen.add(_signed_in_outcome(lambda path=path: verify(path, "handler", "wrong password")))
        shutil.rmtree(path)
    # Both sides reached: refused as damaged, and past the schema into the sign-in itself.
    assert "damaged" in seen and len(seen) >= 2, seen


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv(cli.PASSWORD_ENV, ADMIN_PASSWORD)
    monkeypatch.delenv("SUPPORTLINE_DEBUG", raising=False)
    return monkeypatch


@pytest.mark.parametrize("command", [["verify"], ["users", "list"]])
def test_every_command_says_damaged_in_one_line(
    template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli_env: Any,
    command: list[str],
) -> None:
    damaged = 0
    for index, raw in enumerate(_fuzzed(template)[:60]):
        path = _fresh(template, tmp_path, raw, index)
        loads = _load_outcome(path / "keystore.json") == "loaded"
        code = cli.main([*command, "--data-dir", str(path), "--user", "admin"])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert "unexpected internal error" not in err, (index, err)
        if not loads:
            damaged += 1
            assert code == 1
            lines = err.strip().splitlines()
            assert len(lines) == 1 and "keystore.json is damaged" in lines[0], err
        shutil.rmtree(path)
    assert damaged > 10


# -- arbitrary JSON anywhere (hypothesis, derandomised) ------------------------------------------

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), value=_json)
def test_any_json_value_anywhere_is_damaged_or_loads(template: Path, data: Any, value: Any) -> None:
    doc = json.loads((template / "keystore.json").read_text())
    paths = list(_paths(doc))
    path = data.draw(st.sampled_from(paths))
    mutated = _set(doc, path, value)
    # A ValueError is what load turns into KeystoreCorrupt (a backup's header into BackupInvalid);
    # any other exception fails the test.
    with contextlib.suppress(ValueError):
        Keystore.from_json(mutated)


# -- well-formed but wrong: every number and name swapped for another valid one --------------------


def _well_formed_edits(doc: Any) -> Iterator[tuple[JsonPath, Any]]:
    names = ["admin", "handler", "unknown", "case", "notes", "stats", "stats_private"]
    roles = ["administrator", "call_handler", "counsellor", "service_manager"]
    for path in _paths(doc):
        node: Any = doc
        for step in path:
            node = node[step]
        if isinstance(node, bool):
            yield path, not node
        elif isinstance(node, int):
            for value in {node + 1, max(node - 1, 1), 1}:
                if value != node:
                    yield path, value
        elif isinstance(node, str) and node in names + roles:
            for value in names if node in names else roles:
                if value != node:
                    yield path, value


def test_well_formed_edits_anywhere_raise_only_typed_errors(template: Path, tmp_path: Path) -> None:
    text = (template / "keystore.json").read_text()
    edits = list(_well_formed_edits(json.loads(text)))
    assert len(edits) > 40
    for index, (path, value) in enumerate(edits):
        raw = json.dumps(_set(json.loads(text), path, value)).encode()
        data = _fresh(template, tmp_path, raw, index)
        for user, password in (("admin", ADMIN_PASSWORD), ("handler", PASSWORDS["handler"])):

            def sign_in(user: str = user, password: str = password, data: Path = data) -> None:
                unlock(data, user, password, sleep=lambda s: None).close()

            try:
                _signed_in_outcome(sign_in)
            except Exception as exc:  # noqa: BLE001 - name the edit that broke through
                pytest.fail(f"{path} = {value!r}: {type(exc).__name__}: {exc}")
        try:
            _signed_in_outcome(lambda data=data: verify(data, "admin", ADMIN_PASSWORD))
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"verify, {path} = {value!r}: {type(exc).__name__}: {exc}")
        shutil.rmtree(data)
