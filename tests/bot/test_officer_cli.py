"""Officers from the command line to the chat, as subprocesses: invite, enrol by the printed
code, list, revoke, export the audit log."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

from openpyxl import load_workbook

from storage.database import Database
from tests.bot.test_console import OCOP_BOT, bot_env, run


async def test_invite_enrol_list_revoke_and_export(database: Database, tmp_path: Path) -> None:
    env = bot_env(tmp_path, database)
    env["OCOP_TELEGRAM_BOT_USERNAME"] = "ocop_hatinh_bot"
    made = run(
        ["officer", "invite", "--role", "district", "--area", "441", "--name", "Lê Văn B"], env
    )
    code = made.strip().splitlines()[-1]
    assert "cán bộ cấp huyện, Huyện Vũ Quang (Lê Văn B)" in made
    assert f"https://t.me/ocop_hatinh_bot?start=officer-{code}" in made

    chat = run(["chat", "--user", "x"], env, f"/officer {code}\n")
    assert "đã được ghi nhận là cán bộ cấp huyện, Huyện Vũ Quang" in chat
    assert "Vai trò của tôi" in chat
    again = run(["chat", "--user", "y"], env, f"/officer {code}\n")
    assert "đã được dùng rồi" in again

    listed = run(["officer", "list"], env)
    assert "Lê Văn B — cán bộ cấp huyện, Huyện Vũ Quang · console x" in listed
    rows = [json.loads(line) for line in run(["officer", "list", "--json"], env).splitlines()]
    officer = next(r for r in rows if r["kind"] == "officer")
    assert (officer["external_id"], officer["role"], officer["area"]) == ("x", "district", "441")

    revoked = run(["officer", "revoke", "--user", str(officer["user_id"])], env)
    assert "Đã thu hồi quyền" in revoked
    assert "Lê Văn B" not in run(["officer", "list"], env)
    roles = run(["chat", "--user", "x"], env, "/vaitro\n")
    assert "Vai trò của tôi" not in roles

    out = tmp_path / "audit.csv"
    run(["export", "audit", "--out", str(out)], env)
    with out.open(encoding="utf-8-sig") as fh:
        actions = [row["Việc"] for row in csv.DictReader(fh)]
    assert actions == [
        "officer.invited",
        "officer.enrolled",
        "officer.invite_failed",
        "officer.revoked",
        "auth.refused",  # /vaitro, no longer an officer: refusals are logged too
    ]
    book = tmp_path / "audit.xlsx"
    run(["export", "audit", "--out", str(book), "--format", "xlsx", "--lang", "en"], env)
    sheet = load_workbook(book).active
    assert sheet is not None
    assert [c.value for c in sheet[1]][:4] == ["Id", "At", "Actor (user id)", "Action"]
    assert sheet.cell(row=2, column=3).value == "command line"


async def test_an_unknown_area_or_a_district_under_2025_is_refused(
    database: Database, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, database)
    wrong = subprocess.run(
        [OCOP_BOT, "officer", "invite", "--role", "commune", "--area", "999"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert wrong.returncode == 2 and "Không tìm thấy địa bàn “999”" in wrong.stderr
    env["OCOP_ADMIN_STRUCTURE"] = "2025"
    district = subprocess.run(
        [OCOP_BOT, "officer", "invite", "--role", "district", "--area", "441"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert district.returncode == 2 and "không còn cấp huyện" in district.stderr
    assert "Chưa có cán bộ nào." in run(["officer", "list"], env)
    province = run(["officer", "invite", "--role", "province"], env)
    assert "cán bộ cấp tỉnh, Tỉnh Hà Tĩnh" in province
    code = province.strip().splitlines()[-1]
    assert "t.me" not in province  # the bot's username is not known
    assert "Đã hủy mã mời" in run(["officer", "revoke", "--code", code.lower()], env)
    assert "đã bị quản trị viên hủy" in run(["chat", "--user", "z"], env, f"/canbo {code}\n")
