"""Every Prometheus metric of the bot, defined once (scraped at /metrics, bot/web/metrics_route.py).

Counters and histograms are incremented where the thing happens (the dispatcher, the outbox,
the stamp check, the reminder sweep); the outbox's depth and age are read from the database at
scrape time, because the table is shared by every process and only it knows the truth.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

UPDATES_RECEIVED = Counter(
    "ocop_updates_received", "Updates from people handed to the dispatcher", ["channel"]
)
REPLIES_SENT = Counter(
    "ocop_replies_sent", "Messages the platform accepted from the outbox", ["channel"]
)
# Kinds: step (a step failed alone; its user got an apology), photos (downloading or checking
# a message's files failed), send_unavailable (the platform unreachable; retried later),
# send_refused (the platform refused a message for good), send_gave_up (retries exhausted),
# rate_limited (the platform asked us to wait).
ERRORS = Counter("ocop_errors", "Errors by kind", ["kind"])
STAMP_CHECKS = Counter("ocop_stamp_checks", "Stamp checks recorded, by result", ["result"])
PHOTO_DECODE_SECONDS = Histogram(
    "ocop_photo_decode_seconds",
    "Time to read the codes in one photo",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0),
)
# From due to written to the outbox by the sweep: a process that was down shows here.
REMINDER_LAG_SECONDS = Histogram(
    "ocop_reminder_lag_seconds",
    "Delay between a reminder's due time and the sweep writing it to the outbox",
    buckets=(1, 5, 15, 30, 60, 120, 300, 900, 3600, 6 * 3600, 24 * 3600, 3 * 24 * 3600),
)
OUTBOX_PENDING = Gauge("ocop_outbox_pending", "Outbox rows not yet sent", ["channel"])
OUTBOX_DUE = Gauge("ocop_outbox_due", "Outbox rows due now and not yet sent", ["channel"])
OUTBOX_OLDEST_DUE_AGE = Gauge(
    "ocop_outbox_oldest_due_age_seconds",
    "How long the oldest due outbox row has been waiting",
    ["channel"],
)
