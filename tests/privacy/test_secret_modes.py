"""Every secret the bot writes is readable by its owner only: the stamp-check salt, the stamp
signing keys, the Telegram webhook secret (and the data directory that holds them, with the
database, is 0700)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.app import build_app
from bot.secret_files import CHECK_SALT_FILE, check_salt, load_or_create_secret
from bot.settings import Settings
from bot.telegram.webhook import SECRET_FILE


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_app_writes_its_secrets_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = await build_app(Settings(data_dir=data))
    try:
        assert (
            app.dispatcher.stamp_checker.user_salt == (data / CHECK_SALT_FILE).read_bytes().strip()
        )
    finally:
        await app.close()
    assert mode(data) == 0o700
    for name in (CHECK_SALT_FILE, "stamp_keys"):
        assert mode(data / name) == 0o600, name
    for database_file in data.glob("*.sqlite*"):
        assert mode(database_file) & 0o077 == 0, database_file
    webhook = load_or_create_secret(data, SECRET_FILE)
    assert mode(data / SECRET_FILE) == 0o600
    assert load_or_create_secret(data, SECRET_FILE) == webhook  # made once
    assert not list(data.glob(".*.tmp"))  # no temporary left behind


async def test_secrets_found_readable_by_others_are_narrowed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / CHECK_SALT_FILE).write_text("an-old-salt-from-before-0600\n")
    (data / CHECK_SALT_FILE).chmod(0o644)
    app = await build_app(Settings(data_dir=data))
    await app.close()
    assert mode(data / CHECK_SALT_FILE) == 0o600
    assert mode(data / "stamp_keys") == 0o600
    (data / "stamp_keys").chmod(0o644)
    app = await build_app(Settings(data_dir=data))
    assert app.dispatcher.stamp_checker.user_salt == b"an-old-salt-from-before-0600"
    await app.close()
    assert mode(data / "stamp_keys") == 0o600


def test_an_empty_secret_file_is_replaced_and_the_setting_wins(tmp_path: Path) -> None:
    (tmp_path / "s").touch()
    made = load_or_create_secret(tmp_path, "s")
    assert len(made) >= 32 and (tmp_path / "s").read_text().strip() == made
    assert mode(tmp_path / "s") == 0o600
    shared = SecretStr("the-province-wide-salt-0123")
    assert check_salt(shared, tmp_path / "other") == b"the-province-wide-salt-0123"
    assert not (tmp_path / "other" / CHECK_SALT_FILE).exists()
    with pytest.raises(ValueError, match="OCOP_CHECK_SALT"):
        check_salt(SecretStr("short"), tmp_path)
