"""The console chat as a user meets it: `ocop-bot chat` as a subprocess, then the export."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from PIL import Image

from flows.messages import Reply
from storage.database import Database
from storage.outbox import NewMessage
from storage.unit_of_work import UnitOfWork
from tests.harness import REGISTRATION_ANSWERS

OCOP_BOT = str(Path(sys.executable).with_name("ocop-bot"))


def run(args: list[str], env: dict[str, str], stdin: str = "") -> str:
    """The command's output; it must succeed, without a traceback."""
    result = subprocess.run(
        [OCOP_BOT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def bot_env(tmp_path: Path, database: Database) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env["OCOP_DATA_DIR"] = str(tmp_path / "data")
    env["OCOP_DATABASE_URL"] = database.url
    return env


def photos(tmp_path: Path) -> list[Path]:
    paths = []
    for i, color in enumerate([(200, 120, 30), (30, 90, 200)]):
        path = tmp_path / f"product-{i}.jpg"
        Image.new("RGB", (640, 480), color).save(path)
        paths.append(path)
    return paths


async def test_a_whole_registration_through_the_console_then_export(
    database: Database, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, database)
    first, second = photos(tmp_path)
    lines = ["/start", "1", *REGISTRATION_ANSWERS, f"/photo {first}", f"/photo {second}"]
    lines += ["xong", "1"]
    out = run(["chat", "--user", "hoa"], env, "\n".join(lines) + "\n")
    assert "Trợ lý OCOP Hà Tĩnh (tự động)" in out
    assert "1. Đăng ký ý tưởng sản phẩm" in out
    assert "✅ Đã nhận ảnh 2/5" in out
    assert "Số phiếu: 001/PĐK-42-441-2026" in out

    export = tmp_path / "ideas.csv"
    run(["export", "ideas", "--format", "csv", "--out", str(export)], env)
    with export.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1
    row = rows[0]
    assert row["Số phiếu"] == "001/PĐK-42-441-2026"
    assert row["Sản phẩm"] == "Mật ong rừng Vũ Quang"
    assert row["Xã"] == "Xã Ân Phú"
    assert row["Huyện"] == "Huyện Vũ Quang"
    assert row["Điện thoại"] == "0912 345 678"
    assert row["Giá bán (đồng)"] == "150000"
    assert row["Trạng thái"] == "Đã gửi, chờ xã xem xét"
    assert row["Số ảnh"] == "2"
    for link in (row["Ảnh 1"], row["Ảnh 2"]):
        assert Path(url2pathname(urlparse(link).path)).is_file()

    xlsx = tmp_path / "ideas.xlsx"
    run(["export", "ideas", "--format", "xlsx", "--out", str(xlsx)], env)
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet is not None
    assert sheet.cell(row=2, column=1).value == "001/PĐK-42-441-2026"
    english = tmp_path / "ideas-en.csv"
    run(["export", "ideas", "--out", str(english), "--lang", "en"], env)
    assert english.read_text(encoding="utf-8-sig").startswith("Registration no.,Applicant,")

    # A later run is the same person: the bot still knows the idea.
    out = run(["chat", "--user", "hoa", "--lang", "en"], env, "/start\n2\n")
    assert "Your ideas (1):" in out
    assert "001/PĐK-42-441-2026" in out


async def test_an_unfinished_form_goes_on_after_a_restart(
    database: Database, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, database)
    run(["chat", "--user", "nam"], env, "/start\n1\nTrần Văn Nam\n2\n")
    out = run(["chat", "--user", "nam"], env, "0912345678\n")
    # A restart is invisible: the phone is taken and the next question asked.
    assert "chưa xong" not in out
    assert "huyện (thị xã, thành phố) nào?" in out
    # Nothing of the first run is sent again: its replies were all marked sent.
    assert out.startswith("> 0912345678\n")
    assert out.count("Bước ") == 1


async def test_each_person_gets_only_their_own_replies(database: Database, tmp_path: Path) -> None:
    """`printf '/start\\n6\\n/help\\n' | ocop-bot chat --user x`, then another person's
    chat: nothing of x's is printed there, even what a killed run left undelivered."""
    env = bot_env(tmp_path, database)
    first = run(["chat", "--user", "x"], env, "/start\n6\n/help\n")
    assert first.count("Anh/chị chọn một việc:") >= 2
    async with UnitOfWork(database) as uow:
        # What a run of x's that was killed left behind: a reply written, never delivered.
        left = Reply("✅ Tem OCOP chính hãng (for x, left by a killed run)").to_json()
        await uow.outbox.add_many([NewMessage("console", "x", left)], dt.datetime.now(dt.UTC))
        await uow.commit()
    assert run(["chat", "--user", "c9"], env) == ""
    assert "for x" not in run(["chat", "--user", "c9"], env, "/help\n")
    # x's own next run delivers it first, once; a clean exit leaves nothing pending.
    again = run(["chat", "--user", "x"], env)
    assert again.count("for x, left by a killed run") == 1
    assert run(["chat", "--user", "x"], env) == ""
    async with UnitOfWork(database) as uow:
        assert await uow.outbox.chats_with_pending() == set()


async def test_ctrl_c_ends_the_chat_at_once(database: Database, tmp_path: Path) -> None:
    """Ctrl-C while the chat waits for a line ends it without waiting for Enter; the replies
    already shown are marked sent, so the next run does not show them again."""
    env = {**bot_env(tmp_path, database), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [OCOP_BOT, "chat", "--user", "lan"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None
    watchdog = threading.Timer(60, proc.kill)  # a chat that hangs fails the test, not the run
    watchdog.start()
    try:
        proc.stdin.write("/start\n")
        proc.stdin.flush()
        while "Hướng dẫn" not in (line := proc.stdout.readline()):
            assert line, "the chat ended before the menu"
        proc.send_signal(signal.SIGINT)
        try:
            # wait(), not communicate(): that would close stdin, and the end of input would
            # end the chat whether or not Ctrl-C did. A person at a terminal sends no EOF.
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            raise AssertionError("Ctrl-C did not end the chat") from None
        _, err = proc.communicate()
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Fatal" not in err, err
    assert run(["chat", "--user", "lan"], env) == ""


async def test_a_missing_photo_file_is_answered_politely(
    database: Database, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, database)
    lines = ["/start", "1", *REGISTRATION_ANSWERS, "/photo /nonexistent/photo.jpg"]
    result = subprocess.run(
        [OCOP_BOT, "chat", "--user", "x"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert "Tôi chưa tải được ảnh này" in result.stdout
    # The terminal shows the person the bot's reply, not an English log line.
    assert result.stderr == "", result.stderr


async def test_checking_a_stamp_in_the_console(database: Database, tmp_path: Path) -> None:
    env = bot_env(tmp_path, database)
    env["OCOP_PUBLIC_URL"] = "https://ocop.hatinh.example"
    run(["demo-data"], env)
    products = [json.loads(line) for line in run(["products", "list", "--json"], env).splitlines()]
    honey = next(p["id"] for p in products if p["name"] == "Mật ong rừng Vũ Quang")
    folder = tmp_path / "stamps"
    run(
        [
            "stamps",
            "issue",
            "--product",
            str(honey),
            "--count",
            "2",
            "--format",
            "png",
            "--out",
            str(folder),
        ],
        env,
    )
    first, second = sorted(folder.glob("*.png"))
    lines = ["/start", "3", f"/photo {first}", f"/photo {first}", first.stem, "/verify 0000-0000"]
    out = run(["chat", "--user", "buyer"], env, "\n".join(lines) + "\n")
    assert out.count("✅ Tem OCOP chính hãng") == 3
    assert "Tem này được kiểm tra lần đầu." in out
    assert out.count("Chỉ có anh/chị đã kiểm tra tem này") == 2  # one person, not a copy
    assert "Không có tem OCOP nào mang số 0000-0000" in out

    report = run(["stamps", "verify", "--json", str(first), str(second)], env)
    records = [json.loads(line) for line in report.splitlines()]
    assert [r["status"] for r in records] == ["genuine", "genuine"]
    assert [r["checks"] for r in records] == [1, 0]  # buyers: the officer is not one
    assert records[0]["serial"] == first.stem
    assert records[0]["product"] == "Mật ong rừng Vũ Quang"

    run(["stamps", "revoke", "--serial", second.stem], env)
    report = run(["stamps", "verify", "--json", str(second)], env)
    assert json.loads(report)["status"] == "revoked"


async def test_an_officers_decision_reaches_the_producer_at_their_own_terminal(
    database: Database, tmp_path: Path
) -> None:
    """Two people at the console in turn: the producer registers, a commune officer enrolled
    by code forwards the idea; the producer's notice waits for the producer's next chat and is
    never printed at the officer's terminal."""
    env = bot_env(tmp_path, database)
    picture = photos(tmp_path)[0]
    lines = ["/start", "1", *REGISTRATION_ANSWERS, f"/photo {picture}", "xong", "1"]
    registered = run(["chat", "--user", "hoa"], env, "\n".join(lines) + "\n")
    assert "001/PĐK-42-" in registered
    code = run(["officer", "invite", "--role", "commune", "--area", "an phu"], env)
    officer = run(
        ["chat", "--user", "xa"],
        env,
        f"/canbo {code.strip().splitlines()[-1]}\n/review\n1\n1\nbỏ qua\n",
    )
    assert "chuyển lên huyện" in officer.lower()
    assert "Anh/chị chưa cần làm gì thêm" not in officer  # the producer's words, not here
    later = run(["chat", "--user", "hoa"], env)
    assert "đã được xã xem và chuyển lên huyện" in later
    assert run(["chat", "--user", "hoa"], env) == ""  # delivered once
