"""The flows the bot offers, each declared once: its entry commands, its menu entry and who
sees it, whether it may pause another form or be paused, and how it comes back.

`flows/registered.py` lists the entries; the conversation (flows/conversation.py) builds the
menu and routes commands and buttons from here, with no per-flow branches of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flows.engine import Env, Flow, Form, Outcome, start
from flows.messages import Reply, UserMessage
from flows.principal import Principal


def everyone(_: Principal) -> bool:
    return True


def _default_begin(flow: Flow) -> Callable[[UserMessage, Env], Outcome]:
    def begin(_: UserMessage, env: Env) -> Outcome:
        return start(flow, env)

    return begin


# A button of this entry's namespace pressed: (record, action, message, env) -> replies and
# effects, or None when the button no longer applies.
ButtonHandler = Callable[[str, str, UserMessage, Env], Outcome | None]


@dataclass(frozen=True)
class Entry:
    """One thing a person can do. `flow` is a form (None: answered at once by `act`)."""

    name: str
    flow: Flow | None = None
    commands: tuple[str, ...] = ()  # folded, without "/" ("dangky", "register")
    # A deep link "/start <prefix>-<payload>" (Telegram's t.me/<bot>?start=...) starts this
    # entry with the message as it came (the payload in `command_arg`).
    deep_link: str | None = None
    menu_key: str | None = None  # its label in the menu; None: not in the menu
    order: int = 100
    visible: Callable[[Principal], bool] = everyone
    # May wait beneath another flow started over it (and comes back with its question when
    # that one ends); one that may not is simply ended by it.
    pausable: bool = True
    # Left alone for hours, the form asks "continue or start over?" (with `describe`).
    asks_resume: bool = False
    describe: Callable[[Form, Env], str] | None = None
    begin_with: Callable[[UserMessage, Env], Outcome] | None = None
    # An answer at once, for an entry without a form (help): the replies.
    act: Callable[[Env], tuple[Reply, ...]] | None = None
    on_button: ButtonHandler | None = None
    # The stamp check: a photo or a serial sent outside any form starts it.
    checks_stamps: bool = False

    def begin(self, msg: UserMessage, env: Env) -> Outcome:
        """How the entry starts. An entry without a form answers at once: its outcome has no
        form."""
        if self.begin_with is not None:
            return self.begin_with(msg, env)
        assert self.flow is not None, f"{self.name} has neither a form nor a start"
        return _default_begin(self.flow)(msg, env)


@dataclass(frozen=True)
class Registry:
    entries: tuple[Entry, ...]
    _by_name: dict[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, Entry] = {}
        commands: dict[str, str] = {}
        for entry in self.entries:
            if entry.name in by_name:
                raise ValueError(f"two entries named {entry.name}")
            by_name[entry.name] = entry
            for command in entry.commands:
                if command in commands:
                    raise ValueError(f"/{command} belongs to {commands[command]} and {entry.name}")
                commands[command] = entry.name
        object.__setattr__(self, "_by_name", by_name)

    def get(self, name: str) -> Entry | None:
        return self._by_name.get(name)

    def for_flow(self, flow_name: str) -> Entry | None:
        return next((e for e in self.entries if e.flow and e.flow.name == flow_name), None)

    def for_command(self, command: str) -> Entry | None:
        return next((e for e in self.entries if command in e.commands), None)

    def for_deep_link(self, payload: str) -> Entry | None:
        prefix = payload.split("-", 1)[0]
        if not prefix or prefix == payload:
            return None
        return next((e for e in self.entries if e.deep_link == prefix), None)

    def menu(self, principal: Principal) -> tuple[Entry, ...]:
        shown = [e for e in self.entries if e.menu_key and e.visible(principal)]
        return tuple(sorted(shown, key=lambda e: e.order))

    @property
    def stamp_checker(self) -> Entry | None:
        return next((e for e in self.entries if e.checks_stamps), None)

    @property
    def flows(self) -> dict[str, Flow]:
        return {e.flow.name: e.flow for e in self.entries if e.flow is not None}
