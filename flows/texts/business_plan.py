"""Texts of the business plan (Biểu 03): the producer's form, how an officer reads a plan, the
notices of a plan sent (flows/business_plan.py). The approval's own texts are the review's
(flows/texts/review.py).

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "PLAN_BUTTON_SEND": ("Gửi phương án kinh doanh", "Send the business plan"),
    "PLAN_LOADING": ("Đang tìm ý tưởng của anh/chị…", "Looking up your ideas…"),
    "PLAN_WHICH": (
        "Anh/chị gửi phương án kinh doanh cho ý tưởng nào? Gõ số thứ tự.",
        "Which idea is the business plan for? Type its number.",
    ),
    "PLAN_NONE": (
        "Anh/chị chưa có ý tưởng nào chờ phương án kinh doanh. Phương án được gửi sau khi "
        "tỉnh thẩm định ý tưởng đạt; khi đó tôi sẽ báo.",
        "None of your ideas is waiting for a business plan. A plan is sent once the province "
        "has approved the idea; I will tell you then.",
    ),
    "PLAN_NOT_WAITING": (
        "Ý tưởng này hiện không chờ phương án kinh doanh (chỉ gửi sau khi tỉnh thẩm định đạt).",
        "This idea is not waiting for a business plan (it is sent once the province approved "
        "the idea).",
    ),
    "PLAN_ALREADY_APPROVED": (
        "Phương án kinh doanh của ý tưởng này đã được duyệt, không gửi lại được nữa. Muốn sửa "
        "thì anh/chị liên hệ cán bộ phụ trách.",
        "The business plan of this idea is approved already and cannot be sent again. To "
        "change it, contact the officer in charge.",
    ),
    # --- the pages ----------------------------------------------------------------------
    "PLAN_ASK_PAGES": (
        "Anh/chị chụp ảnh từng trang phương án sản xuất kinh doanh (kế hoạch làm ăn của cơ "
        "sở) cho «{product}» rồi gửi vào đây, tối đa {max} trang. Có tệp PDF hoặc Word thì "
        "gửi tệp cũng được (trên Telegram). Gửi hết thì gõ «xong».",
        "Take a photo of each page of the business plan (how your business will make and "
        "sell the product) for «{product}» and send them here, at most {max} pages. A PDF "
        'or Word file works too (on Telegram). When all are sent, type "done".',
    ),
    "PLAN_PAGES_SO_FAR": (
        "✅ Đã nhận {n}/{max} trang. Gửi tiếp trang sau, hoặc gõ «xong» nếu đã đủ.",
        '✅ {n}/{max} pages received. Send the next page, or type "done" if that is all.',
    ),
    "PLAN_PAGES_DONE": ("Xong, đã gửi đủ", "Done, that is all"),
    "PLAN_PAGES_CLEAR": ("Xóa hết, gửi lại từ đầu", "Remove all, start again"),
    "PLAN_PAGES_CLEARED": ("Đã xóa các trang đã gửi.", "The pages sent were removed."),
    "PLAN_PAGES_NONE_YET": (
        "Anh/chị chưa gửi trang nào. Chụp ảnh trang đầu của phương án rồi gửi giúp tôi.",
        "No page has been sent yet. Please take a photo of the plan's first page and send it.",
    ),
    "PLAN_PAGES_HINT": (
        "Ở bước này anh/chị gửi ảnh (hoặc tệp) các trang phương án; gửi hết thì gõ «xong».",
        'At this step please send photos (or files) of the plan\'s pages; then type "done".',
    ),
    "PLAN_PAGES_FULL": (
        "Đã đủ {max} trang nên các trang sau chưa được nhận.",
        "There are {max} pages already, so the rest were not taken.",
    ),
    "PLAN_PAGE_KEPT": (
        "✅ Đã thêm vào các trang phương án ({n}/{max} trang). Anh/chị trả lời tiếp câu hỏi "
        "dưới đây.",
        "✅ Added to the plan's pages ({n}/{max} pages). Please answer the question below.",
    ),
    # --- the figures --------------------------------------------------------------------
    "PLAN_ASK_CAPITAL": (
        "Tổng vốn đầu tư theo phương án là bao nhiêu đồng? Ví dụ: 500tr hoặc 1,2 tỷ",
        "What is the plan's total capital, in đồng? Example: 500tr or 1,2 tỷ",
    ),
    "PLAN_ASK_REVENUE": (
        "Doanh thu dự kiến một năm là bao nhiêu đồng? Ví dụ: 800 triệu",
        "What is the expected revenue a year, in đồng? Example: 800 triệu",
    ),
    "PLAN_ASK_CAPACITY": (
        "Công suất dự kiến một năm, ghi cả đơn vị (tối đa {max} ký tự)? Ví dụ: 2 tấn/năm",
        "The expected capacity a year, with its unit (at most {max} characters)? Example: "
        "2 tấn/năm",
    ),
    "PLAN_BAD_AMOUNT": (
        "Tôi chưa đọc được số tiền này. Anh/chị gõ lại, ví dụ: 500tr, 1,2 tỷ hoặc 800 triệu.",
        "I could not read that amount. Please type it again, for example: 500tr, 1,2 tỷ or "
        "800 triệu.",
    ),
    "PLAN_AMOUNT_TOO_SMALL": (
        "{amount} là ít quá (ít nhất {min}); có lẽ thiếu đơn vị. Anh/chị gõ lại, ví dụ: 500tr.",
        "{amount} is very little (at least {min}); the unit may be missing. Please type it "
        "again, for example: 500tr.",
    ),
    "PLAN_CAPACITY_TOO_LONG": (
        "Dài quá (tối đa {max} ký tự). Anh/chị ghi ngắn lại, ví dụ: 2 tấn/năm.",
        "That is too long (at most {max} characters). Please shorten it, for example: 2 tấn/năm.",
    ),
    # --- the summary --------------------------------------------------------------------
    "PLAN_SUMMARY_HEAD": (
        "Phương án kinh doanh cho «{product}» ({number}):",
        "Business plan for «{product}» ({number}):",
    ),
    "PLAN_REPLACES": (
        "⚠️ Phương án này sẽ thay phương án anh/chị đã gửi trước.",
        "⚠️ This plan replaces the one you sent before.",
    ),
    "PLAN_CONFIRM_ASK": (
        "Gửi phương án này cho cán bộ duyệt? Gõ 1 để gửi, hoặc số của phần cần sửa.",
        "Send this plan to the officers for approval? Type 1 to send, or the number of what "
        "to change.",
    ),
    "PLAN_SEND": ("Gửi phương án", "Send the plan"),
    "PLAN_EDIT_PAGES": ("Sửa các trang", "Change the pages"),
    "PLAN_EDIT_CAPITAL": ("Sửa vốn đầu tư", "Change the capital"),
    "PLAN_EDIT_REVENUE": ("Sửa doanh thu", "Change the revenue"),
    "PLAN_EDIT_CAPACITY": ("Sửa công suất", "Change the capacity"),
    "PLAN_SENT": (
        "✅ Đã gửi phương án kinh doanh của «{product}» ({number}). Cán bộ sẽ xem và duyệt; "
        "có kết quả tôi sẽ báo.",
        "✅ The business plan of «{product}» ({number}) was sent. The officers will review it; "
        "I will tell you the result.",
    ),
    "PLAN_RESENT": (
        "✅ Đã gửi phương án mới của «{product}» ({number}), thay phương án trước. Có kết quả "
        "tôi sẽ báo.",
        "✅ The new plan of «{product}» ({number}) was sent and replaces the one before. I "
        "will tell you the result.",
    ),
    "PLAN_CANCELLED": (
        "Đã dừng. Phương án chưa được gửi đi; gõ /phuongan để làm lại.",
        "Stopped. The plan has not been sent; type /plan to start again.",
    ),
    "PLAN_RESUME_WHAT": (
        "phương án kinh doanh cho «{product}»",
        "a business plan for «{product}»",
    ),
    "PLAN_MY_IDEAS_HINT": (
        "Ý tưởng đã được tỉnh thẩm định đạt: gõ /phuongan để gửi phương án kinh doanh.",
        "An idea approved by the province: type /plan to send its business plan.",
    ),
    # --- how an officer reads a plan ----------------------------------------------------
    "PLAN_VIEW_HEAD": (
        "📄 Phương án kinh doanh (gửi ngày {date}):",
        "📄 Business plan (sent {date}):",
    ),
    "PLAN_VIEW_CAPITAL": ("• Vốn đầu tư: {amount}", "• Capital: {amount}"),
    "PLAN_VIEW_REVENUE": (
        "• Doanh thu dự kiến một năm: {amount}",
        "• Expected revenue a year: {amount}",
    ),
    "PLAN_VIEW_CAPACITY": ("• Công suất: {capacity}", "• Capacity: {capacity}"),
    "PLAN_VIEW_PAGES": (
        "• Các trang: {photos} ảnh, {documents} tệp",
        "• Pages: {photos} photos, {documents} files",
    ),
    "PLAN_VIEW_BUDGET": (
        "• Kinh phí hỗ trợ dự kiến: {budget}",
        "• Estimated budget support: {budget}",
    ),
    "PLAN_VIEW_RESPONSIBLE": ("• Cán bộ phụ trách: {name}", "• Officer in charge: {name}"),
    "PLAN_NO_SUPPORT": ("không hỗ trợ", "none"),
    "PLAN_VIEW_PHOTO": ("Trang {n}/{total} của phương án", "Plan page {n}/{total}"),
    "PLAN_VIEW_DOCUMENT": ("📎 Tệp «{name}» ({size})", "📎 File «{name}» ({size})"),
    "PLAN_VIEW_DOCUMENT_NAME_ONLY": (
        "📎 Tệp «{name}» ({size}): đã lưu, nhưng chưa gửi kèm được trong tin nhắn này.",
        "📎 File «{name}» ({size}): stored, but it cannot be attached to this message.",
    ),
    "PLAN_SIZE_KB": ("{n} KB", "{n} KB"),
    "PLAN_SIZE_MB": ("{n} MB", "{n} MB"),
    # --- notices ------------------------------------------------------------------------
    "PLAN_TOLD_OFFICER": (
        "📥 «{product}» ({number}) đã gửi phương án kinh doanh ({pages} trang; vốn {capital}; "
        "doanh thu dự kiến {revenue}/năm). Anh/chị mở «Ý tưởng chờ tôi xử lý» (/review) để "
        "xem và duyệt.",
        "📥 «{product}» ({number}) sent its business plan ({pages} pages; capital {capital}; "
        "expected revenue {revenue} a year). Open «Ideas waiting for me» (/review) to read "
        "and approve it.",
    ),
    "PLAN_TOLD_OFFICER_AGAIN": (
        "📥 «{product}» ({number}) đã gửi lại phương án kinh doanh, thay phương án trước "
        "({pages} trang; vốn {capital}; doanh thu dự kiến {revenue}/năm). Anh/chị mở «Ý tưởng "
        "chờ tôi xử lý» (/review) để xem.",
        "📥 «{product}» ({number}) sent its business plan again, replacing the one before "
        "({pages} pages; capital {capital}; expected revenue {revenue} a year). Open «Ideas "
        "waiting for me» (/review) to read it.",
    ),
    "PLAN_MISSING": (
        "ý tưởng này chưa có phương án kinh doanh nào được gửi.",
        "no business plan was sent for this idea.",
    ),
    "PLAN_OFFICER_GONE": (
        "cán bộ được chọn không còn phụ trách địa bàn này; anh/chị chọn lại giúp tôi.",
        "the officer chosen no longer serves this area; please choose again.",
    ),
}
