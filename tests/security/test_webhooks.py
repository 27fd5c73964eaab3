"""Webhook calls without the secret, or with a wrong one, against the server as run with
`--webhook`: 401, and nothing recorded in the inbox (so nothing is ever handled)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx

from bot.telegram.webhook import PATH as TELEGRAM_PATH
from bot.telegram.webhook import SECRET_HEADER as TELEGRAM_HEADER
from bot.zalo.webhook import SECRET_HEADER as ZALO_HEADER
from bot.zalo.webhook import WEBHOOK_PATH as ZALO_PATH
from storage.database import Database
from tests.security.served import WEBHOOK_SECRET, serve


def _telegram_update(update_id: int) -> dict[str, Any]:
    user = {"id": 4242, "is_bot": False, "first_name": "Kẻ lạ"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": user,
            "chat": {"id": 4242, "type": "private"},
            "date": int(time.time()),
            "text": "/start",
        },
    }


async def test_webhooks_without_the_right_secret_record_nothing(
    database: Database, tmp_path: Path
) -> None:
    async with serve(database, tmp_path) as served, httpx.AsyncClient() as http:
        zalo_body = served.zalo.envelope(
            served.zalo.message(served.zalo.user("u1"), "message.text.received", text="hi")
        )
        wrong = (
            None,
            "",
            "wrong",
            WEBHOOK_SECRET[:-1],
            WEBHOOK_SECRET + "x",
            WEBHOOK_SECRET.upper(),
        )
        for n, secret in enumerate(wrong, start=1):
            for path, header, body, real in (
                (TELEGRAM_PATH, TELEGRAM_HEADER, _telegram_update(n), WEBHOOK_SECRET),
                (ZALO_PATH, ZALO_HEADER, zalo_body, served.zalo_secret),
            ):
                # The other channel's secret is as wrong as any.
                for given in (secret, served.zalo_secret if real == WEBHOOK_SECRET else real[:8]):
                    headers = {} if given is None else {header: given}
                    response = await http.post(served.base + path, json=body, headers=headers)
                    assert response.status_code == 401, (path, given)
                    assert response.text in ("unauthorized", '{"ok": false}')
        assert await served.inbox_rows() == 0
        assert served.tg.sent == []
        # The right secret is taken: the refusals above were the secret's, not the body's.
        response = await http.post(
            served.base + TELEGRAM_PATH,
            json=_telegram_update(99),
            headers={TELEGRAM_HEADER: WEBHOOK_SECRET},
        )
        assert response.status_code == 200
        response = await http.post(
            served.base + ZALO_PATH, json=zalo_body, headers={ZALO_HEADER: served.zalo_secret}
        )
        assert response.status_code == 200
        assert await served.inbox_rows() == 2
