"""Texts of the conversation's top: greeting, menu, help, errors, languages, my ideas.

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "GREETING": (
        "Trợ lý OCOP Hà Tĩnh (tự động) xin chào anh/chị!\n"
        "Tôi là chương trình máy trả lời của Chương trình Mỗi xã một sản phẩm (OCOP) tỉnh "
        "Hà Tĩnh. Anh/chị cần gì ạ?",
        "Hello from the Hà Tĩnh OCOP Assistant (automated)!\n"
        "I am the automated assistant of Hà Tĩnh's One Commune One Product (OCOP) programme. "
        "What would you like to do?",
    ),
    "MENU_PROMPT": ("Anh/chị chọn một việc:", "Please choose:"),
    "MENU_REGISTER": ("Đăng ký ý tưởng sản phẩm", "Register a product idea"),
    "MENU_MY_IDEAS": ("Ý tưởng của tôi", "My ideas"),
    "MENU_CHECK_STAMP": ("Kiểm tra tem OCOP", "Check an OCOP stamp"),
    "MENU_HELP": ("Hướng dẫn", "Help"),
    "HELP": (
        "Hướng dẫn:\n"
        "• Đăng ký ý tưởng sản phẩm: trả lời từng câu hỏi, gửi 1 đến {max_photos} ảnh sản phẩm, "
        "xem lại rồi gửi.\n"
        "• Ý tưởng của tôi: xem các ý tưởng đã gửi và đang ở bước nào.\n"
        "• Kiểm tra tem OCOP: chụp ảnh tem để biết tem thật hay giả.\n"
        'Khi đang trả lời: gõ 0 để quay lại câu trước, gõ "hủy" để dừng.\n'
        "Gõ /start để về trang đầu (các việc có thể làm). Gõ /lang để đổi ngôn ngữ (English).",
        "Help:\n"
        "• Register a product idea: answer one question at a time, send 1 to {max_photos} product "
        "photos, review, then submit.\n"
        "• My ideas: see the ideas you sent and where each one is.\n"
        "• Check an OCOP stamp: photograph a stamp to learn whether it is genuine.\n"
        'While answering: type 0 to go back, type "cancel" to stop.\n'
        "Type /start for the main menu. Type /lang to change the language (Tiếng Việt).",
    ),
    "HINT_UNKNOWN": (
        "Xin lỗi, tôi chưa hiểu ý anh/chị. Anh/chị chọn một việc dưới đây, "
        "hoặc gõ /help để xem hướng dẫn.",
        "Sorry, I did not understand. Please choose one of the options below, "
        "or type /help for help.",
    ),
    "UNSUPPORTED_CONTENT": (
        "Xin lỗi, tôi chưa đọc được loại tin nhắn này. Anh/chị vui lòng gõ chữ hoặc gửi ảnh.",
        "Sorry, I cannot read this kind of message. Please type text or send a photo.",
    ),
    "ERROR_SORRY": (
        "⚠️ Xin lỗi, hệ thống vừa gặp sự cố nên chưa xử lý được tin nhắn này. "
        "Anh/chị vui lòng gửi lại sau ít phút. Thông tin đã trả lời trước đó vẫn được giữ.",
        "⚠️ Sorry, something went wrong and this message was not handled. "
        "Please send it again in a few minutes. Your earlier answers are kept.",
    ),
    "CONSOLE_BANNER": (
        "Trò chuyện với Trợ lý OCOP Hà Tĩnh. Gõ /start để bắt đầu, /photo ĐƯỜNG_DẪN để gửi ảnh, "
        "/file ĐƯỜNG_DẪN để gửi tệp (PDF, Word), Ctrl-D để thoát.",
        "Chat with the Hà Tĩnh OCOP Assistant. Type /start to begin, /photo PATH to send a "
        "photo, /file PATH to send a file (PDF, Word), Ctrl-D to quit.",
    ),
    "LANG_SET": ("✅ Đã chuyển sang tiếng Việt.", "✅ Switched to English."),
    "CANCELLED": (
        "Đã dừng. Thông tin đang nhập chưa được gửi đi.",
        "Stopped. What you were entering has not been sent.",
    ),
    "STEP_PREFIX": ("Bước {n}/{total}.", "Step {n}/{total}."),
    "NAV_HINT": (
        '(Gõ 0 để quay lại, "hủy" để dừng)',
        '(Type 0 to go back, "cancel" to stop)',
    ),
    "BAD_CHOICE": (
        "Tôi chưa nhận ra lựa chọn này. Anh/chị gõ số thứ tự, ví dụ: 1.",
        "I did not recognise that choice. Please type its number, for example: 1.",
    ),
    "SKIP_OPTION": ("Bỏ qua", "Skip"),
    "DONE_OPTION": ("Xong", "Done"),
    "OPTIONAL_HINT": (
        'Câu này không bắt buộc: gõ "bỏ qua" nếu chưa có.',
        'This one is optional: type "skip" if you have none.',
    ),
    "TEXT_EXPECTED": (
        "Anh/chị vui lòng trả lời bằng chữ.",
        "Please answer in text.",
    ),
    "MY_IDEAS_EMPTY": (
        'Anh/chị chưa gửi ý tưởng nào. Chọn "Đăng ký ý tưởng sản phẩm" để bắt đầu.',
        'You have not sent any idea yet. Choose "Register a product idea" to start.',
    ),
    "MY_IDEAS_HEAD": ("Ý tưởng của anh/chị ({count}):", "Your ideas ({count}):"),
    "MY_IDEAS_ROW": (
        "{i}. {product}\n   Số phiếu {number}, gửi ngày {date}\n   Tình trạng: {state}",
        "{i}. {product}\n   Form {number}, sent {date}\n   Status: {state}",
    ),
    # --- the conversation: open forms, buttons ----------------------------------------
    "RESUME_ASK": (
        "Anh/chị có {what} chưa xong, lần cuối ngày {date}. Tiếp tục hay làm lại từ đầu?",
        "You have {what} unfinished, last touched on {date}. Continue, or start over?",
    ),
    "RESUME_WHAT_PRODUCT": (
        "bản đăng ký sản phẩm “{product}” ({step})",
        "a registration of “{product}” ({step})",
    ),
    "RESUME_WHAT": ("một bản đăng ký ({step})", "a registration ({step})"),
    "RESUME_STEP": ("đang ở câu {n}/{total}", "at question {n} of {total}"),
    "RESUME_CONTINUE": ("Tiếp tục", "Continue"),
    "RESUME_RESTART": ("Làm lại từ đầu", "Start over"),
    "BUTTON_STALE": (
        "Nút này thuộc một tin nhắn cũ, việc đó đã xong rồi ạ.",
        "That button belongs to an older message; it has already been handled.",
    ),
    "BACK_TO_FORM": (
        "Mời anh/chị tiếp tục phần đang làm dở:",
        "Let us go on with what you were doing:",
    ),
    "MY_IDEAS_LOADING": ("Đang tìm các ý tưởng của anh/chị…", "Looking up your ideas…"),
    # --- files sent as files (flows/documents.py) -------------------------------------------
    "DOCUMENT_NOT_NOW": (
        "Tôi đã nhận tệp «{name}», nhưng lúc này chưa cần tệp nào nên chưa giữ lại.",
        "I received the file «{name}», but no file is needed just now, so it was not kept.",
    ),
    "DOCUMENT_NO_NAME": ("không tên", "unnamed"),
    "DOCUMENT_TOO_LARGE": (
        "❌ Tệp «{name}» quá lớn (tối đa {max_mb} MB). Anh/chị gửi tệp nhỏ hơn, "
        "hoặc chụp ảnh từng trang rồi gửi ảnh.",
        "❌ The file «{name}» is too large ({max_mb} MB at most). Please send a smaller file, "
        "or photograph each page and send the photos.",
    ),
    "DOCUMENT_WRONG_TYPE": (
        "❌ Tôi chưa đọc được loại tệp «{name}». Anh/chị gửi tệp {kinds} (PDF, Word, Excel), "
        "hoặc chụp ảnh từng trang rồi gửi ảnh.",
        "❌ I cannot read the kind of file «{name}» is. Please send a {kinds} file "
        "(PDF, Word, Excel), or photograph each page and send the photos.",
    ),
    "DOCUMENT_EMPTY": (
        "❌ Tệp «{name}» trống, không có nội dung. Anh/chị kiểm tra rồi gửi lại giúp tôi.",
        "❌ The file «{name}» is empty. Please check it and send it again.",
    ),
    "DOCUMENT_DOWNLOAD_FAILED": (
        "❌ Tôi chưa tải được tệp «{name}». Anh/chị gửi lại giúp tôi.",
        "❌ I could not download the file «{name}». Please send it again.",
    ),
    "DOCUMENT_NOT_ON_ZALO": (
        "Trên Zalo, tôi chưa nhận được tệp (PDF, Word…). "
        "Anh/chị chụp ảnh từng trang giấy rồi gửi ảnh giúp tôi.",
        "On Zalo I cannot receive files (PDF, Word…). "
        "Please photograph each page and send the photos instead.",
    ),
}
