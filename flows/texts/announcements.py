"""Texts of announcements (flows/announcement.py): the officer's questions and preview, what
recipients receive, and their "Tôi sẽ tham gia".

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # --- the officer's questions --------------------------------------------------------
    "MENU_ANNOUNCE": ("Gửi thông báo", "Send an announcement"),
    "ANNOUNCE_FOR_OFFICERS": (
        "Gửi thông báo dành cho cán bộ OCOP cấp huyện và cấp tỉnh. Nếu anh/chị là cán bộ, "
        "gửi /canbo kèm mã mời để được ghi nhận.",
        "Sending announcements is for district and province OCOP officers. If you are an "
        "officer, send /officer with your invitation code to be enrolled.",
    ),
    "ANNOUNCE_ASK_AUDIENCE": (
        "Anh/chị muốn gửi thông báo cho ai?",
        "Who should receive the announcement?",
    ),
    "ANNOUNCE_TO_DISTRICT_OWN": (
        "Các chủ thể đã đăng ký ở {district}",
        "The producers registered in {district}",
    ),
    "ANNOUNCE_TO_DISTRICT_ANY": (
        "Các chủ thể đã đăng ký ở một huyện",
        "The producers registered in one district",
    ),
    "ANNOUNCE_TO_GROUP_IN": (
        "Các chủ thể một nhóm sản phẩm ở {district}",
        "The producers of one product group in {district}",
    ),
    "ANNOUNCE_TO_GROUP_ALL": (
        "Các chủ thể một nhóm sản phẩm (cả tỉnh)",
        "The producers of one product group (the whole province)",
    ),
    "ANNOUNCE_TO_COMMUNE_OFFICERS_IN": (
        "Cán bộ OCOP cấp xã ở {district}",
        "The commune OCOP officers of {district}",
    ),
    "ANNOUNCE_TO_COMMUNE_OFFICERS_ALL": (
        "Tất cả cán bộ OCOP cấp xã",
        "Every commune OCOP officer",
    ),
    "ANNOUNCE_TO_DISTRICT_OFFICERS": (
        "Tất cả cán bộ OCOP cấp huyện",
        "Every district OCOP officer",
    ),
    "ANNOUNCE_ASK_DISTRICT": (
        "Gửi cho các chủ thể ở huyện nào? Anh/chị gõ số hoặc tên, ví dụ: {example}\n{nav}",
        "The producers of which district? Type its number or name, for example: {example}\n{nav}",
    ),
    "ANNOUNCE_DISTRICT_UNKNOWN": (
        "Tôi chưa tìm thấy huyện «{typed}». Anh/chị gõ số trong danh sách, hoặc tên như: "
        "{example}.",
        "I found no district «{typed}». Please type its number in the list, or a name like: "
        "{example}.",
    ),
    "ANNOUNCE_DISTRICT_WHICH": (
        "Có {count} nơi tên như vậy: {names}. Anh/chị gõ số trong danh sách.",
        "{count} places have that name: {names}. Please type its number in the list.",
    ),
    "ANNOUNCE_ASK_GROUP": (
        "Gửi cho các chủ thể nhóm sản phẩm nào?\n{nav}",
        "The producers of which product group?\n{nav}",
    ),
    "ANNOUNCE_ASK_TOPIC": (
        "Thông báo về việc gì?",
        "What is the announcement about?",
    ),
    "ANNOUNCE_TOPIC_TRAINING": ("Lớp tập huấn", "A training session"),
    "ANNOUNCE_TOPIC_FAIR": ("Hội chợ, triển lãm", "A fair or exhibition"),
    "ANNOUNCE_TOPIC_OTHER": ("Việc khác", "Something else"),
    "ANNOUNCE_ASK_TEXT": (
        "Anh/chị gõ nội dung thông báo (tối đa {max} ký tự): ngày giờ, địa điểm, ai nên đến. "
        "Ví dụ: Lớp tập huấn bán hàng trên mạng, 8 giờ sáng 25/3 tại hội trường UBND huyện.",
        "Type the announcement (at most {max} characters): the day and time, the place, who "
        "should come. For example: Training on selling online, 8 am on 25/3 at the district "
        "hall.",
    ),
    "ANNOUNCE_TEXT_NEEDED": (
        "Anh/chị gõ vài chữ nội dung thông báo.",
        "Please type a few words of the announcement.",
    ),
    "ANNOUNCE_TEXT_TOO_LONG": (
        "Nội dung dài {length} ký tự, tối đa {max}. Anh/chị viết ngắn lại.",
        "The announcement is {length} characters long, at most {max}. Please shorten it.",
    ),
    # --- the preview --------------------------------------------------------------------
    "ANNOUNCE_PREVIEW": (
        "Anh/chị xem lại trước khi gửi.\n"
        "• Người nhận: {audience} — {count} người{blocked}\n"
        "• Mỗi người nhận được đúng tin dưới đây:\n"
        "――――――――――\n"
        "{message}\n"
        "――――――――――",
        "Please check before sending.\n"
        "• Recipients: {audience} — {count} people{blocked}\n"
        "• Each of them receives exactly this message:\n"
        "――――――――――\n"
        "{message}\n"
        "――――――――――",
    ),
    "ANNOUNCE_PREVIEW_BLOCKED": (
        " ({blocked} người đã chặn Trợ lý nên không nhận được)",
        " ({blocked} more blocked the assistant and cannot receive it)",
    ),
    "ANNOUNCE_PREVIEW_BUTTON": ("[Nút: {label}]", "[Button: {label}]"),
    "ANNOUNCE_AUDIENCE_DISTRICT": (
        "các chủ thể đã đăng ký ở {district}",
        "the producers registered in {district}",
    ),
    "ANNOUNCE_AUDIENCE_GROUP": (
        "các chủ thể nhóm «{group}» ở {area}",
        "the producers of «{group}» in {area}",
    ),
    "ANNOUNCE_AUDIENCE_COMMUNE_OFFICERS": (
        "cán bộ OCOP cấp xã ở {area}",
        "the commune OCOP officers of {area}",
    ),
    "ANNOUNCE_AUDIENCE_DISTRICT_OFFICERS": (
        "cán bộ OCOP cấp huyện ở {area}",
        "the district OCOP officers of {area}",
    ),
    "ANNOUNCE_SEND": ("Gửi đi", "Send"),
    "ANNOUNCE_EDIT_AUDIENCE": ("Sửa người nhận", "Change the recipients"),
    "ANNOUNCE_EDIT_TOPIC": ("Sửa loại thông báo", "Change what it is about"),
    "ANNOUNCE_EDIT_TEXT": ("Sửa nội dung", "Change the text"),
    "ANNOUNCE_DISCARD": ("Hủy, không gửi", "Cancel, do not send"),
    "ANNOUNCE_NOBODY": (
        "⚠️ Chưa có ai nhận được thông báo này. Anh/chị chọn người nhận khác, hoặc hủy.",
        "⚠️ Nobody would receive this announcement. Please choose other recipients, or cancel.",
    ),
    "ANNOUNCE_DISCARDED": (
        "Đã hủy, thông báo không được gửi.",
        "Cancelled: the announcement was not sent.",
    ),
    "ANNOUNCE_SENT": (
        "✅ Đã gửi thông báo tới {count} người. Họ sẽ nhận được trong ít phút.",
        "✅ The announcement is sent to {count} people. They receive it within minutes.",
    ),
    "ANNOUNCE_SENT_MORNING": (
        "✅ Đã gửi thông báo tới {count} người. Ban đêm Trợ lý không nhắn tin, nên họ sẽ "
        "nhận được từ {time} ngày {date}.",
        "✅ The announcement is sent to {count} people. The assistant sends nothing at night, "
        "so they receive it from {time} on {date}.",
    ),
    "ANNOUNCE_AUTH_LEVEL": (
        "⛔ Anh/chị chỉ gửi được cho cán bộ cấp dưới trong địa bàn của mình.",
        "⛔ You may only address the officers below you, in your own area.",
    ),
    # --- what recipients receive ----------------------------------------------------------
    "ANNOUNCEMENT_HEAD_TRAINING": (
        "Thông báo lớp tập huấn OCOP",
        "OCOP training announcement",
    ),
    "ANNOUNCEMENT_HEAD_FAIR": (
        "Thông báo hội chợ, triển lãm OCOP",
        "OCOP fair announcement",
    ),
    "ANNOUNCEMENT_HEAD_OTHER": ("Thông báo của chương trình OCOP", "OCOP announcement"),
    "ANNOUNCEMENT_FROM": ("Người gửi: {sender}", "From: {sender}"),
    "ANNOUNCEMENT_ATTEND_HINT": (
        "Bà con sẽ tham gia thì bấm «Tôi sẽ tham gia» để cán bộ chuẩn bị chỗ.",
        "If you will come, press «I will attend» so that the officers keep you a place.",
    ),
    "ANNOUNCEMENT_ATTEND": ("Tôi sẽ tham gia", "I will attend"),
    "ANNOUNCEMENT_PAUSE": ("Tạm dừng nhắc", "Pause reminders"),
    "ANNOUNCEMENT_THANKS": (
        "✅ Cảm ơn anh/chị! Tôi đã ghi anh/chị sẽ tham gia.",
        "✅ Thank you! I noted that you will attend.",
    ),
    "ANNOUNCEMENT_ALREADY": (
        "Tôi đã ghi anh/chị sẽ tham gia từ trước rồi. Cảm ơn anh/chị!",
        "I had noted already that you will attend. Thank you!",
    ),
    "ANNOUNCEMENT_NOT_YOURS": (
        "Thông báo này không gửi cho anh/chị, hoặc không còn nhận trả lời.",
        "This announcement was not sent to you, or takes no answers.",
    ),
    "ANNOUNCEMENT_RECORDING": ("Đang ghi…", "Noting it…"),
    # --- figures --------------------------------------------------------------------------
    "STATS_WILL_ATTEND": (
        "  ({count} người đã báo sẽ tham gia các lớp tập huấn được thông báo qua Trợ lý)",
        "  ({count} people said they will attend trainings announced through the assistant)",
    ),
}
