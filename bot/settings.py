"""Settings from environment variables (prefix OCOP_) and an optional `.env` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from flows.deadlines import parse_day_month
from storage.database import sqlite_url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="OCOP_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(default=Path("var"), description="where the database and photos live")
    database_url: str | None = Field(default=None, description="SQLAlchemy async URL")
    lang: str = "vi"
    # The administrative structure in force: "2020" (the seed's: communes in 13 districts) or
    # "2025" (69 communes, no districts, since 1 July 2025).
    admin_structure: Literal["2020", "2025"] = "2020"
    ruleset: Literal["1048", "148"] = "1048"  # the OCOP rule set in force (flows/rulesets.py)
    # The province's yearly deadline for ideas sent to it, day/month (flows/deadlines.py).
    province_deadline: str = "31/03"
    log_level: str = "INFO"

    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    # The bot's @username without "@", for t.me links (officers' invitations); None: unknown.
    telegram_bot_username: str | None = None
    zalo_token: SecretStr | None = None
    zalo_api_url: str = "https://bot-api.zaloplatforms.com"

    web_host: str = "127.0.0.1"
    web_port: int = 8080
    public_url: str | None = None
    webhook_secret: SecretStr | None = None

    stamp_keys: SecretStr | None = None

    max_photo_bytes: int = 20 * 1024 * 1024
    max_photo_pixels: int = 40_000_000
    # A stored photo is shrunk to this many pixels on its long side.
    photo_max_side: int = 2560
    # What every photo check at once may hold in memory; beyond it checks wait their turn.
    photo_memory_budget_mb: int = 256
    photo_workers: int = 2
    # A check waiting longer than this for memory is refused politely.
    photo_queue_seconds: float = 60.0
    # Files sent as files (a business plan's PDF or Word file): the largest taken, in MB.
    # Telegram's public Bot API lets a bot download 20 MB at most; more needs a self-hosted one.
    document_max_mb: int = Field(default=20, ge=1)

    @field_validator("province_deadline")
    @classmethod
    def _day_month(cls, value: str) -> str:
        parse_day_month(value)  # refused at start-up rather than at the first inbox
        return value

    def province_deadline_day_month(self) -> tuple[int, int]:
        return parse_day_month(self.province_deadline)

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return sqlite_url(self.data_dir.resolve() / "ocop.sqlite3")

    def public_base_url(self) -> str:
        """Where the web server is reached from outside: stamp links and Zalo media use it.

        Unset, it is the local web server, which is enough to try stamps on one machine.
        """
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"http://{self.web_host}:{self.web_port}"

    @property
    def photo_dir(self) -> Path:
        return self.data_dir / "photos"

    @property
    def document_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def max_document_bytes(self) -> int:
        return self.document_max_mb * 1024 * 1024
