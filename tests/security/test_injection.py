"""Text that attacks what it is shown in: ideas registered through the dispatcher with every
free-text answer a formula, SQL, a template or a script, then read back in each output: the
CSV and XLSX export, the monthly report, the dashboard, and the stamp page (whose product and
producer names come from officers' records). The database keeps what was typed, exactly; each
output shows it as text and nothing else."""

from __future__ import annotations

import csv
import html
import io
import zipfile
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.cli.export import cell_text, idea_rows, write_csv, write_xlsx
from bot.web.dashboard import COOKIE
from stamps.payload import make_stamp_url
from storage.database import Database
from storage.models import IdeaRecord
from storage.unit_of_work import UnitOfWork
from storage.web_logins import WebLoginRepository
from tests.handlers.test_dispatcher import jpeg
from tests.harness import REGISTRATION_ANSWERS, make_bot
from tests.security.served import serve

PAYLOADS = (
    '=HYPERLINK("http://x","y")',
    "'; DROP TABLE ideas; --",
    "{{7*7}} {product} {0} %s ${7*7}",
    "<script>alert(1)</script>",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '"><img src=x onerror=alert(1)>',
)
# Answers 0 (name), 5 (product), 7 (core value), 11 (story) are free text; 9 (volume) needs
# a quantity, so the payload leads it.
FREE_TEXT = (0, 5, 7, 11)
VOLUME = 9
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _answers(payload: str) -> list[str]:
    answers = list(REGISTRATION_ANSWERS)
    for n in FREE_TEXT:
        answers[n] = payload
    answers[VOLUME] = payload + " 500 kg"
    return answers


async def _register_all(database: Database, tmp_path: Path) -> None:
    bot = make_bot(database, tmp_path / "bot")
    for i, payload in enumerate(PAYLOADS):
        chat = f"attacker-{i}"
        await bot.say("/start", chat=chat)
        await bot.press("register", chat=chat)
        for answer in _answers(payload):
            await bot.say(answer, chat=chat)
        await bot.photo(jpeg((i, 10, 20)), chat=chat)
        await bot.say("xong", chat=chat)
        done = await bot.press("submit", chat=chat)
        assert "PĐK" in done[0].text, (payload, done[0].text)
        # The confirmation shows the name as typed: no template expanded in it.
        assert "49" not in done[0].text.replace("2026", "")


def test_formula_cells_are_neutralised_and_numbers_typed_are_kept() -> None:
    for dangerous in (*PAYLOADS, "=1+1", "\t=1", "\r=1", "-5 tấn", "+", "@"):
        if dangerous.startswith(FORMULA_START):
            assert cell_text(dangerous) == "'" + dangerous
    for kept in ("+84 912 345 678", "-5", "-1.500.000", "+1 (555) 010-999", "0912 345 678"):
        assert cell_text(kept) == kept


async def test_every_text_answer_reaches_each_output_as_text(
    database: Database, tmp_path: Path
) -> None:
    await _register_all(database, tmp_path)
    async with database.session() as session:
        ideas = list(await session.scalars(select(IdeaRecord).order_by(IdeaRecord.id)))
        assert await session.scalar(select(func.count()).select_from(IdeaRecord)) == len(PAYLOADS)
    # Stored exactly as typed (the SQL was a value, not a statement).
    for idea, payload in zip(ideas, PAYLOADS, strict=True):
        assert (idea.applicant_name, idea.product_name, idea.core_value, idea.story) == (
            (payload,) * 4
        )

    async with serve(database, tmp_path / "web") as served:
        app = served.app
        rows = await idea_rows(database, app.units, app.photo_store)
        # CSV: no cell a formula; the payload is there, neutralised with an apostrophe.
        out = tmp_path / "ideas.csv"
        write_csv(rows, out)
        cells = [c for row in csv.reader(io.StringIO(out.read_text("utf-8-sig"))) for c in row]
        for cell in cells:
            assert not cell.startswith(FORMULA_START) or cell_text(cell) == cell, cell
        for payload in PAYLOADS:
            shown = "'" + payload if payload.startswith(FORMULA_START) else payload
            assert cells.count(shown) >= 4, payload
        assert "0912 345 678" in cells
        # XLSX: strings, exactly as typed, and no formula anywhere in the file.
        book_path = tmp_path / "ideas.xlsx"
        write_xlsx(rows, book_path)
        _assert_no_formula(book_path.read_bytes())
        book = load_workbook(book_path)
        values = [c.value for row in book.active.iter_rows() for c in row]  # type: ignore[union-attr]
        for payload in PAYLOADS:
            assert values.count(payload) >= 4, payload

        async with httpx.AsyncClient(base_url=served.base) as client:
            await _log_in(client, served.app)
            page = (await client.get("/dashboard")).text
            report = await client.get("/dashboard/report.xlsx?month=" + "%3D1%2B1")
            reflected = await client.get("/dashboard/login?token=%3Cscript%3Ealert(1)%3C/script%3E")
            product_page = await _stamp_page(client, served.app)
        for payload in PAYLOADS:
            assert html.escape(payload) in page, payload
        _assert_no_markup(page)
        assert report.status_code == 200
        _assert_no_formula(report.content)
        _assert_no_markup(reflected.text)
        for payload in PAYLOADS:
            assert html.escape(payload) in product_page, payload
        _assert_no_markup(product_page)


def _assert_no_formula(xlsx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in book.read(name) and b"<f " not in book.read(name), name


def _assert_no_markup(page: str) -> None:
    for tag in ("<script", "<img src=x", '"><img'):
        assert tag not in page, tag


async def _log_in(client: httpx.AsyncClient, app: object) -> None:
    from bot.app import App

    assert isinstance(app, App)
    async with UnitOfWork(app.database) as uow:
        user = await uow.users.get_or_create("telegram", "officer", None, "vi", app.clock.now())
        await uow.users.grant(user.id, "province", None, "2020", app.clock.now())
        token = await WebLoginRepository(uow.session).create_link(user.id, app.clock.now())
        await uow.commit()
    answer = await client.post("/dashboard/login", data={"token": token})
    assert answer.status_code == 303 and COOKIE in client.cookies


async def _stamp_page(client: httpx.AsyncClient, app: object) -> str:
    """The page of a stamp whose product and producer are named by the payloads."""
    from bot.app import App

    assert isinstance(app, App)
    pages = []
    for payload in PAYLOADS:
        async with UnitOfWork(app.database) as uow:
            producer = await uow.products.add_producer(payload, "htx", "441", "18316", None)
            product, _ = await uow.products.add_product(
                name=payload,
                producer_id=producer,
                group="food",
                stars=4,
                certificate=payload[:20],
                decision_date=app.clock.now().date(),
                now=app.clock.now(),
            )
            _, serials = await uow.stamps.issue_batch(
                product, 1, app.keyring.current.kid, app.clock.now()
            )
            await uow.commit()
        url = make_stamp_url(app.public_url, app.keyring, serials[0])
        page = await client.get(url.replace("HTTP://", "http://"))
        assert page.status_code == 200
        assert "✅" in page.text, payload
        pages.append(page.text)
    return "\n".join(pages)


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
