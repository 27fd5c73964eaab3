"""`ocop-bot reminders plan|status` and `ocop-bot prune` as subprocesses, on a database with an
officer enrolled through the chat."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

from sqlalchemy import select

from storage.database import Database
from storage.models import ReminderRecord, UserRecord
from storage.unit_of_work import UnitOfWork
from tests.bot.test_console import OCOP_BOT, bot_env, run

# The district officer's deadline of 31 March, 14, 7, 3 and 1 days before at 08:00 (Vietnam).
MARCH_DEADLINE = [
    "2027-03-17T08:00:00+07:00",
    "2027-03-24T08:00:00+07:00",
    "2027-03-28T08:00:00+07:00",
    "2027-03-30T08:00:00+07:00",
]


def enrol_officer(env: dict[str, str]) -> None:
    made = run(["officer", "invite", "--role", "district", "--area", "441", "--name", "Lê B"], env)
    code = made.strip().splitlines()[-1]
    assert "đã được ghi nhận là cán bộ" in run(["chat", "--user", "x"], env, f"/officer {code}\n")


def fails(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [OCOP_BOT, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


async def test_the_plan_for_march_shows_the_deadline_reminders(
    database: Database, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, database)
    enrol_officer(env)
    # An announcement is in the table only: the plan lists it too.
    async with UnitOfWork(database) as uow:
        user = await uow.session.scalar(select(UserRecord).where(UserRecord.external_id == "x"))
        assert user is not None
        uow.session.add(
            ReminderRecord(
                kind="announcement",
                user_id=user.id,
                subject="announcement:7",
                due_at=dt.datetime(2027, 3, 5, 2, 0, tzinfo=dt.UTC),
                legal=False,
                params={"text": "Tập huấn OCOP ngày 10/3.\nHội trường huyện"},
                status="sent",
                late=False,
                created_at=dt.datetime(2027, 3, 5, 2, 0, tzinfo=dt.UTC),
            )
        )
        await uow.commit()

    table = run(["reminders", "plan", "--from", "2027-03-01", "--to", "31/03/2027"], env)
    lines = table.splitlines()
    deadline = [line for line in lines if "gửi ý tưởng sản phẩm lên tỉnh" in line]
    assert [line.split()[0] for line in deadline] == MARCH_DEADLINE
    assert all(" deadline " in line and " console:x " in line for line in deadline)
    assert "31/03/2027 (còn 14 ngày)" in deadline[0]
    announced = next(line for line in lines if " announcement " in line)
    assert announced.startswith("2027-03-05T09:00:00+07:00")
    assert "Tập huấn OCOP ngày 10/3. / Hội trường huyện" in announced  # one line

    listed = json.loads(
        run(["reminders", "plan", "--from", "2027-03-01", "--to", "2027-03-31", "--json"], env)
    )
    ours = [r for r in listed if r["subject"].startswith("deadline:ideas_to_province:")]
    assert [r["due"] for r in ours] == MARCH_DEADLINE
    assert {tuple(sorted(r)) for r in listed} == {
        ("due", "kind", "legal", "recipient", "status", "subject", "text")
    }
    assert all(r["recipient"] == "console:x" and r["legal"] for r in ours)
    assert dt.datetime.fromisoformat(ours[0]["due"]).utcoffset() == dt.timedelta(hours=7)
    assert "\n" in next(r["text"] for r in listed if r["kind"] == "announcement")

    # The last day is included: 30 March is the last reminder before the deadline.
    one_day = run(["reminders", "plan", "--from", "30/03/2027", "--to", "30/03/2027"], env)
    assert one_day.splitlines()[0].startswith("2027-03-30T08:00:00+07:00")

    status = run(["reminders", "status"], env)
    assert "announcement" in status and "Tổng: 1 nhắc việc; 0 bỏ qua" in status
    assert "Chạy thử, chưa xóa gì" in run(["prune", "--dry-run"], env)


async def test_bad_dates_are_refused_with_a_clear_message(
    database: Database, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, database)
    for args, said in (
        (["--from", "2027-02-30", "--to", "2027-03-01"], "Ngày “2027-02-30” không đúng"),
        (["--from", "01/04/2027", "--to", "2027-03-01"], "Ngày bắt đầu (01/04/2027) sau"),
        (["--from", "2027-01-01", "--to", "2028-03-01"], "tối đa 400 ngày"),
    ):
        result = fails(["reminders", "plan", *args], env)
        assert result.returncode == 2, result.stderr
        assert said in result.stderr and "Traceback" not in result.stderr
    english = fails(
        ["reminders", "plan", "--from", "March", "--to", "2027-03-01"], env | {"OCOP_LANG": "en"}
    )
    assert english.returncode == 2 and "“March” is not a date" in english.stderr
