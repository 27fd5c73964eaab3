"""The console chat as a user meets it: `ocop-bot chat` as a subprocess, then the export."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from storage.database import Database
from tests.harness import REGISTRATION_ANSWERS

OCOP_BOT = str(Path(sys.executable).with_name("ocop-bot"))


def run(args: list[str], env: dict[str, str], stdin: str = "") -> str:
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
    assert row["registration_number"] == "001/PĐK-42-441-2026"
    assert row["product_name"] == "Mật ong rừng Vũ Quang"
    assert row["commune"] == "Xã Ân Phú"
    assert row["district"] == "Huyện Vũ Quang"
    assert row["phone"] == "+84912345678"
    assert row["retail_price_vnd"] == "150000"
    assert row["state"] == "submitted"
    assert row["photo_count"] == "2"
    for path in row["photo_paths"].split(";"):
        assert Path(path).is_file()

    xlsx = tmp_path / "ideas.xlsx"
    run(["export", "ideas", "--format", "xlsx", "--out", str(xlsx)], env)
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet is not None
    assert sheet.cell(row=2, column=1).value == "001/PĐK-42-441-2026"

    # A later run is the same person: the bot still knows the idea.
    out = run(["chat", "--user", "hoa", "--lang", "en"], env, "/start\n2\n")
    assert "Your ideas (1):" in out
    assert "001/PĐK-42-441-2026" in out


async def test_an_unfinished_form_resumes_after_a_restart(
    database: Database, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, database)
    run(["chat", "--user", "nam"], env, "/start\n1\nTrần Văn Nam\n2\n")
    out = run(["chat", "--user", "nam"], env, "0912345678\n1\n0912345678\n")
    assert "Anh/chị có bản đăng ký chưa xong từ" in out
    assert "Bước 3/13" in out
    # Nothing of the first run is sent again: its replies were all marked sent.
    assert out.index("bản đăng ký chưa xong") < out.index("Bước 3/13")
    assert "Bước 4/13" in out


async def test_a_missing_photo_file_is_answered_politely(
    database: Database, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, database)
    lines = ["/start", "1", *REGISTRATION_ANSWERS, "/photo /nonexistent/photo.jpg"]
    out = run(["chat", "--user", "x"], env, "\n".join(lines) + "\n")
    assert "Tôi chưa tải được ảnh này" in out


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
    assert "Tem này đã được kiểm tra 2 lần" in out
    assert "Tem này đã được kiểm tra 3 lần" in out
    assert "Không có tem OCOP nào mang số 0000-0000" in out

    report = run(["stamps", "verify", "--json", str(first), str(second)], env)
    records = [json.loads(line) for line in report.splitlines()]
    assert [r["status"] for r in records] == ["genuine", "genuine"]
    assert [r["checks"] for r in records] == [4, 1]
    assert records[0]["serial"] == first.stem
    assert records[0]["product"] == "Mật ong rừng Vũ Quang"

    run(["stamps", "revoke", "--serial", second.stem], env)
    report = run(["stamps", "verify", "--json", str(second)], env)
    assert json.loads(report)["status"] == "revoked"
