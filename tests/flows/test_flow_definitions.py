"""Every flow is well formed: exits exist, every step is reachable, every text is translated."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from flows.conversation import FLOWS
from flows.engine import Flow
from flows.registered import REGISTRY
from flows.texts import TEXTS

FLOWS_DIR = Path(__file__).resolve().parents[2] / "flows"


@pytest.mark.parametrize("flow", FLOWS.values(), ids=list(FLOWS))
def test_every_exit_exists(flow: Flow) -> None:
    names = {s.name for s in flow.steps}
    for step in flow.steps:
        for exit_ in step.exits:
            assert exit_ == "END" or exit_ in names, f"{step.name} -> {exit_}"


@pytest.mark.parametrize("flow", FLOWS.values(), ids=list(FLOWS))
def test_every_step_is_reachable_and_the_flow_can_end(flow: Flow) -> None:
    graph = {s.name: set(s.exits) for s in flow.steps}
    seen, todo = {flow.first}, [flow.first]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert seen >= set(graph), set(graph) - seen
    assert "END" in seen


@pytest.mark.parametrize("flow", FLOWS.values(), ids=list(FLOWS))
def test_step_names_are_unique(flow: Flow) -> None:
    names = [s.name for s in flow.steps]
    assert len(names) == len(set(names))


def test_every_text_has_vietnamese_and_english_with_the_same_placeholders() -> None:
    for key, (vi, en) in TEXTS.items():
        assert vi.strip() and en.strip(), key
        assert re.fullmatch(r"[A-Z0-9_]+", key)
        assert set(re.findall(r"{(\w+)}", vi)) == set(re.findall(r"{(\w+)}", en)), key


def _used_keys() -> set[str]:
    """Catalogue keys named as string literals anywhere in the packages."""
    found: set[str] = set()
    root = FLOWS_DIR.parent
    for package in ("flows", "handlers", "storage", "bot", "stamps", "scheduler"):
        for path in (root / package).rglob("*.py"):
            if path.parent == FLOWS_DIR / "texts":
                continue  # the catalogue itself names every key
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                literal = isinstance(node, ast.Constant) and isinstance(node.value, str)
                if literal and node.value in TEXTS:
                    found.add(node.value)
    return found


def test_every_key_named_in_code_exists_and_every_text_is_used() -> None:
    used = _used_keys()
    unused = set(TEXTS) - used
    assert not unused, f"texts nobody uses: {sorted(unused)}"


BEGIN, END = "<!-- flows:begin -->", "<!-- flows:end -->"


def _diagrams() -> str:
    """Every registered flow drawn from its step table, as docs/architecture.md shows them."""
    parts = [BEGIN]
    for entry in REGISTRY.entries:
        if entry.flow is None:
            continue
        parts.append(f"### The {entry.flow.name} flow (generated from its step table)\n")
        parts.append(f"```mermaid\n{entry.flow.mermaid()}```\n")
    parts.append(END)
    return "\n".join(parts)


def test_mermaid_diagrams_in_the_docs_are_current() -> None:
    path = FLOWS_DIR.parent / "docs" / "architecture.md"
    doc = path.read_text(encoding="utf-8")
    start, end = doc.index(BEGIN), doc.index(END) + len(END)
    if os.environ.get("OCOP_REGENERATE_DOCS"):
        path.write_text(doc[:start] + _diagrams() + doc[end:], encoding="utf-8")
        return
    assert doc[start:end] == _diagrams(), (
        "the flow diagrams are out of date: OCOP_REGENERATE_DOCS=1 "
        ".venv/bin/pytest tests/flows/test_flow_definitions.py, then read the diff"
    )
