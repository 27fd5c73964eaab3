"""Button data that outlives its message: every button says which flow, record and action it
belongs to, so that a press is understood later, inside another open form, or after a restart.

    "<namespace>:<record>:<action>"   e.g. "registration:commune:42101", "menu::register",
                                          "idea:123:view"

A form's step options are namespaced by the engine with the flow's name and the step (the
record of a form is its step); notifications name their record. Telegram caps callback data at
64 bytes, so namespaces and actions are short ASCII words.
"""

from __future__ import annotations

from dataclasses import dataclass

SEPARATOR = ":"
MAX_BYTES = 64


@dataclass(frozen=True)
class CallbackData:
    namespace: str
    record: str
    action: str

    def encode(self) -> str:
        data = SEPARATOR.join((self.namespace, self.record, self.action))
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data


def encode(namespace: str, record: str, action: str) -> str:
    return CallbackData(namespace, record, action).encode()


def decode(data: str) -> CallbackData | None:
    """The parts of namespaced data; None for a bare id (a keyboard sent before namespaces)."""
    parts = data.split(SEPARATOR, 2)
    if len(parts) != 3 or not parts[0]:
        return None
    return CallbackData(*parts)


def is_namespaced(data: str) -> bool:
    return decode(data) is not None
