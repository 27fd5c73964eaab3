"""Texts of `ocop-bot forget` (storage/forget.py says what goes and what stays).

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "CLI_FORGET_NO_USER": (
        "Không có người dùng «{who}». Ghi kênh:mã (ví dụ telegram:12345) hoặc số của người dùng.",
        "There is no user «{who}». Give channel:id (for example telegram:12345) or the user's "
        "number.",
    ),
    "CLI_FORGET_HEAD": (
        "Xoá dữ liệu cá nhân của người dùng số {user} ({channel}):",
        "Forgetting user {user} ({channel}):",
    ),
    "CLI_FORGET_LINE": ("  • {label}: {count}", "  • {label}: {count}"),
    "CLI_FORGET_KEEPS": (
        "Số liệu thống kê vẫn được giữ (không còn tên, số điện thoại hay mã trò chuyện).",
        "The figures keep counting them (with no name, phone number or chat id).",
    ),
    "CLI_FORGET_DRY_RUN": ("Chạy thử: chưa xoá gì.", "Dry run: nothing was changed."),
    "CLI_FORGET_CONFIRM": (
        "Việc này không hoàn tác được. Gõ «xoa» để xác nhận: ",
        "This cannot be undone. Type «forget» to confirm: ",
    ),
    "CLI_FORGET_CANCELLED": ("Đã huỷ, chưa xoá gì.", "Cancelled; nothing was changed."),
    "CLI_FORGET_DONE": (
        "Đã xoá dữ liệu cá nhân của người dùng số {user}.",
        "User {user}'s personal data is gone.",
    ),
    "FORGET_CONVERSATIONS": ("cuộc trò chuyện", "conversations"),
    "FORGET_INBOX": ("tin nhắn đã nhận", "messages received"),
    "FORGET_PROCESSED_UPDATES": ("dấu đã xử lý", "processed marks"),
    "FORGET_OUTBOX": ("tin nhắn đã gửi cho họ", "messages sent to them"),
    "FORGET_DELIVERY_MARKS": ("dấu đã giao", "delivery marks"),
    "FORGET_REMINDERS": ("lời nhắc chưa gửi", "reminders not yet sent"),
    "FORGET_REMINDER_PREFERENCES": ("cài đặt nhắc việc", "reminder settings"),
    "FORGET_WEB_LOGINS": ("đăng nhập trang web", "web logins"),
    "FORGET_IDEAS_ANONYMISED": (
        "hồ sơ đăng ký bỏ tên và số điện thoại",
        "registrations with name and phone removed",
    ),
    "FORGET_IDEAS_PUBLIC": (
        "trong đó là sản phẩm OCOP đã công nhận (giữ lại)",
        "of which certified OCOP products (kept)",
    ),
    "FORGET_PHOTOS_DELETED": ("ảnh bị xoá", "photos deleted"),
    "FORGET_DOCUMENTS_DELETED": ("tệp phương án bị xoá", "plan files deleted"),
    "FORGET_STAMP_CHECKS": (
        "lượt kiểm tra tem (giữ kết quả, bỏ dấu người)",
        "stamp checks (results kept, person unlinked)",
    ),
    "FORGET_ROLES_REVOKED": ("quyền cán bộ bị thu hồi", "officer grants revoked"),
    "FORGET_AUDIT_SCRUBBED": ("mục nhật ký bỏ thông tin cá nhân", "audit entries cleaned"),
}
