"""The fuzz tests' properties (tests/fuzz/) with many more cases: every parser, every flow step
as each role reaches it, and hostile updates through the real dispatcher on SQLite.

Unlike the tests, a failing case does not stop a property: failures are counted (the first few
of each kind kept with their input), so one run says how many cases failed and how.

    .venv/bin/python bench/fuzz.py [--scale 1.0] [--only telegram,flows] [--out FILE]

At --scale 1 it runs about 100,000 cases; the markdown summary goes to stdout and --out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import given
from hypothesis import strategies as st

from flows.conversation import Conversation
from flows.engine import Env
from flows.messages import UserMessage
from tests.fuzz import dispatch
from tests.fuzz import properties as p
from tests.fuzz.strategies import (
    _huge,
    hostile_text,
    json_value,
    profile,
    telegram_update,
    zalo_update,
)


@dataclass
class Tally:
    name: str
    cases: int = 0
    failures: int = 0
    kinds: dict[str, str] = field(default_factory=dict)  # where it failed -> an input
    seconds: float = 0.0


def _where(error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f"{type(error).__name__} at {Path(frame.filename).name}:{frame.lineno}"


def run(name: str, strategy: st.SearchStrategy[Any], check: Callable[[Any], None], n: int) -> Tally:
    tally = Tally(name)

    @profile(n)
    @given(strategy)
    def body(case: Any) -> None:
        tally.cases += 1
        try:
            check(case)
        except Exception as error:  # counted, not raised: the run goes on
            tally.failures += 1
            kind = _where(error)
            if kind not in tally.kinds and len(tally.kinds) < 10:
                tally.kinds[kind] = repr(case)[:300]

    started = time.monotonic()
    body()
    tally.seconds = time.monotonic() - started
    return tally


def _flow_walk(case: Any) -> None:
    start, messages, later, lang = case
    env = Env(lang=lang, now=start.now + later, units=p.UNITS, principal=start.principal)
    conv = Conversation.from_json(start.state)
    for message in messages:
        conv = p.step_answers(conv, message, env).conversation
        env = replace(env, now=env.now + dt.timedelta(seconds=30))


_HUGE_ONLY = hostile_text(huge=False).map(_huge)


def _one_huge(start: Any, text: str) -> Any:
    return start, [UserMessage(text=text)], dt.timedelta(0), start.lang


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", default="")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the parsers log each ignored update; errors still count
    scale = args.scale

    from tests.fuzz import test_dispatcher, test_flow_steps  # builds the state bank

    plan: list[tuple[str, st.SearchStrategy[Any], Callable[[Any], None], int]] = [
        ("telegram parse_update", telegram_update(), p.telegram_update_parses, 25_000),
        (
            "zalo parse_update",
            zalo_update() | st.lists(zalo_update(), max_size=3) | json_value(),
            p.zalo_body_parses,
            25_000,
        ),
        ("console parse_line", hostile_text() | st.text(), p.console_line_parses, 15_000),
        (
            "flows parsers (money, phone, text_match, admin units, geo, officer code, callback)",
            hostile_text(huge=False) | st.text(alphabet=st.characters(codec=None)),
            p.pure_parsers_hold,
            25_000,
        ),
        (
            "flows parsers, texts of 100,000 characters",
            _HUGE_ONLY,
            p.pure_parsers_hold,
            100,
        ),
        ("flow steps (respond, every bank state)", test_flow_steps.walk(), _flow_walk, 8_000),
        (
            "flow steps, a text of 100,000 characters at every bank state",
            st.builds(_one_huge, st.sampled_from(test_flow_steps.BANK), _HUGE_ONLY),
            _flow_walk,
            100,
        ),
    ]
    root = Path(tempfile.mkdtemp(prefix="ocop-fuzz-bench-"))
    template = root / "template" / "db.sqlite3"
    template.parent.mkdir(parents=True)
    import asyncio

    asyncio.run(dispatch.prepare(template))
    plan.append(
        (
            "dispatcher on SQLite (1-6 updates a case)",
            test_dispatcher.updates(),
            lambda inbounds: dispatch.run_case(template, root / uuid.uuid4().hex, inbounds),
            300,
        )
    )
    only = {o.strip() for o in args.only.split(",") if o.strip()}
    tallies = []
    for name, strategy, check, n in plan:
        if only and not any(o in name for o in only):
            continue
        tally = run(name, strategy, check, max(1, int(n * scale)))
        print(
            f"{name}: {tally.cases} cases, {tally.failures} failed, {tally.seconds:.0f} s",
            flush=True,
        )
        tallies.append(tally)
    report = _markdown(tallies, scale, len(test_flow_steps.BANK))
    print(report)
    if args.out:
        args.out.write_text(report)


def _markdown(tallies: list[Tally], scale: float, bank: int) -> str:
    lines = [
        "# Fuzz run (bench/fuzz.py)",
        "",
        f"{dt.date.today().isoformat()}, scale {scale}, {os.cpu_count()} CPUs; the flow steps "
        f"start from {bank} states reached through the dispatcher by each role.",
        "",
        "| property | cases | failed | seconds |",
        "| --- | ---: | ---: | ---: |",
    ]
    for t in tallies:
        lines.append(f"| {t.name} | {t.cases:,} | {t.failures:,} | {t.seconds:.0f} |")
    total = sum(t.cases for t in tallies)
    failed = sum(t.failures for t in tallies)
    lines += ["", f"Total: {total:,} cases, {failed:,} failed."]
    for t in tallies:
        for kind, case in t.kinds.items():
            lines += ["", f"- {t.name}: {kind}", f"  `{case}`"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
