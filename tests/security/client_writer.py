"""Another copy of the app, for the concurrency tests: a call handler creating clients in a loop.

``python -m tests.security.client_writer DATA_DIR OUT STOP``: signs in as ``handler``, creates
clients until the file STOP exists, and appends ``id reference`` to OUT only after each create
returned (what the service reported as created). A write refused because an administrator was
changing keys is counted, not retried blindly; any other error ends the process with status 1.
On exit it prints ``created=N refused=M case_generation=G``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from supportline.errors import KeysChanging
from supportline.services.clients import ClientInput, ClientService, LikelyDuplicate
from supportline.session import unlock
from tests.conftest import PASSWORDS

LETTERS = "bcdfghjklmnpqrstvwxz"


def name_for(number: int) -> str:
    """A distinct pronounceable surname per number, so no two look like duplicates."""
    text = ""
    while True:
        text += LETTERS[number % len(LETTERS)] + "aeiou"[number % 5]
        number //= len(LETTERS)
        if not number:
            return "Zz" + text


def main(data_dir: Path, out: Path, stop: Path) -> int:
    session = unlock(data_dir, "handler", PASSWORDS["handler"], enforce_delay=False)
    service = ClientService(session)
    created = refused = 0
    number = 0
    with out.open("a", encoding="utf-8") as results:
        while not stop.exists():
            number += 1
            data = ClientInput(
                first_name="Writer",
                last_name=name_for(number),
                phone="07700 900123",
                home_postcode="ME19 4AA",
            )
            try:
                try:
                    record = service.create(data)
                except LikelyDuplicate as exc:
                    record = service.create(data, [c.id for c in exc.candidates])
            except KeysChanging:
                refused += 1
                continue
            results.write(f"{record.id} {record.reference}\n")
            results.flush()
            created += 1
    print(f"created={created} refused={refused} case_generation={session.case_generation}")
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
