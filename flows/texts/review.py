"""Texts of the review chain: the officers' inbox, an idea opened, the moves, what the producer
and the next officers are told, the producer's answer to a question (flows/review.py).

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts.
A notice is put into words for each recipient: its values are the same in every language.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "MENU_REVIEW": ("Ý tưởng chờ tôi xử lý", "Ideas waiting for me"),
    "REVIEW_LOADING": ("Đang tìm…", "Looking it up…"),
    # --- the inbox ----------------------------------------------------------------------
    "REVIEW_INBOX_HEAD": (
        "Ý tưởng chờ anh/chị xử lý: {total} (trang {page}/{pages}, cũ nhất trước):",
        "Ideas waiting for you: {total} (page {page}/{pages}, oldest first):",
    ),
    "REVIEW_INBOX_ROW": (
        "• {product} ({number}), {commune}: {state}, {waited}",
        "• {product} ({number}), {commune}: {state}, {waited}",
    ),
    "REVIEW_INBOX_FOOT": (
        'Gõ số để mở một ý tưởng. Gõ "hủy" để thôi.',
        'Type a number to open an idea. Type "cancel" to stop.',
    ),
    "REVIEW_INBOX_EMPTY": (
        "✅ Không có ý tưởng nào đang chờ anh/chị xử lý.",
        "✅ No idea is waiting for you.",
    ),
    "REVIEW_WAITED_TODAY": ("mới đến hôm nay", "arrived today"),
    "REVIEW_WAITED_DAYS": ("chờ {days} ngày", "waiting {days} days"),
    "REVIEW_FORWARD_ALL": ("Chuyển tất cả trang này", "Forward all of this page"),
    "REVIEW_NEXT_PAGE": ("Trang sau", "Next page"),
    "REVIEW_PREVIOUS_PAGE": ("Trang trước", "Previous page"),
    "REVIEW_CONFIRM_ALL": (
        "Chuyển {n} ý tưởng của trang này, mỗi ý tưởng một bước:",
        "Move {n} ideas of this page one step on:",
    ),
    "REVIEW_CONFIRM_YES": ("Đồng ý", "Yes, do it"),
    "REVIEW_CONFIRM_NO": ("Thôi, quay lại danh sách", "No, back to the list"),
    # --- one idea -----------------------------------------------------------------------
    "REVIEW_IDEA_HEAD": ("Ý tưởng «{product}», số {number}", "Idea «{product}», number {number}"),
    "REVIEW_IDEA_STATE": ("Đang ở bước: {state} ({waited}).", "Where it is: {state} ({waited})."),
    "REVIEW_IDEA_QUESTION": (
        "Câu hỏi đang chờ trả lời: «{question}»",
        "Question awaiting an answer: «{question}»",
    ),
    "REVIEW_PHONE_HIDDEN": (
        "(chỉ cán bộ địa bàn của người đăng ký được xem)",
        "(shown only to officers of the producer's area)",
    ),
    "REVIEW_PHOTO": ("Ảnh {n}/{total}", "Photo {n}/{total}"),
    "REVIEW_IDEA_ASK": ("Anh/chị xử lý ý tưởng này thế nào?", "What do you do with this idea?"),
    "REVIEW_IDEA_NOTHING_TO_DO": (
        "Ý tưởng này hiện không chờ anh/chị xử lý.",
        "This idea is not waiting for you now.",
    ),
    "REVIEW_BACK_TO_LIST": ("Quay lại danh sách", "Back to the list"),
    "REVIEW_ACTION_FORWARD": ("Chuyển lên huyện", "Forward to the district"),
    "REVIEW_ACTION_SEND_PROVINCE": ("Gửi lên tỉnh", "Send to the province"),
    "REVIEW_ACTION_SELECT": ("Chọn, gửi lên tỉnh thẩm định", "Select, send to the province"),
    "REVIEW_ACTION_APPROVE": ("Thẩm định: đạt", "Appraised: approved"),
    "REVIEW_ACTION_RETURN": (
        "Trả lại, hỏi thêm người đăng ký",
        "Return with a question to the producer",
    ),
    "REVIEW_ACTION_REJECT": ("Không chọn (ghi lý do)", "Reject (with a reason)"),
    "REVIEW_ACTION_APPROVE_PLAN": ("Duyệt phương án kinh doanh", "Approve the business plan"),
    "REVIEW_ACTION_DEVELOP": ("Bắt đầu phát triển sản phẩm", "Start the product's development"),
    "REVIEW_ACTION_EVALUATE": ("Chuyển sang đánh giá, xếp hạng", "On to evaluation"),
    "REVIEW_ASK_QUESTION": (
        "Anh/chị muốn hỏi thêm người đăng ký «{product}» điều gì? Câu hỏi sẽ được gửi cho "
        "họ (tối đa {max} ký tự). Ví dụ: Cơ sở đã có giấy chứng nhận an toàn thực phẩm chưa?",
        "What do you want to ask the producer of «{product}»? They receive the question "
        "(at most {max} characters). Example: Does the business hold a food safety certificate?",
    ),
    "REVIEW_ASK_REASON": (
        "Vì sao không chọn «{product}»? Lý do sẽ được gửi cho người đăng ký (tối đa {max} ký tự).",
        "Why is «{product}» not selected? The producer receives the reason (at most {max} "
        "characters).",
    ),
    "REVIEW_ASK_NOTE": (
        "Ghi chú thêm cho hồ sơ (chỉ cán bộ xem, tối đa {max} ký tự)? Gõ «bỏ qua» nếu không có.",
        'A note for the file (officers only, at most {max} characters)? Type "skip" if none.',
    ),
    "REVIEW_NOTE_SKIP": ("Bỏ qua", "Skip"),
    "REVIEW_TEXT_NEEDED": ("Anh/chị gõ nội dung bằng chữ giúp tôi.", "Please type it as text."),
    "REVIEW_TEXT_TOO_LONG": (
        "Nội dung dài quá (tối đa {max} ký tự). Anh/chị viết ngắn lại giúp tôi.",
        "That is too long (at most {max} characters). Please shorten it.",
    ),
    "REVIEW_MOVE_DONE": ("✅ {product}: {state}.", "✅ {product}: {state}."),
    "REVIEW_MOVE_REFUSED": ("❌ {product}: {reason}", "❌ {product}: {reason}"),
    "REVIEW_MOVE_GONE": (
        "ý tưởng này đã được xử lý hoặc đã chuyển bước, không làm được việc này nữa.",
        "this idea was handled already or has moved on; this can no longer be done.",
    ),
    # --- approving a business plan ------------------------------------------------------
    "REVIEW_PLAN_ASK_BUDGET": (
        "Kinh phí hỗ trợ dự kiến cho «{product}» là bao nhiêu đồng? Ví dụ: 50tr. Gõ 0 hoặc "
        "«không hỗ trợ» nếu không hỗ trợ.",
        "What is the estimated budget support for «{product}», in đồng? Example: 50tr. Type 0 "
        'or "none" if there is no support.',
    ),
    "REVIEW_PLAN_NO_SUPPORT": ("Không hỗ trợ", "No support"),
    "REVIEW_PLAN_BAD_BUDGET": (
        "Tôi chưa đọc được số tiền này. Anh/chị gõ lại, ví dụ: 50tr, 120 triệu hoặc 0.",
        "I could not read that amount. Please type it again, for example: 50tr, 120 triệu or 0.",
    ),
    "REVIEW_PLAN_BUDGET_TOO_SMALL": (
        "{amount} là ít quá (ít nhất {min}, hoặc 0 nếu không hỗ trợ); có lẽ thiếu đơn vị. "
        "Ví dụ: 50tr.",
        "{amount} is very little (at least {min}, or 0 for none); the unit may be missing. "
        "Example: 50tr.",
    ),
    "REVIEW_PLAN_ASK_OFFICER": (
        "Ai là cán bộ phụ trách theo dõi «{product}»? Gõ số trong danh sách, hoặc gõ họ tên "
        "người phụ trách (tối đa {max} ký tự).",
        "Who is the officer in charge of «{product}»? Type a number from the list, or the "
        "person's full name (at most {max} characters).",
    ),
    "REVIEW_PLAN_ASK_OFFICER_NAME": (
        "Ai là cán bộ phụ trách theo dõi «{product}»? Gõ họ tên người phụ trách (tối đa {max} "
        "ký tự). Ví dụ: Nguyễn Văn An",
        "Who is the officer in charge of «{product}»? Type the person's full name (at most "
        "{max} characters). Example: Nguyễn Văn An",
    ),
    "REVIEW_PLAN_OFFICER_ME": ("{name} (tôi tự phụ trách)", "{name} (myself)"),
    "REVIEW_PLAN_CONFIRM": (
        "Duyệt phương án kinh doanh của «{product}»:\n• Kinh phí hỗ trợ dự kiến: {budget}\n"
        "• Cán bộ phụ trách: {officer}\nNgười đăng ký sẽ được báo. Đồng ý duyệt?",
        "Approve the business plan of «{product}»:\n• Estimated budget support: {budget}\n"
        "• Officer in charge: {officer}\nThe producer will be told. Approve it?",
    ),
    "REVIEW_PLAN_APPROVE_YES": ("Đồng ý, duyệt phương án", "Yes, approve the plan"),
    "REVIEW_PLAN_CHANGE": ("Sửa lại kinh phí, cán bộ", "Change the budget or officer"),
    "REVIEW_PLAN_NOT_NOW": ("Chưa duyệt, quay lại ý tưởng", "Not now, back to the idea"),
    "REVIEW_PLAN_NEEDS_FIGURES": (
        "phương án kinh doanh được duyệt từng ý tưởng một (cần kinh phí hỗ trợ và cán bộ "
        "phụ trách): anh/chị mở ý tưởng và chọn «Duyệt phương án kinh doanh».",
        "business plans are approved one idea at a time (with the budget support and the "
        "officer in charge): open the idea and choose «Approve the business plan».",
    ),
    "REVIEW_CARD_OPEN_INBOX": (
        "Để xử lý, anh/chị mở «Ý tưởng chờ tôi xử lý» trong trang đầu (/start).",
        "To act on it, open «Ideas waiting for me» from the main menu (/start).",
    ),
    "REVIEW_CARD_HOW_TO_ANSWER": (
        "Để trả lời, anh/chị bấm «Trả lời» dưới tin báo, hoặc gõ: /traloi {idea}",
        "To answer, press «Answer» under the notice, or type: /answer {idea}",
    ),
    # --- notices ------------------------------------------------------------------------
    "REVIEW_BUTTON_VIEW": ("Xem ý tưởng", "View the idea"),
    "REVIEW_BUTTON_ANSWER": ("Trả lời", "Answer"),
    "REVIEW_TOLD_OFFICER": (
        "📥 Ý tưởng «{product}» ({number}) đang chờ anh/chị xem xét. Anh/chị mở «Ý tưởng chờ "
        "tôi xử lý» trong trang đầu (/start) để xử lý.",
        "📥 The idea «{product}» ({number}) is waiting for your review. Open «Ideas waiting "
        "for me» from the main menu (/start) to act on it.",
    ),
    "REVIEW_TOLD_FORWARDED": (
        "✅ Ý tưởng «{product}» ({number}) đã được xã xem và chuyển lên huyện. Anh/chị chưa "
        "cần làm gì thêm; có kết quả tôi sẽ báo.",
        "✅ Your idea «{product}» ({number}) was reviewed by the commune and forwarded to the "
        "district. Nothing to do for now; I will tell you what comes next.",
    ),
    "REVIEW_TOLD_TO_PROVINCE": (
        "✅ Ý tưởng «{product}» ({number}) đã được xã xem và gửi lên tỉnh thẩm định. Anh/chị "
        "chưa cần làm gì thêm; có kết quả tôi sẽ báo.",
        "✅ Your idea «{product}» ({number}) was reviewed by the commune and sent to the "
        "province for appraisal. Nothing to do for now; I will tell you what comes next.",
    ),
    "REVIEW_TOLD_SELECTED": (
        "✅ Huyện đã chọn ý tưởng «{product}» ({number}) và gửi lên tỉnh thẩm định. Anh/chị "
        "chưa cần làm gì thêm; có kết quả tôi sẽ báo.",
        "✅ The district selected your idea «{product}» ({number}) and sent it to the province "
        "for appraisal. Nothing to do for now; I will tell you what comes next.",
    ),
    "REVIEW_TOLD_APPROVED": (
        "🎉 Tỉnh đã thẩm định ý tưởng «{product}» ({number}): đạt. Bước tiếp theo: anh/chị "
        "chuẩn bị phương án sản xuất kinh doanh (kế hoạch làm ăn của cơ sở); cán bộ sẽ hướng "
        "dẫn cách viết. Có phương án rồi thì bấm «Gửi phương án kinh doanh» hoặc gõ: "
        "/phuongan {idea}",
        "🎉 The province appraised your idea «{product}» ({number}): approved. Next: prepare "
        "the business plan (how your business will make and sell the product); officers will "
        "show you how to write it. When it is ready, press «Send the business plan» or type: "
        "/plan {idea}",
    ),
    "REVIEW_TOLD_RETURNED_COMMUNE": (
        "❓ Cán bộ xã hỏi thêm về ý tưởng «{product}» ({number}):\n«{text}»\nAnh/chị bấm «Trả "
        "lời» hoặc gõ: /traloi {idea}",
        "❓ The commune officer asks about your idea «{product}» ({number}):\n«{text}»\nPress "
        "«Answer» or type: /answer {idea}",
    ),
    "REVIEW_TOLD_RETURNED_DISTRICT": (
        "❓ Cán bộ huyện hỏi thêm về ý tưởng «{product}» ({number}):\n«{text}»\nAnh/chị bấm "
        "«Trả lời» hoặc gõ: /traloi {idea}",
        "❓ The district officer asks about your idea «{product}» ({number}):\n«{text}»\nPress "
        "«Answer» or type: /answer {idea}",
    ),
    "REVIEW_TOLD_RETURNED_PROVINCE": (
        "❓ Cán bộ tỉnh hỏi thêm về ý tưởng «{product}» ({number}):\n«{text}»\nAnh/chị bấm "
        "«Trả lời» hoặc gõ: /traloi {idea}",
        "❓ The province officer asks about your idea «{product}» ({number}):\n«{text}»\nPress "
        "«Answer» or type: /answer {idea}",
    ),
    "REVIEW_TOLD_REJECTED": (
        "Ý tưởng «{product}» ({number}) chưa được chọn năm nay. Lý do: «{text}»\nAnh/chị có "
        "thể hỏi cán bộ xã, hoàn thiện thêm rồi đăng ký lại.",
        "Your idea «{product}» ({number}) was not selected this year. Reason: «{text}»\nYou "
        "may ask your commune officer, improve it and register again.",
    ),
    "REVIEW_TOLD_PLAN_APPROVED": (
        "✅ Phương án kinh doanh của «{product}» ({number}) đã được duyệt. Kinh phí hỗ trợ dự "
        "kiến: {budget}. Cán bộ phụ trách: {officer}; cán bộ sẽ liên hệ anh/chị về các bước "
        "làm sản phẩm.",
        "✅ The business plan of «{product}» ({number}) is approved. Estimated budget support: "
        "{budget}. Officer in charge: {officer}; they will contact you about the next steps.",
    ),
    "REVIEW_TOLD_PLAN_APPROVED_NO_BUDGET": (
        "✅ Phương án kinh doanh của «{product}» ({number}) đã được duyệt, lần này không có "
        "kinh phí hỗ trợ. Cán bộ phụ trách: {officer}; cán bộ sẽ liên hệ anh/chị về các bước "
        "làm sản phẩm.",
        "✅ The business plan of «{product}» ({number}) is approved, without budget support "
        "this time. Officer in charge: {officer}; they will contact you about the next steps.",
    ),
    "REVIEW_TOLD_PLAN_RESPONSIBLE": (
        "📌 Anh/chị được giao phụ trách sản phẩm «{product}» ({number}): phương án kinh doanh "
        "đã được duyệt, kinh phí hỗ trợ dự kiến {budget}. Anh/chị theo dõi việc phát triển "
        "sản phẩm trong «Ý tưởng chờ tôi xử lý» (/review).",
        "📌 You are in charge of the product «{product}» ({number}): its business plan is "
        "approved, estimated budget support {budget}. Follow its development in «Ideas "
        "waiting for me» (/review).",
    ),
    "REVIEW_TOLD_PLAN_RETURNED": (
        "❓ Cán bộ hỏi thêm về phương án kinh doanh của «{product}» ({number}):\n«{text}»\n"
        "Anh/chị sửa phương án rồi gửi lại: bấm «Gửi phương án kinh doanh» hoặc gõ: "
        "/phuongan {idea}",
        "❓ The officer asks about the business plan of «{product}» ({number}):\n«{text}»\n"
        "Revise the plan and send it again: press «Send the business plan» or type: "
        "/plan {idea}",
    ),
    "REVIEW_TOLD_DEVELOPING": (
        "«{product}» ({number}) bước vào giai đoạn phát triển sản phẩm. Anh/chị làm theo "
        "hướng dẫn của cán bộ phụ trách.",
        "«{product}» ({number}) is now in development. Follow the guidance of the officer in "
        "charge.",
    ),
    "REVIEW_TOLD_EVALUATING": (
        "«{product}» ({number}) được đưa vào đánh giá, xếp hạng OCOP. Có kết quả tôi sẽ báo.",
        "«{product}» ({number}) goes on to the OCOP evaluation. I will tell you the result.",
    ),
    "REVIEW_TOLD_ANSWERED": (
        "✉️ Người đăng ký «{product}» ({number}) đã trả lời câu hỏi của anh/chị:\n«{text}»\n"
        "(kèm {photos} ảnh)",
        "✉️ The producer of «{product}» ({number}) answered your question:\n«{text}»\n"
        "({photos} photos attached)",
    ),
    # --- the producer's answer ----------------------------------------------------------
    "REVIEW_ANSWER_ASK": (
        "Cán bộ hỏi về «{product}»:\n«{question}»\nAnh/chị viết câu trả lời rồi gửi. Có thể "
        "gửi kèm tối đa {max_photos} ảnh trước khi viết.",
        "The officer asks about «{product}»:\n«{question}»\nWrite your answer and send it. You "
        "may send up to {max_photos} photos before writing.",
    ),
    "REVIEW_ANSWER_PHOTO_TAKEN": (
        "Đã nhận {n} ảnh. Anh/chị viết câu trả lời rồi gửi (hoặc gõ «xong» nếu chỉ gửi ảnh).",
        'Got {n} photos. Write your answer and send it (or type "done" to send only photos).',
    ),
    "REVIEW_ANSWER_PHOTOS_FULL": (
        "Đã đủ {max} ảnh; các ảnh sau không được nhận.",
        "That makes {max} photos; the others were not taken.",
    ),
    "REVIEW_ANSWER_SENT": (
        "✅ Đã gửi câu trả lời về «{product}» cho cán bộ. Có kết quả tôi sẽ báo.",
        "✅ Your answer about «{product}» was sent to the officer. I will tell you what comes "
        "next.",
    ),
    "REVIEW_ANSWER_WHICH": (
        "Anh/chị gõ /traloi và số ý tưởng ghi trong tin báo. Ví dụ: /traloi 12",
        "Type /answer and the idea's number from the notice. Example: /answer 12",
    ),
    "REVIEW_NO_QUESTION": (
        "Ý tưởng này không có câu hỏi nào đang chờ anh/chị trả lời.",
        "No question is waiting for your answer on this idea.",
    ),
}
