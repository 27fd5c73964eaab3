"""Where Zalo updates enter the bot, from polling or the webhook alike (see bot/intake.py).

A body (enveloped or bare, one update or many) is parsed into the updates worth handling;
recording and the queue on each update's chat are the shared `Intake`'s.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.intake import Intake
from bot.zalo.parse import parse_update, split_updates
from flows.messages import Inbound

log = logging.getLogger(__name__)


class ZaloIntake(Intake):
    def parse(self, body: Any) -> list[Inbound]:
        """The messages in `body` to handle. Never raises on a malformed body."""
        inbounds = []
        for update in split_updates(body):
            self.received += 1
            # Raw payloads help settle the open questions on their shape; DEBUG only, as
            # they hold what users wrote.
            log.debug("Zalo update: %s", update)
            try:
                inbound = parse_update(update)
            except Exception:
                log.exception("Zalo update could not be parsed")
                continue
            if inbound is not None:
                inbounds.append(inbound)
        return inbounds
