"""Secrets the bot makes for itself and keeps in the data directory (never in git).

Each is a file readable by its owner only (0600): the salt of consumers' stamp checks
(`check_salt`), the Telegram webhook's secret; the stamp keys (stamps/keys.py, `stamp_keys`)
are written the same way. A file found with wider permissions (made by an older version, or
copied in by hand) is narrowed when it is read. Two processes starting at once on one data
directory agree on one secret: it is written under a temporary name and linked into place
only if no other process got there first.
"""

from __future__ import annotations

import os
import secrets
import stat
from contextlib import suppress
from pathlib import Path

from pydantic import SecretStr

__all__ = [
    "CHECK_SALT_FILE",
    "OWNER_ONLY",
    "check_salt",
    "load_or_create_secret",
    "owner_only_file",
]

OWNER_ONLY = 0o600


def owner_only_file(path: Path) -> None:
    """Narrow an existing file to 0600 (no-op when it already is)."""
    with suppress(FileNotFoundError):
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(OWNER_ONLY)


def _read(path: Path) -> str | None:
    try:
        secret = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    owner_only_file(path)
    return secret or None


def load_or_create_secret(data_dir: Path, name: str) -> str:
    """The secret in `data_dir/name`, made once (URL-safe characters), readable by us only."""
    path = data_dir / name
    found = _read(path)
    if found is not None:
        return found
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    temporary = data_dir / f".{name}.{secrets.token_hex(6)}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secret + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            # Another process made it meanwhile (or an empty file was left): theirs wins, an
            # empty one is replaced.
            other = _read(path)
            if other is not None:
                return other
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return secret


CHECK_SALT_FILE = "check_salt"
MIN_SALT_CHARACTERS = 16


def check_salt(setting: SecretStr | None, data_dir: Path) -> bytes:
    """The key of consumers' stamp-check hashes (HMAC-SHA256 of channel and user id): the
    setting (OCOP_CHECK_SALT, shared by every machine), else a secret made once in the data
    directory. It is never stored in the database: a copy of the database alone cannot tell
    whose checks are whose, even by hashing every possible chat id."""
    if setting is not None:
        value = setting.get_secret_value().strip()
        if len(value) < MIN_SALT_CHARACTERS:
            raise ValueError(f"OCOP_CHECK_SALT needs at least {MIN_SALT_CHARACTERS} characters")
        return value.encode()
    return load_or_create_secret(data_dir, CHECK_SALT_FILE).encode()
