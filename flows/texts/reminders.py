"""Texts of reminders (flows/reminder_texts.py) and of /deadlines (flows/deadline_list.py).

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # --- a calendar deadline ------------------------------------------------------------
    "REMINDER_DEADLINE": (
        "⏰ Nhắc hạn: {name}. Hạn: {date} (còn {days} ngày).",
        "⏰ Deadline: {name}. Due: {date} ({days} days left).",
    ),
    "REMINDER_DEADLINE_TODAY": (
        "⏰ Hôm nay, {date}, là hạn cuối: {name}.",
        "⏰ Today, {date}, is the last day: {name}.",
    ),
    "REMINDER_DEADLINE_LATE": (
        "⚠️ Hạn {date} đã qua {late} ngày: {name}.",
        "⚠️ The deadline of {date} passed {late} days ago: {name}.",
    ),
    "REMINDER_FIGURE_SELECTION": (
        "Còn {n} ý tưởng chờ anh/chị xem xét, chọn và gửi đi.",
        "{n} ideas still wait for your review and selection.",
    ),
    "REMINDER_FIGURE_WAITING": (
        "Có {n} hồ sơ đang chờ anh/chị xử lý.",
        "{n} files are waiting for you.",
    ),
    "REMINDER_FIGURE_DISTRICT_COUNCIL": (
        "Còn {n} sản phẩm chờ hội đồng cấp huyện chấm điểm.",
        "{n} products still wait for the district council's score.",
    ),
    "REMINDER_FIGURE_PROVINCE_COUNCIL": (
        "Còn {n} sản phẩm chờ tỉnh chấm điểm và cấp chứng nhận.",
        "{n} products still wait for the province's score and certificate.",
    ),
    "REMINDER_FIGURE_CLEAR": (
        "Hiện không còn hồ sơ nào chờ anh/chị.",
        "Nothing is waiting for you now.",
    ),
    "REMINDER_COMMAND": ("Gõ /{command} để làm việc này.", "Send /{command} to do it."),
    # --- work waiting ------------------------------------------------------------------
    "REMINDER_WAITING": (
        "⏳ Ý tưởng «{product}» ({number}) đã chờ anh/chị xử lý {days} ngày, từ {since}.",
        "⏳ The idea «{product}» ({number}) has waited for you {days} days, since {since}.",
    ),
    "REMINDER_WAITING_UP": (
        "⏳ Ý tưởng «{product}» ({number}) đã chờ {who} xử lý {days} ngày, từ {since}. "
        "Anh/chị có thể nhắc hoặc hỗ trợ.",
        "⏳ The idea «{product}» ({number}) has waited for {who} {days} days, since {since}. "
        "You may remind or help them.",
    ),
    "REMINDER_WHO_COMMUNE": ("cán bộ xã", "the commune officer"),
    "REMINDER_WHO_DISTRICT": ("cán bộ huyện", "the district officer"),
    "REMINDER_WHO_PROVINCE": ("cán bộ tỉnh", "the province officer"),
    # --- producers -----------------------------------------------------------------------
    "REMINDER_REGISTRATION": (
        "📝 Anh/chị đang đăng ký dở một ý tưởng sản phẩm. Các câu đã trả lời vẫn được giữ: "
        "gõ /dangky để làm tiếp.",
        "📝 You have a product idea registration left unfinished. Your answers are kept: "
        "send /register to go on.",
    ),
    "REMINDER_REGISTRATION_CONTINUE": ("Đăng ký tiếp", "Go on registering"),
    "REMINDER_QUESTION": (
        "❓ Cán bộ đã hỏi thêm về ý tưởng «{product}» ({number}) từ {since} và đang chờ "
        "anh/chị trả lời.",
        "❓ An officer asked about your idea «{product}» ({number}) on {since} and is waiting "
        "for your answer.",
    ),
    "REMINDER_PLAN_DUE": (
        "📄 Ý tưởng «{product}» ({number}) đã được tỉnh thẩm định đạt từ {since}. Bước tiếp "
        "theo: gửi phương án sản xuất kinh doanh.",
        "📄 Your idea «{product}» ({number}) was approved by the province on {since}. Next "
        "step: send its business plan.",
    ),
    "REMINDER_CERTIFICATE": (
        "🏅 Giấy chứng nhận OCOP của «{product}» hết hạn ngày {date} (còn {days} ngày). Hãy "
        "đăng ký đánh giá lại, nếu không sản phẩm sẽ mất sao.",
        "🏅 The OCOP certificate of «{product}» ends on {date} ({days} days left). Register "
        "for re-evaluation, or the product loses its stars.",
    ),
    "REMINDER_CERTIFICATE_OFFICER": (
        "🏅 Giấy chứng nhận OCOP của «{product}» hết hạn ngày {date} (còn {days} ngày). Chủ "
        "thể không dùng bot: anh/chị hãy báo họ đăng ký đánh giá lại, nếu không sản phẩm sẽ "
        "mất sao.",
        "🏅 The OCOP certificate of «{product}» ends on {date} ({days} days left). Its "
        "producer does not use the bot: please tell them to register for re-evaluation, or "
        "the product loses its stars.",
    ),
    "REMINDER_CERTIFICATE_LATE": (
        "🏅 Giấy chứng nhận OCOP của «{product}» đã hết hạn ngày {date}, quá {late} ngày. "
        "Sản phẩm cần được đánh giá lại để giữ sao.",
        "🏅 The OCOP certificate of «{product}» ended on {date}, {late} days ago. The "
        "product must be evaluated again to keep its stars.",
    ),
    # --- options -----------------------------------------------------------------------
    "REMINDER_OPEN_INBOX": ("Mở hồ sơ chờ xử lý", "Open my inbox"),
    "REMINDER_PAUSE": ("Tạm dừng nhắc", "Pause reminders"),
    # --- /deadlines ----------------------------------------------------------------------
    "MENU_DEADLINES": ("Hạn sắp tới", "Coming deadlines"),
    "DEADLINES_NO_CALENDAR": (
        "Chưa có lịch hạn nào được cài cho tỉnh.",
        "No calendar of deadlines is set up for the province.",
    ),
    "DEADLINES_LOADING": ("Đang xem các hạn sắp tới…", "Looking up the coming deadlines…"),
    "DEADLINES_HEAD": (
        "📅 Hạn sắp tới của anh/chị (hôm nay {today}):",
        "📅 Your coming deadlines (today {today}):",
    ),
    "DEADLINES_NONE": (
        "Không có hạn nào liên quan đến anh/chị.",
        "No deadline concerns you.",
    ),
    "DEADLINES_ROW": (
        "• {date} — {name} (còn {days} ngày)",
        "• {date} — {name} ({days} days left)",
    ),
    "DEADLINES_ROW_TODAY": ("• Hôm nay, {date} — {name}", "• Today, {date} — {name}"),
    "DEADLINES_ROLE": ("  Vai trò: {who}, {area}", "  As: {who}, {area}"),
    "DEADLINES_DETAIL": ("  {text}", "  {text}"),
    "DEADLINES_AT": ("{days} lúc {hour}", "{days} at {hour}"),
    "DEADLINES_PLANNED": ("  Sẽ nhắc: {when}", "  Reminders: {when}"),
    "DEADLINES_NO_MORE": ("  Không còn lần nhắc nào trước hạn.", "  No reminder left before it."),
    "DEADLINES_FOOT": (
        "Đây là các hạn theo kế hoạch của tỉnh: lời nhắc của chúng không tạm dừng được.",
        "These are deadlines of the province's plan: their reminders cannot be paused.",
    ),
}
