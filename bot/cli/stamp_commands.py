"""`ocop-bot stamps issue|revoke|verify`: printing stamps for a certified product, revoking
them, and checking photos of stamps from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.app import App, build_app
from bot.cli.progress import ProgressBar
from bot.settings import Settings
from flows.effects import CheckStamp
from flows.verification import result_text
from handlers.stamp_issue import NO_PRODUCT, IssuedBatch, issue_batch, write_sheet
from stamps.payload import public_url_problem
from stamps.serial import format_serial, parse_serial
from stamps.sheet import write_pngs
from storage.stamp_registry import OFFICER_CHANNEL
from storage.unit_of_work import UnitOfWork

MAX_BATCH = 100_000


def local_url_refusal(public_url: str, allow_local: bool) -> str | None:
    """Why stamps must not be printed for this address (None: go ahead)."""
    problem = public_url_problem(public_url)
    if problem is None or allow_local:
        return None
    return (
        f"OCOP_PUBLIC_URL is {public_url}: {problem}, so a phone could not open the stamps "
        "printed for it. Set OCOP_PUBLIC_URL to the public https address of the stamp page, "
        "or add --allow-local to print stamps for a local test."
    )


async def issue(
    app: App, product_id: int, count: int, out: Path, fmt: str, allow_local: bool = False
) -> int:
    if not 0 < count <= MAX_BATCH:
        print(f"--count must be between 1 and {MAX_BATCH}", file=sys.stderr)
        return 2
    refusal = local_url_refusal(app.public_url, allow_local)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    now = app.clock.now()
    async with UnitOfWork(app.database) as uow:
        issued = await issue_batch(uow, app.keyring, app.public_url, product_id, count, now)
        if issued == NO_PRODUCT:
            print(f"no product {product_id} (see `ocop-bot products list`)", file=sys.stderr)
            return 1
        if not isinstance(issued, IssuedBatch):
            print(f"product {product_id}'s certificate is not valid: no stamps", file=sys.stderr)
            return 1
        await uow.commit()
    batch_id, product, labels = issued.batch_id, issued.product, issued.labels
    progress = ProgressBar("stamps") if count >= 100 else None
    if fmt == "png":
        out.mkdir(parents=True, exist_ok=True)
        write_pngs(labels, out, progress=progress)
    else:
        write_sheet(issued, out, progress=progress)
    print(f"batch {batch_id}: {count} stamps for {product.name} written to {out}")
    return 0


async def revoke(app: App, batch: int | None, serial_text: str | None) -> int:
    now = app.clock.now()
    async with UnitOfWork(app.database) as uow:
        if batch is not None:
            revoked = await uow.stamps.revoke_batch(batch, now)
            await uow.commit()
            print(f"batch {batch}: {revoked} stamps revoked")
            return 0 if revoked else 1
        serial = parse_serial(serial_text or "")
        if serial is None or not await uow.stamps.revoke_serial(serial, now):
            print(f"no stamp {serial_text}", file=sys.stderr)
            return 1
        await uow.commit()
    print(f"stamp {format_serial(serial)} revoked")
    return 0


async def verify(app: App, photos: list[Path], as_json: bool) -> int:
    """Officers' checks: logged on their own channel, never counted toward a copy warning."""
    checker = app.dispatcher.stamp_checker
    user_hash = checker.user_hash(OFFICER_CHANNEL, OFFICER_CHANNEL)
    for path in photos:
        try:
            data = path.read_bytes()
            app.photo_store.check_and_store(data)
        except Exception as exc:  # unreadable file: say so and go on with the others
            print(json.dumps({"photo": str(path), "status": "error", "error": str(exc)}))
            continue
        reading = await checker.decode_original(data)
        async with UnitOfWork(app.database) as uow:
            results = await checker.check(
                uow,
                CheckStamp(codes=reading.codes, advice=reading.advice),
                OFFICER_CHANNEL,
                user_hash,
                app.clock.now(),
            )
            await uow.commit()
        for result in results:
            if as_json:
                record = {
                    "photo": str(path),
                    "status": result.status,
                    "serial": result.serial,
                    "product": result.product,
                    "producer": result.producer,
                    "stars": result.stars,
                    "valid_until": result.valid_until,
                    "checks": result.checks,
                    # Nothing read: what to change when taking the photo again.
                    "advice": result.other_kind if result.status == "no_code" else None,
                }
                print(json.dumps(record, ensure_ascii=False))
            else:
                print(f"{path}:\n{result_text(result, app.settings.lang)}\n")
    return 0


async def cmd_stamps(args: argparse.Namespace, settings: Settings) -> int:
    app = await build_app(settings)
    try:
        if args.stamps_command == "issue":
            return await issue(
                app, args.product, args.count, Path(args.out), args.format, args.allow_local
            )
        if args.stamps_command == "revoke":
            return await revoke(app, args.batch, args.serial)
        return await verify(app, [Path(p) for p in args.photos], args.json)
    finally:
        await app.close()


def add_stamp_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stamps = sub.add_parser("stamps", help="OCOP traceability stamps")
    stamps_sub = stamps.add_subparsers(dest="stamps_command", required=True)

    issue_ = stamps_sub.add_parser("issue", help="issue a batch and write a print-ready sheet")
    issue_.add_argument("--product", type=int, required=True)
    issue_.add_argument("--count", type=int, required=True)
    issue_.add_argument("--out", required=True, help="a PDF file, or a folder with --format png")
    issue_.add_argument("--format", choices=["pdf", "png"], default="pdf")
    issue_.add_argument(
        "--allow-local",
        action="store_true",
        help="print stamps even though OCOP_PUBLIC_URL is not a public https address (tests)",
    )
    issue_.set_defaults(run=cmd_stamps, quiet=True)

    revoke_ = stamps_sub.add_parser("revoke", help="revoke a batch or one stamp")
    which = revoke_.add_mutually_exclusive_group(required=True)
    which.add_argument("--batch", type=int)
    which.add_argument("--serial")
    revoke_.set_defaults(run=cmd_stamps, quiet=True)

    verify_ = stamps_sub.add_parser("verify", help="check photos of stamps")
    verify_.add_argument("photos", nargs="+")
    verify_.add_argument("--json", action="store_true", help="one JSON object a line")
    verify_.set_defaults(run=cmd_stamps, quiet=True)
