"""Texts of /reminders (flows/reminder_preferences.py): a person pauses, stops or turns back
on their own reminders.

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "REMINDERS_LOADING": ("Đang xem cài đặt nhắc nhở…", "Looking up your reminders…"),
    "REMINDERS_ON": (
        "Nhắc nhở của anh/chị đang bật: Trợ lý nhắc khi có việc cần làm hoặc có thông báo.",
        "Your reminders are on: the assistant reminds you when something needs doing or "
        "there is an announcement.",
    ),
    "REMINDERS_PAUSED": (
        "Nhắc nhở của anh/chị đang tạm dừng đến {date}.",
        "Your reminders are paused until {date}.",
    ),
    "REMINDERS_STOPPED": (
        "Anh/chị đã dừng hẳn nhắc nhở.",
        "You stopped your reminders.",
    ),
    "REMINDERS_OFFICER_NOTE": (
        "Lưu ý: hạn theo quy định của cán bộ (như hạn gửi ý tưởng lên tỉnh, hạn báo cáo "
        "tháng) vẫn được nhắc, không tạm dừng được.",
        "Note: an officer's legal deadlines (such as sending ideas to the province, the "
        "monthly report) are still reminded: they cannot be paused.",
    ),
    "REMINDERS_ASK": ("Anh/chị muốn làm gì?", "What would you like to do?"),
    "REMINDERS_PAUSE": ("Tạm dừng {days} ngày", "Pause for {days} days"),
    "REMINDERS_STOP": ("Dừng hẳn", "Stop them"),
    "REMINDERS_TURN_ON": ("Bật lại nhắc nhở", "Turn them back on"),
    "REMINDERS_LEAVE": ("Giữ nguyên", "Leave as it is"),
    "REMINDERS_SET_PAUSED": (
        "✅ Đã tạm dừng nhắc nhở đến {date}. Gửi /nhacnho để bật lại sớm hơn.",
        "✅ Reminders paused until {date}. Send /reminders to turn them on sooner.",
    ),
    "REMINDERS_SET_STOPPED": (
        "✅ Đã dừng hẳn nhắc nhở. Gửi /nhacnho khi anh/chị muốn bật lại.",
        "✅ Reminders stopped. Send /reminders when you want them back.",
    ),
    "REMINDERS_SET_ON": ("✅ Đã bật lại nhắc nhở.", "✅ Reminders are back on."),
    "REMINDERS_LEFT": ("Đã giữ nguyên.", "Left as it was."),
}
