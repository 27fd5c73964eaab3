"""Where a service of `ocop-bot run` stands, for /healthz: each one starts, retries and fails
on its own (a Telegram API unreachable at start must not keep Zalo or the outbox waiting)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

State = Literal["starting", "running", "failed", "stopped"]


@dataclass
class ServiceState:
    state: State = "starting"
    error: str | None = None  # the last failure while starting

    @property
    def running(self) -> bool:
        return self.state == "running"

    def retrying(self, error: str) -> None:
        self.state, self.error = "starting", error

    def started(self) -> None:
        self.state, self.error = "running", None

    def failed(self, error: str) -> None:
        self.state, self.error = "failed", error

    def stopped(self) -> None:
        self.state = "stopped"

    def merged(self, status: dict[str, Any]) -> dict[str, Any]:
        """A channel's own status with where its service stands; ok only when running."""
        merged = {**status, "state": self.state}
        if self.error is not None:
            merged["start_error"] = self.error
        merged["ok"] = bool(status.get("ok", True)) and self.running
        return merged
