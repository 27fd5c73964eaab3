"""Secrets the bot makes for itself and keeps in the data directory (never in git)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def load_or_create_secret(data_dir: Path, name: str) -> str:
    """The secret in `data_dir/name`, made once (URL-safe characters), readable by us only."""
    path = data_dir / name
    if path.exists():
        secret = path.read_text(encoding="ascii").strip()
        if secret:
            return secret
    secret = secrets.token_urlsafe(32)
    data_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    return secret
