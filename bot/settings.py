"""Settings from environment variables (prefix OCOP_) and an optional `.env` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from flows.deadlines import DEFAULT_DAY_MONTH, parse_day_month
from flows.reminder_plan import ReminderSettings, parse_days, parse_quiet_hours
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
    # The province's yearly deadline for ideas sent to it, day/month (flows/deadlines.py);
    # unset: the calendar's ideas_to_province date (31/03 in the shipped one).
    province_deadline: str | None = None
    # A province's own calendar of deadlines (TOML, as data/calendar/ha-tinh.toml); unset:
    # the shipped Hà Tĩnh one.
    calendar: Path | None = None
    log_level: str = "INFO"
    # "json": one JSON object a line with the conversation key (bot/log_format.py).
    log_format: Literal["text", "json"] = "text"

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
    # The salt of consumers' stamp checks (handlers/stamp_check.py user_hash): unset, made
    # once in data_dir/check_salt. Set it when processes on several machines share a database.
    check_salt: SecretStr | None = None
    # Where photos' bytes live: unset, `data_dir/photos`; `s3://bucket/prefix` puts them on an
    # S3-style object store that every process reaches (storage/blob_store.py), with its
    # endpoint (MinIO, a data centre's) and keys below; unset keys: boto3's own lookup.
    photo_store: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key: str | None = None
    s3_secret_key: SecretStr | None = None

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

    # Outgoing messages a second, per channel in total and per chat; 0 lifts a limit
    # (benchmarks against a fake server). One process at a time sends a channel's messages.
    telegram_per_second: int = Field(default=30, ge=0)
    zalo_per_second: int = Field(default=20, ge=0)
    chat_per_second: float = Field(default=1, ge=0)
    # How long a process's claim on a reply lasts, and its hold on a channel's sending,
    # before another process may take them over (it died): renewed while it runs.
    outbox_claim_seconds: float = Field(default=60, gt=0)
    outbox_channel_lease_seconds: float = Field(default=15, gt=0)

    # Reminders (scheduler/): how often the sweep looks for due ones and the planning runs,
    # local hours without reminders ("21-7": from 21:00 to 07:00), how long after its
    # deadline a reminder a stopped process missed is still sent (marked late).
    reminder_sweep_seconds: float = Field(default=30.0, gt=0)
    reminder_plan_minutes: float = Field(default=60.0, gt=0)
    quiet_hours: str = "21-7"
    # When work waiting reminds (the superior after twice as long), an unfinished registration,
    # an unanswered question, a business plan due; days before a certificate ends ("90,30").
    reminder_waiting_days: int = Field(default=7, ge=1)
    reminder_registration_days: int = Field(default=2, ge=1)
    reminder_question_days: int = Field(default=3, ge=1)
    reminder_plan_days: int = Field(default=14, ge=1)
    reminder_certificate_days: str = "90,30"
    reminder_drop_after_days: int = Field(default=3, ge=0)
    # Processed updates, sent and failed outbox rows and finished reminders older than this
    # are deleted each night (handlers/pruning.py).
    prune_after_days: int = Field(default=30, ge=1)
    # Tests only: read the time from this file (an ISO 8601 moment) instead of the system
    # clock, so that a test can run a month of reminders through the real process in seconds.
    clock_file: Path | None = None

    @field_validator("province_deadline")
    @classmethod
    def _day_month(cls, value: str | None) -> str | None:
        if value is not None:
            parse_day_month(value)  # refused at start-up rather than at the first inbox
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        parse_quiet_hours(value)
        return value

    @field_validator("reminder_certificate_days")
    @classmethod
    def _certificate_days(cls, value: str) -> str:
        parse_days(value)
        return value

    def quiet_hours_range(self) -> tuple[int, int]:
        return parse_quiet_hours(self.quiet_hours)

    def province_deadline_day_month(self) -> tuple[int, int]:
        if self.province_deadline is None:
            return DEFAULT_DAY_MONTH
        return parse_day_month(self.province_deadline)

    def reminder_settings(self) -> ReminderSettings:
        start, end = self.quiet_hours_range()
        return ReminderSettings(
            waiting_days=self.reminder_waiting_days,
            registration_days=self.reminder_registration_days,
            question_days=self.reminder_question_days,
            plan_days=self.reminder_plan_days,
            certificate_days=parse_days(self.reminder_certificate_days),
            quiet_start=start,
            quiet_end=end,
        )

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
