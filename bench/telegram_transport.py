"""Which Telegram Bot API transport: import time, memory and CPU per update of each candidate.

    .venv/bin/python bench/telegram_transport.py [--updates 5000] [--ptb-path DIR]

Candidates, each in a fresh interpreter of its own against the local fake Bot API
(tests/e2e/fake_telegram.py) served by this process:

- aiogram 3 `Bot`, its typed methods (`get_updates`, `send_message`);
- aiogram's session posting raw JSON: how bot/telegram/channel.py used aiogram before the switch;
- python-telegram-bot's `Bot`, its typed methods, on its default httpx transport;
- a plain `httpx.AsyncClient` posting JSON (as bot/zalo/client.py does);
- a plain `aiohttp.ClientSession` posting JSON;
- `TelegramChannel` as shipped: our parse input (raw updates) and our render and error mapping.

Every interpreter first imports asyncio, aiohttp and httpx, which `ocop-bot run` loads anyway
(the web server, Zalo): the import column is what the candidate adds on top. RSS at rest is read
after getMe; then `--updates` rounds of getUpdates (limit 1, one pending update each) followed by
sendMessage to that update's chat, one after the other; CPU is the child's own process time for
those rounds (the fake's work is in this process, not counted), peak RSS its VmHWM at the end.

python-telegram-bot pins httpx below the version the project uses, so it is not installed in
.venv; the bench loads it from `--ptb-path` (made by `pip install --no-deps --target DIR
python-telegram-bot`), and leaves its row out when that is not given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CANDIDATES = {
    "aiogram": "aiogram 3 Bot (typed methods)",
    "aiogram-raw": "aiogram session, raw JSON (before)",
    "ptb": "python-telegram-bot Bot (typed)",
    "httpx": "plain httpx client, JSON",
    "aiohttp": "plain aiohttp client, JSON",
    "channel": "TelegramChannel as shipped",
}


_imported = [0.0]  # when the candidate's imports were done


def _mark_imported() -> None:
    _imported[0] = time.perf_counter()


def vm_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


# ----------------------------------------------------------------------------- the child


async def child(kind: str, api: str, token: str, rounds: int) -> dict[str, Any]:
    import aiohttp  # noqa: F401  (loaded by ocop-bot anyway)
    import httpx  # noqa: F401

    before_kb = vm_kb("VmRSS")
    started = time.perf_counter()
    get_updates, send, close = await _client(kind, api, token)
    import_s = _imported[0] - started
    await asyncio.sleep(0.5)
    rest_kb = vm_kb("VmRSS")

    offset: int | None = None
    cpu = time.process_time()
    wall = time.perf_counter()
    for _ in range(rounds):
        updates = await get_updates(offset)
        for update_id, chat_id in updates:
            offset = update_id + 1
            await send(chat_id, "Cảm ơn anh/chị, đã nhận.")
    cpu_s = time.process_time() - cpu
    wall_s = time.perf_counter() - wall
    await close()
    return {
        "import_s": import_s,
        "import_mb": (rest_kb - before_kb) / 1024,
        "rest_mb": rest_kb / 1024,
        "peak_mb": vm_kb("VmHWM") / 1024,
        "cpu_ms": cpu_s * 1000 / rounds,
        "wall_ms": wall_s * 1000 / rounds,
    }


async def _client(kind: str, api: str, token: str) -> tuple[Any, Any, Any]:
    """(get_updates(offset) -> [(update_id, chat_id)], send(chat_id, text), close()), connected
    (getMe done). The import of the candidate happens here."""
    if kind == "aiogram":
        from aiogram import Bot
        from aiogram.client.session.aiohttp import AiohttpSession
        from aiogram.client.telegram import TelegramAPIServer

        _mark_imported()
        bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api)))
        await bot.get_me()

        async def get_updates(offset: int | None) -> list[tuple[int, int]]:
            got = await bot.get_updates(offset=offset, limit=1, timeout=0)
            return [(u.update_id, u.message.chat.id) for u in got if u.message]

        async def send(chat_id: int, text: str) -> None:
            await bot.send_message(chat_id, text)

        return get_updates, send, bot.session.close

    if kind == "aiogram-raw":
        from aiogram import Bot
        from aiogram.client.session.aiohttp import AiohttpSession
        from aiogram.client.telegram import TelegramAPIServer

        _mark_imported()
        server = TelegramAPIServer.from_base(api)
        session = AiohttpSession(api=server)
        bot = Bot(token, session=session)
        await bot.get_me()

        async def post(method: str, params: dict[str, Any]) -> Any:
            http = await session.create_session()
            async with http.post(server.api_url(token, method), json=params) as resp:
                return json.loads(await resp.text())["result"]

        async def get_updates(offset: int | None) -> list[tuple[int, int]]:
            got = await post("getUpdates", {"offset": offset, "limit": 1, "timeout": 0})
            return [(u["update_id"], u["message"]["chat"]["id"]) for u in got]

        async def send(chat_id: int, text: str) -> None:
            await post("sendMessage", {"chat_id": chat_id, "text": text})

        return get_updates, send, session.close

    if kind == "ptb":
        import telegram

        _mark_imported()
        ptb = telegram.Bot(token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot")
        await ptb.initialize()  # getMe

        async def get_updates(offset: int | None) -> list[tuple[int, int]]:
            got = await ptb.get_updates(offset=offset, limit=1, timeout=0)
            return [(u.update_id, u.message.chat.id) for u in got if u.message]

        async def send(chat_id: int, text: str) -> None:
            await ptb.send_message(chat_id, text)

        return get_updates, send, ptb.shutdown

    if kind == "httpx":
        import httpx

        _mark_imported()
        client = httpx.AsyncClient(timeout=30)

        async def post(method: str, params: dict[str, Any]) -> Any:
            response = await client.post(f"{api}/bot{token}/{method}", json=params)
            return response.json()["result"]

        await post("getMe", {})

        async def get_updates(offset: int | None) -> list[tuple[int, int]]:
            got = await post("getUpdates", {"offset": offset, "limit": 1, "timeout": 0})
            return [(u["update_id"], u["message"]["chat"]["id"]) for u in got]

        async def send(chat_id: int, text: str) -> None:
            await post("sendMessage", {"chat_id": chat_id, "text": text})

        return get_updates, send, client.aclose

    if kind == "aiohttp":
        import aiohttp

        _mark_imported()
        http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

        async def post(method: str, params: dict[str, Any]) -> Any:
            async with http.post(f"{api}/bot{token}/{method}", json=params) as resp:
                return json.loads(await resp.text())["result"]

        await post("getMe", {})

        async def get_updates(offset: int | None) -> list[tuple[int, int]]:
            got = await post("getUpdates", {"offset": offset, "limit": 1, "timeout": 0})
            return [(u["update_id"], u["message"]["chat"]["id"]) for u in got]

        async def send(chat_id: int, text: str) -> None:
            await post("sendMessage", {"chat_id": chat_id, "text": text})

        return get_updates, send, http.close

    if kind == "channel":
        from bot.telegram.channel import TelegramChannel
        from flows.messages import Reply

        _mark_imported()
        channel = TelegramChannel(token, api)
        await channel.start()

        async def get_updates(offset: int | None) -> list[tuple[int, int]]:
            got = await channel.get_updates(offset, timeout=0, limit=1)
            return [(u["update_id"], u["message"]["chat"]["id"]) for u in got]

        async def send(chat_id: int, text: str) -> None:
            await channel.send(str(chat_id), Reply(text))

        return get_updates, send, channel.close

    raise SystemExit(f"unknown candidate {kind}")


# ----------------------------------------------------------------------------- the parent


async def measure(kind: str, rounds: int, ptb_path: str | None) -> dict[str, Any]:
    from tests.e2e.fake_telegram import DEFAULT_TOKEN, FakeTelegram

    async with FakeTelegram(record_sends=False) as tg:
        for i in range(rounds):
            tg.send_text(tg.user(100_000 + i % 500), f"tin {i}")
        env = dict(os.environ)
        if kind == "ptb" and ptb_path:
            env["PYTHONPATH"] = ptb_path
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--child",
            kind,
            "--api",
            tg.base_url,
            "--updates",
            str(rounds),
            env=env,
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"{kind} exited {proc.returncode}")
        result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
        result["token"] = DEFAULT_TOKEN
        return result


def versions(ptb_path: str | None) -> str:
    code = (
        "import importlib.metadata as m\n"
        "for p in ('aiogram', 'python-telegram-bot', 'httpx', 'aiohttp'):\n"
        "    try: print(p, m.version(p))\n"
        "    except m.PackageNotFoundError: pass\n"
    )
    env = dict(os.environ, PYTHONPATH=ptb_path or "")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return ", ".join(out.stdout.split("\n")).strip(", ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--ptb-path", help="a --target directory holding python-telegram-bot")
    parser.add_argument("--only", nargs="*", choices=sorted(CANDIDATES))
    parser.add_argument("--child", choices=sorted(CANDIDATES), help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        from tests.e2e.fake_telegram import DEFAULT_TOKEN

        result = asyncio.run(child(args.child, args.api, DEFAULT_TOKEN, args.updates))
        print(json.dumps(result))
        return

    kinds = args.only or list(CANDIDATES)
    if not args.ptb_path and "ptb" in kinds:
        kinds.remove("ptb")
        print("python-telegram-bot left out (no --ptb-path)", file=sys.stderr)
    print(f"{args.updates} rounds of getUpdates + sendMessage, {os.cpu_count()} CPUs")
    print(versions(args.ptb_path))
    print()
    print(
        "| transport                           | import s | import MB | RSS at rest MB "
        "| peak RSS MB | CPU ms/update | wall ms/update |"
    )
    print(
        "|-------------------------------------|----------|-----------|----------------"
        "|-------------|---------------|----------------|"
    )
    for kind in kinds:
        r = asyncio.run(measure(kind, args.updates, args.ptb_path))
        print(
            f"| {CANDIDATES[kind]:<35} | {r['import_s']:>8.2f} | {r['import_mb']:>9.1f} "
            f"| {r['rest_mb']:>14.1f} | {r['peak_mb']:>11.1f} | {r['cpu_ms']:>13.2f} "
            f"| {r['wall_ms']:>14.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
