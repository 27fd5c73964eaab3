"""Texts of an idea's history (flows/idea_history.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "HISTORY_LOADING": ("Đang tìm lịch sử của ý tưởng…", "Looking up the idea's history…"),
    "HISTORY_WHICH": (
        "Anh/chị gõ số ý tưởng hoặc số đăng ký sau lệnh. Ví dụ: /lichsu 12 hoặc "
        "/lichsu 001/PĐK-42-441-2026",
        "Please type the idea's number or its registration number after the command. "
        "Example: /history 12 or /history 001/PĐK-42-441-2026",
    ),
    "HISTORY_HEAD": (
        "🕘 Lịch sử ý tưởng «{product}» ({number}), trang {page}/{pages}:",
        "🕘 History of the idea «{product}» ({number}), page {page}/{pages}:",
    ),
    "HISTORY_EMPTY": ("Chưa có việc gì được ghi lại.", "Nothing has been recorded yet."),
    "HISTORY_MORE": (
        "Còn nữa: gõ /lichsu {idea} để xem hết.",
        "There is more: type /history {idea} to see it all.",
    ),
    "HISTORY_ROW": ("• {when}: {what}", "• {when}: {what}"),
    "HISTORY_ROW_WHO": ("• {when}: {what} ({who})", "• {when}: {what} ({who})"),
    "HISTORY_NOTE": ("   Ghi chú của cán bộ: {note}", "   Officer's note: {note}"),
    "HISTORY_WHO": ("{name}, {title}", "{name}, {title}"),
    "HISTORY_WITH_PHOTOS": (" (kèm {n} ảnh)", " (with {n} photos)"),
    "HISTORY_NEXT_PAGE": ("Trang sau", "Next page"),
    "HISTORY_PREVIOUS_PAGE": ("Trang trước", "Previous page"),
    "HISTORY_DONE": ("Xong", "Done"),
    # Who, as the subject of a sentence.
    "HISTORY_BY_COMMUNE": ("Xã", "The commune"),
    "HISTORY_BY_DISTRICT": ("Huyện", "The district"),
    "HISTORY_BY_PROVINCE": ("Tỉnh", "The province"),
    "HISTORY_BY_PRODUCER": ("Người đăng ký", "The applicant"),
    "HISTORY_BY_SOMEONE": ("Cán bộ", "An officer"),
    # Who, as a title after a name.
    "HISTORY_TITLE_COMMUNE": ("cán bộ xã", "commune officer"),
    "HISTORY_TITLE_DISTRICT": ("cán bộ huyện", "district officer"),
    "HISTORY_TITLE_PROVINCE": ("cán bộ tỉnh", "province officer"),
    # What was done; each takes {by} (and {text}, {points}, {stars} where they fit).
    "HISTORY_DID_SUBMIT": ("{by} gửi ý tưởng", "{by} sent the idea"),
    "HISTORY_DID_FORWARD": ("{by} chuyển lên huyện", "{by} forwarded it to the district"),
    "HISTORY_DID_SEND_PROVINCE": ("{by} gửi lên tỉnh", "{by} sent it to the province"),
    "HISTORY_DID_SELECT": ("{by} chọn, gửi lên tỉnh", "{by} selected it for the province"),
    "HISTORY_DID_APPROVE": ("{by} thẩm định: đạt", "{by} approved it"),
    "HISTORY_DID_RETURN": ("{by} hỏi thêm: {text}", "{by} asked: {text}"),
    "HISTORY_DID_REJECT": ("{by} không chọn, lý do: {text}", "{by} did not select it: {text}"),
    "HISTORY_DID_ANSWER": ("{by} trả lời: {text}", "{by} answered: {text}"),
    "HISTORY_DID_SEND_PLAN": (
        "{by} gửi phương án kinh doanh",
        "{by} sent the business plan",
    ),
    "HISTORY_DID_APPROVE_PLAN": (
        "{by} duyệt phương án kinh doanh",
        "{by} approved the business plan",
    ),
    "HISTORY_DID_DEVELOP": (
        "{by} cho bắt đầu phát triển sản phẩm",
        "{by} started the product's development",
    ),
    "HISTORY_DID_EVALUATE": (
        "{by} chuyển sang đánh giá, xếp hạng",
        "{by} sent it to evaluation",
    ),
    "HISTORY_DID_SCORE": ("{by} chấm {points} điểm", "{by} scored it {points} points"),
    "HISTORY_DID_CERTIFY": (
        "{by} chấm {points} điểm, công nhận {stars} sao",
        "{by} scored it {points} points and certified {stars} stars",
    ),
    "HISTORY_COUNCIL_DISTRICT": ("Hội đồng cấp huyện", "The district council"),
    "HISTORY_COUNCIL_PROVINCE": ("Hội đồng cấp tỉnh", "The province council"),
    "HISTORY_DID_MOVED": ("{by} chuyển sang: {state}", "{by} moved it to: {state}"),
    "HISTORY_DID_OTHER": ("{by} cập nhật hồ sơ", "{by} updated the file"),
    "HISTORY_CARD_HOW_TO": (
        "Xem lịch sử xử lý: gõ /lichsu {idea}",
        "To see what happened to it: type /history {idea}",
    ),
    "HISTORY_MY_IDEAS_HOW_TO": (
        "Xem ý tưởng đã được xử lý thế nào: gõ /lichsu kèm số đăng ký, ví dụ: /lichsu {number}",
        "To see what happened to an idea: type /history with its registration number, for "
        "example: /history {number}",
    ),
    # The province's deadline in the inbox of those who send to it (flows/deadlines.py).
    "DEADLINE_NEXT": (
        "⏳ Hạn gửi tỉnh: {date} (còn {days} ngày)",
        "⏳ Deadline for sending to the province: {date} ({days} days left)",
    ),
    "DEADLINE_TODAY": (
        "⏳ Hôm nay, {date}, là hạn cuối gửi tỉnh.",
        "⏳ Today, {date}, is the last day for sending to the province.",
    ),
    "DEADLINE_PASSED": (
        "⚠️ Đã quá hạn gửi tỉnh {passed}: ý tưởng gửi từ nay sẽ được xét ở đợt sau.",
        "⚠️ The deadline for sending to the province, {passed}, has passed: ideas sent now "
        "will be considered in the next round.",
    ),
    "REVIEW_ACTION_HISTORY": ("Xem lịch sử", "See its history"),
}
