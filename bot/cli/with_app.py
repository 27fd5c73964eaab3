"""A command's work with the app built around it and closed after, whatever happens."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable

from bot.app import App, build_app
from bot.settings import Settings


async def with_app(
    settings: Settings, work: Callable[[App], Awaitable[int]], *, exclusive: bool = False
) -> int:
    """`exclusive`: the command serves chats (one such process per SQLite database)."""
    app = await build_app(settings, exclusive=exclusive)
    try:
        return await work(app)
    finally:
        await app.close()


async def run_work(settings: Settings, args: argparse.Namespace) -> int:
    """For subcommands that set `work(app, args)` as their default."""
    work: Callable[[App, argparse.Namespace], Awaitable[int]] = args.work

    async def bound(app: App) -> int:
        return await work(app, args)

    return await with_app(settings, bound)
