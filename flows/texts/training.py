"""Texts of the officers' training records (flows/training.py).

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # --- recording a training -----------------------------------------------------------
    "MENU_TRAINING": ("Ghi lớp tập huấn", "Record a training"),
    "TRAINING_FOR_OFFICERS": (
        "Ghi lớp tập huấn dành cho cán bộ OCOP cấp xã, huyện và tỉnh. Nếu anh/chị là cán bộ, "
        "gửi /canbo kèm mã mời để được ghi nhận.",
        "Recording trainings is for commune, district and province OCOP officers. If you are "
        "an officer, send /officer with your invitation code to be enrolled.",
    ),
    "TRAINING_WHAT": (
        "Tập huấn OCOP — {area}. Anh/chị muốn làm gì?",
        "OCOP training — {area}. What would you like to do?",
    ),
    "TRAINING_RECORD": ("Ghi một lớp tập huấn đã tổ chức", "Record a training held"),
    "TRAINING_LIST": ("Xem các lớp đã ghi gần đây", "See the trainings recorded lately"),
    "TRAINING_ASK_DATE": (
        "Lớp tập huấn tổ chức ngày nào? Ví dụ: hôm nay, 15/3 hoặc {today}",
        "On what day was the training held? For example: today, 15/3 or {today}",
    ),
    "TRAINING_DATE_BAD": (
        "Ngày chưa đúng. Anh/chị ghi như: hôm nay, hôm qua, 15/3 hoặc 15/03/2020.",
        "That is not a day. Please write it like: today, yesterday, 15/3 or 15/03/2020.",
    ),
    "TRAINING_DATE_FUTURE": (
        "Ngày này chưa tới. Chỉ ghi lớp đã tổ chức xong.",
        "That day has not come yet. Only record a training already held.",
    ),
    "TRAINING_ASK_TOPIC": (
        "Nội dung tập huấn là gì (tối đa {max} ký tự)? Ví dụ: Xây dựng phương án sản xuất "
        "kinh doanh",
        "What was the training about (at most {max} characters)? For example: Writing a "
        "business plan",
    ),
    "TRAINING_TOPIC_NEEDED": (
        "Anh/chị ghi vài chữ về nội dung tập huấn.",
        "Please write a few words on what the training was about.",
    ),
    "TRAINING_TOPIC_TOO_LONG": (
        "Nội dung dài {length} ký tự, tối đa {max}. Anh/chị ghi ngắn lại.",
        "The topic is {length} characters long, at most {max}. Please shorten it.",
    ),
    "TRAINING_ASK_PRODUCERS": (
        "Bao nhiêu người của các chủ thể (cơ sở sản xuất, HTX, doanh nghiệp) đã tham dự? "
        "Gõ «không» nếu không có ai. Ví dụ: 25",
        "How many people of producers (households, cooperatives, firms) attended? Type «none» if "
        "nobody. For example: 25",
    ),
    "TRAINING_ASK_OFFICERS": (
        "Bao nhiêu cán bộ đã tham dự? Gõ «không» nếu không có ai. Ví dụ: 5",
        "How many officers attended? Type «none» if nobody. For example: 5",
    ),
    "TRAINING_COUNT_BAD": (
        "Anh/chị gõ một con số, ví dụ: 25 (hoặc «không» nếu không có ai).",
        "Please type a number, for example: 25 (or «none» if nobody).",
    ),
    "TRAINING_COUNT_TOO_MANY": (
        "Con số lớn quá (tối đa {max} người một lớp). Anh/chị xem lại.",
        "That number is too large (at most {max} people a training). Please check it.",
    ),
    "TRAINING_NOBODY": (
        "Lớp tập huấn cần ít nhất một người tham dự.",
        "A training needs at least one person attending.",
    ),
    "TRAINING_SUMMARY": (
        "Anh/chị kiểm tra lại:\n"
        "• Ngày: {date}\n"
        "• Nội dung: {topic}\n"
        "• Địa bàn: {area}\n"
        "• Chủ thể tham dự: {producers} người\n"
        "• Cán bộ tham dự: {officers} người",
        "Please check:\n"
        "• Day: {date}\n"
        "• Topic: {topic}\n"
        "• Area: {area}\n"
        "• Producers attending: {producers}\n"
        "• Officers attending: {officers}",
    ),
    "TRAINING_SAVE": ("Lưu", "Save"),
    "TRAINING_EDIT_DATE": ("Sửa ngày", "Change the day"),
    "TRAINING_EDIT_TOPIC": ("Sửa nội dung", "Change the topic"),
    "TRAINING_EDIT_PRODUCERS": ("Sửa số chủ thể", "Change the producers"),
    "TRAINING_EDIT_OFFICERS": ("Sửa số cán bộ", "Change the officers"),
    "TRAINING_DISCARD": ("Bỏ, không lưu", "Discard"),
    "TRAINING_SAVED": (
        "✅ Đã ghi lớp tập huấn số {id} ({total} người tham dự).",
        "✅ Training no. {id} recorded ({total} people attending).",
    ),
    "TRAINING_DISCARDED": ("Đã bỏ, không ghi lớp tập huấn.", "Discarded, nothing recorded."),
    "TRAINING_LIST_HEAD": (
        "Các lớp tập huấn ghi gần đây — {area} ({count} lớp):",
        "Trainings recorded lately — {area} ({count}):",
    ),
    "TRAINING_LIST_ROW": (
        "{n}. {date} — {topic}: {producers} chủ thể, {officers} cán bộ ({place})",
        "{n}. {date} — {topic}: {producers} producers, {officers} officers ({place})",
    ),
    "TRAINING_LIST_EMPTY": (
        "Chưa có lớp tập huấn nào được ghi ở {area}. Gõ /taphuan để ghi lớp đầu tiên.",
        "No training is recorded in {area} yet. Type /training to record the first.",
    ),
}
