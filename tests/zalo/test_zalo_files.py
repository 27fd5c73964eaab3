"""A file on Zalo. The Bot Platform documents no file event (docs/messaging-apis.md §1.3);
these shapes follow the OA API's `user_send_file`, so that a file, should one ever come, is
answered with how to send the pages as photos rather than "cannot read this message"."""

from __future__ import annotations

import json
from pathlib import Path

from bot.zalo.parse import parse_update
from flows.messages import DocumentAttachment

UPDATES = Path(__file__).parent / "updates"


def test_a_file_event_carries_the_file_and_its_name() -> None:
    payload = json.loads((UPDATES / "file_event.json").read_text(encoding="utf-8"))
    inbound = parse_update(payload)
    assert inbound is not None and not inbound.unsupported
    assert inbound.documents == (
        DocumentAttachment(
            ref="https://dl.zaloapp.example/f/plan.pdf", size=88231, file_name="Phương án.pdf"
        ),
    )


def test_a_file_message_without_event_name_or_attachments_is_still_a_file() -> None:
    payload = json.loads((UPDATES / "file_event.json").read_text(encoding="utf-8"))
    message = payload["result"]["message"]
    del message["attachments"]
    inbound = parse_update({"message": message})  # no event_name: inferred, then the type
    assert inbound is not None
    assert inbound.documents == (DocumentAttachment(ref=""),)


def test_photos_and_other_events_are_no_files() -> None:
    for name in ("image_attachments.json", "unknown_message_event.json", "sticker.json"):
        payload = json.loads((UPDATES / name).read_text(encoding="utf-8"))
        inbound = parse_update(payload)
        assert inbound is not None and inbound.documents == (), name
