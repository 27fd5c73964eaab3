"""The one catalogue of everything the bot says, in Vietnamese and English.

Keys are UPPER_SNAKE; values are (Vietnamese, English) format strings.
"""

from __future__ import annotations

from typing import Any

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

TEXTS: dict[str, tuple[str, str]] = {
    # --- greeting, menu, help -------------------------------------------------
    "GREETING": (
        "Trợ lý OCOP Hà Tĩnh (tự động) xin chào anh/chị!\n"
        "Tôi là trợ lý tự động của Chương trình Mỗi xã một sản phẩm (OCOP) tỉnh Hà Tĩnh. "
        "Anh/chị cần gì ạ?",
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
        "• Đăng ký ý tưởng sản phẩm: trả lời từng câu hỏi, gửi 1 đến 5 ảnh sản phẩm, "
        "xem lại rồi gửi.\n"
        "• Ý tưởng của tôi: xem các ý tưởng đã gửi và đang ở bước nào.\n"
        "• Kiểm tra tem OCOP: chụp ảnh tem để biết tem thật hay giả.\n"
        'Khi đang trả lời: gõ 0 để quay lại câu trước, gõ "hủy" để dừng.\n'
        "Gõ /start để về danh mục chính. Gõ /lang để đổi ngôn ngữ (English).",
        "Help:\n"
        "• Register a product idea: answer one question at a time, send 1 to 5 product "
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
        "Ctrl-D để thoát.",
        "Chat with the Hà Tĩnh OCOP Assistant. Type /start to begin, /photo PATH to send a "
        "photo, Ctrl-D to quit.",
    ),
    "LANG_ASK": ("Chọn ngôn ngữ / Choose a language:", "Choose a language / Chọn ngôn ngữ:"),
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
    # --- registration ---------------------------------------------------------
    "ASK_APPLICANT_NAME": (
        "Họ và tên người đăng ký (hoặc tên cơ sở)?\nVí dụ: Nguyễn Thị Hoa",
        "The applicant's full name (or the business's name)?\nExample: Nguyễn Thị Hoa",
    ),
    "BAD_NAME": (
        "Tên chưa đúng (cần từ 2 đến 120 ký tự). Ví dụ: Nguyễn Thị Hoa.",
        "That name does not look right (2 to 120 characters). Example: Nguyễn Thị Hoa.",
    ),
    "ASK_APPLICANT_TYPE": (
        "Anh/chị đăng ký với tư cách nào?",
        "Which kind of applicant are you?",
    ),
    "INDIVIDUAL_NOTE": (
        "Ghi chú: cá nhân vẫn đăng ký ý tưởng được; khi đánh giá, xếp hạng sao cần có "
        "đăng ký kinh doanh (hộ kinh doanh, tổ hợp tác, hợp tác xã hoặc doanh nghiệp).",
        "Note: an individual may register an idea; star rating later needs a registered "
        "business (household business, cooperative group, cooperative or enterprise).",
    ),
    "ASK_PHONE": (
        "Số điện thoại liên hệ của anh/chị?\nVí dụ: 0912 345 678",
        "Your contact phone number?\nExample: 0912 345 678",
    ),
    "SHARE_PHONE": ("📱 Gửi số điện thoại của tôi", "📱 Share my phone number"),
    "PHONE_PLACEHOLDER": ("Hoặc gõ số điện thoại", "Or type your phone number"),
    "BAD_PHONE": (
        "Số điện thoại chưa đúng (cần 10 số, bắt đầu bằng 0). Ví dụ: 0912 345 678.",
        "That phone number is not valid (10 digits starting with 0). Example: 0912 345 678.",
    ),
    "ASK_DISTRICT": (
        "Cơ sở sản xuất ở huyện (thị xã, thành phố) nào?\nGõ số thứ tự hoặc tên, ví dụ: vu quang",
        "Which district (town, city) is the producer in?\n"
        "Type the number or the name, for example: vu quang",
    ),
    "ASK_COMMUNE": (
        "Xã (phường, thị trấn) nào thuộc {district}?\nGõ số thứ tự hoặc một phần tên.",
        "Which commune (ward, township) of {district}?\nType the number or part of the name.",
    ),
    "COMMUNE_PAGE": (
        'Trang {page}/{pages}. Gõ "tiếp" để xem thêm.',
        'Page {page}/{pages}. Type "more" to see more.',
    ),
    "COMMUNE_NOT_FOUND": (
        'Không tìm thấy xã nào có tên "{query}" ở {district}. Anh/chị gõ lại một phần tên, '
        'ví dụ: "huong", hoặc chọn số thứ tự.',
        'No commune named "{query}" in {district}. Type part of the name again, '
        'for example "huong", or choose a number.',
    ),
    "COMMUNE_MANY": (
        'Có {count} xã khớp với "{query}". Anh/chị chọn một:',
        '{count} communes match "{query}". Please choose one:',
    ),
    "NEXT_PAGE": ("Xem thêm", "More"),
    "ASK_PRODUCT_NAME": (
        "Tên sản phẩm hoặc ý tưởng sản phẩm?\nVí dụ: Mật ong rừng Vũ Quang",
        "The product's name, or the idea?\nExample: Vũ Quang forest honey",
    ),
    "BAD_PRODUCT_NAME": (
        "Tên sản phẩm cần từ 2 đến 150 ký tự. Ví dụ: Mật ong rừng Vũ Quang.",
        "The product name needs 2 to 150 characters. Example: Vũ Quang forest honey.",
    ),
    "ASK_PRODUCT_GROUP": ("Sản phẩm thuộc nhóm nào?", "Which group is the product in?"),
    "ASK_CORE_VALUE": (
        "Giá trị cốt lõi của sản phẩm: vì sao khách hàng mua sản phẩm này?\n"
        "Ví dụ: mật ong nguyên chất từ hoa rừng, không pha đường",
        "The product's core value: why do customers buy it?\n"
        "Example: pure honey from forest flowers, no added sugar",
    ),
    "BAD_LONG_TEXT": (
        "Câu trả lời cần từ 3 đến 1.000 ký tự. Anh/chị viết ngắn gọn giúp tôi.",
        "The answer needs 3 to 1,000 characters. Please keep it short.",
    ),
    "ASK_TARGET_MARKET": (
        "Anh/chị định bán sản phẩm ở đâu (thị trường mục tiêu)?",
        "Where do you plan to sell (target market)?",
    ),
    "ASK_VOLUME": (
        "Sản lượng dự kiến mỗi năm (kèm đơn vị)?\nVí dụ: 2 tấn, 5.000 chai",
        "Expected volume per year (with the unit)?\nExample: 2 tonnes, 5,000 bottles",
    ),
    "BAD_VOLUME": (
        "Cần có số lượng và đơn vị. Ví dụ: 2 tấn, 5.000 chai.",
        "Please give a quantity and a unit. Example: 2 tonnes, 5,000 bottles.",
    ),
    "ASK_PRICE": (
        "Giá bán lẻ dự kiến cho mỗi đơn vị sản phẩm (đồng)?\nVí dụ: 150.000 hoặc 150k",
        "Expected retail price per unit (VND)?\nExample: 150.000 or 150k",
    ),
    "BAD_PRICE": (
        "Giá chưa đúng. Anh/chị gõ số tiền, ví dụ: 150.000, 150k, 1,5 triệu.",
        "That price is not valid. Type an amount, for example: 150.000, 150k, 1,5 triệu.",
    ),
    "ASK_STORY": (
        "Câu chuyện sản phẩm: lịch sử, văn hóa, vùng đất gắn với sản phẩm (không bắt buộc).\n"
        "Ví dụ: nghề nuôi ong của gia đình đã có từ ba đời",
        "The product's story: history, culture, the place behind it (optional).\n"
        "Example: our family has kept bees for three generations",
    ),
    "ASK_PHOTOS": (
        'Anh/chị gửi từ 1 đến {max} ảnh sản phẩm. Gửi xong thì gõ "xong".',
        'Please send 1 to {max} photos of the product. Type "done" when finished.',
    ),
    "PHOTO_RECEIVED": (
        '✅ Đã nhận ảnh {n}/{max}. Gửi thêm ảnh, hoặc gõ "xong".',
        '✅ Photo {n}/{max} received. Send more, or type "done".',
    ),
    "PHOTO_RECEIVED_LAST": (
        "✅ Đã nhận đủ {max} ảnh.",
        "✅ All {max} photos received.",
    ),
    "PHOTO_DUPLICATE": (
        'Ảnh này anh/chị đã gửi rồi ({n}/{max}). Gửi ảnh khác, hoặc gõ "xong".',
        'You already sent this photo ({n}/{max}). Send another, or type "done".',
    ),
    "PHOTO_LIMIT": (
        "Đã đủ {max} ảnh. Ảnh gửi thêm không được lưu.",
        "That is {max} photos already. Extra photos were not kept.",
    ),
    "PHOTOS_NEED_ONE": (
        "Cần ít nhất 1 ảnh sản phẩm. Anh/chị chụp và gửi ảnh giúp tôi.",
        "At least 1 product photo is needed. Please take and send one.",
    ),
    "PHOTO_EXPECTED": (
        'Ở bước này anh/chị gửi ảnh sản phẩm, hoặc gõ "xong" khi đã gửi đủ.',
        'At this step, send product photos, or type "done" when finished.',
    ),
    "PHOTO_NOT_IMAGE": (
        "❌ Tệp này không phải là ảnh. Anh/chị gửi ảnh chụp sản phẩm (JPG hoặc PNG).",
        "❌ That file is not a picture. Please send a photo of the product (JPG or PNG).",
    ),
    "PHOTO_TOO_LARGE": (
        "❌ Ảnh quá lớn (tối đa 20 MB). Anh/chị gửi ảnh nhỏ hơn.",
        "❌ The photo is too large (20 MB at most). Please send a smaller one.",
    ),
    "PHOTO_TOO_MANY_PIXELS": (
        "❌ Ảnh quá lớn (tối đa 40 triệu điểm ảnh). Anh/chị gửi ảnh nhỏ hơn.",
        "❌ The picture is too big (40 megapixels at most). Please send a smaller one.",
    ),
    "PHOTO_DOWNLOAD_FAILED": (
        "❌ Tôi chưa tải được ảnh này. Anh/chị gửi lại giúp tôi.",
        "❌ I could not download that photo. Please send it again.",
    ),
    "SUMMARY_HEAD": (
        "Anh/chị kiểm tra lại thông tin:",
        "Please check your answers:",
    ),
    "SUMMARY_FOOT": (
        'Đúng rồi thì chọn "Gửi đăng ký". Muốn sửa mục nào thì chọn "Sửa" '
        'hoặc gõ "sửa" và số mục, ví dụ: sửa 3.',
        'If everything is right, choose "Submit". To change an answer, choose "Edit" '
        'or type "edit" and its number, for example: edit 3.',
    ),
    "SUMMARY_SUBMIT": ("Gửi đăng ký", "Submit"),
    "SUMMARY_EDIT": ("Sửa", "Edit"),
    "SUMMARY_CANCEL": ("Hủy", "Cancel"),
    "ASK_EDIT_WHICH": ("Anh/chị muốn sửa mục nào?", "Which answer do you want to change?"),
    "NOT_GIVEN": ("(chưa có)", "(none)"),
    "PHOTO_COUNT": ("{n} ảnh", "{n} photo(s)"),
    "FIELD_APPLICANT_NAME": ("Người đăng ký", "Applicant"),
    "FIELD_APPLICANT_TYPE": ("Tư cách", "Applicant type"),
    "FIELD_PHONE": ("Điện thoại", "Phone"),
    "FIELD_DISTRICT": ("Huyện", "District"),
    "FIELD_COMMUNE": ("Xã", "Commune"),
    "FIELD_PRODUCT_NAME": ("Sản phẩm", "Product"),
    "FIELD_PRODUCT_GROUP": ("Nhóm sản phẩm", "Product group"),
    "FIELD_CORE_VALUE": ("Giá trị cốt lõi", "Core value"),
    "FIELD_TARGET_MARKET": ("Thị trường", "Target market"),
    "FIELD_VOLUME": ("Sản lượng/năm", "Volume per year"),
    "FIELD_PRICE": ("Giá bán lẻ", "Retail price"),
    "FIELD_STORY": ("Câu chuyện sản phẩm", "Product story"),
    "FIELD_PHOTOS": ("Ảnh sản phẩm", "Product photos"),
    "SUBMITTED": (
        "✅ Đã gửi đăng ký ý tưởng sản phẩm.\n"
        "Số phiếu: {number}\n"
        "Tiếp theo: cán bộ xã sẽ xem xét và chuyển lên huyện; huyện chọn ý tưởng tốt gửi "
        'lên tỉnh trước ngày 31/3 để thẩm định. Anh/chị xem tiến độ ở mục "Ý tưởng của tôi".',
        "✅ Your product idea has been submitted.\n"
        "Form number: {number}\n"
        "Next: the commune officer reviews it and forwards it to the district; the district "
        "sends the best ideas to the province before 31 March for appraisal. Follow it under "
        '"My ideas".',
    ),
    "RESUME_ASK": (
        "Anh/chị có bản đăng ký chưa xong từ {date}. Tiếp tục hay làm lại từ đầu?",
        "You have an unfinished registration from {date}. Continue, or start over?",
    ),
    "RESUME_CONTINUE": ("Tiếp tục", "Continue"),
    "RESUME_RESTART": ("Làm lại từ đầu", "Start over"),
    # --- my ideas ---------------------------------------------------------------
    "MY_IDEAS_EMPTY": (
        'Anh/chị chưa gửi ý tưởng nào. Chọn "Đăng ký ý tưởng sản phẩm" để bắt đầu.',
        'You have not sent any idea yet. Choose "Register a product idea" to start.',
    ),
    "MY_IDEAS_HEAD": ("Ý tưởng của anh/chị ({count}):", "Your ideas ({count}):"),
    "MY_IDEAS_ROW": (
        "{i}. {product}\n   Số phiếu {number}, gửi ngày {date}\n   Tình trạng: {state}",
        "{i}. {product}\n   Form {number}, sent {date}\n   Status: {state}",
    ),
    # --- stamps -----------------------------------------------------------------------
    "ASK_STAMP": (
        "Anh/chị chụp ảnh tem OCOP (rõ mã QR) rồi gửi cho tôi, hoặc gõ số sê-ri in dưới mã, "
        "ví dụ: 0009-2X4K.",
        "Please send a photo of the OCOP stamp (with its QR code clear), or type the serial "
        "printed under the code, for example: 0009-2X4K.",
    ),
    "STAMP_GENUINE": ("✅ Tem OCOP chính hãng", "✅ Genuine OCOP stamp"),
    "STAMP_EXPIRED": (
        "⚠️ Tem thật, nhưng giấy chứng nhận OCOP của sản phẩm đã hết hiệu lực ({date}): "
        "logo OCOP trên sản phẩm này không còn giá trị.",
        "⚠️ A real stamp, but the product's OCOP certificate is no longer valid ({date}): "
        "the OCOP logo on this product no longer counts.",
    ),
    "STAMP_PRODUCER": (
        "Cơ sở: {producer}, {commune}, {district}",
        "Producer: {producer}, {commune}, {district}",
    ),
    "STAMP_CERTIFICATE": (
        "Giấy chứng nhận số {certificate}, hiệu lực đến {date}",
        "Certificate {certificate}, valid until {date}",
    ),
    "WEB_TITLE": ("Kiểm tra tem OCOP Hà Tĩnh", "Hà Tĩnh OCOP stamp check"),
    "WEB_SWITCH_LANG": ("English", "Tiếng Việt"),
    "WEB_FOOTER": (
        "Trang kiểm tra tem của Chương trình Mỗi xã một sản phẩm (OCOP) tỉnh Hà Tĩnh. "
        "Mỗi tem có một số sê-ri riêng; tem thật chỉ mở trang này.",
        "The stamp check page of Hà Tĩnh's One Commune One Product (OCOP) programme. "
        "Every stamp has its own serial; a genuine stamp opens only this page.",
    ),
    "STAMP_SERIAL": ("Số sê-ri tem: {serial}", "Stamp serial: {serial}"),
    "STAMP_FIRST_CHECK": ("Tem này được kiểm tra lần đầu.", "This is the stamp's first check."),
    "STAMP_CHECKED_BEFORE": (
        "⚠️ Tem này đã được kiểm tra {count} lần, lần đầu ngày {date}.\n"
        "Nếu anh/chị vừa mua sản phẩm và đây là lần kiểm tra đầu tiên, tem có thể là tem giả "
        "sao chép.",
        "⚠️ This stamp has been checked {count} times, first on {date}.\n"
        "If you just bought the product and this is your first check, the stamp may be a copy.",
    ),
    "STAMP_COUNTERFEIT": (
        "❌ Đây không phải tem do tỉnh Hà Tĩnh phát hành. Sản phẩm có thể là hàng giả mạo OCOP.",
        "❌ This is not a stamp issued by Hà Tĩnh province. The product may falsely claim OCOP.",
    ),
    "STAMP_UNKNOWN": (
        "❌ Không có tem OCOP nào mang số {serial}. Anh/chị kiểm tra lại số đã gõ; nếu đúng "
        "thì tem này không do tỉnh phát hành.",
        "❌ No OCOP stamp has the serial {serial}. Please check what you typed; if it is right, "
        "the province did not issue this stamp.",
    ),
    "STAMP_REVOKED": (
        "❌ Tem số {serial} đã bị thu hồi, không còn giá trị.",
        "❌ Stamp {serial} has been revoked and is no longer valid.",
    ),
    "QR_IS_STAMP": ("Mã tem OCOP", "OCOP stamp code"),
    "QR_IS_SERIAL": ("Số sê-ri tem OCOP", "OCOP stamp serial"),
    "QR_IS_COPIED_STAMP": (
        "⚠️ Mã này dẫn tới trang {host}, không phải trang kiểm tra tem OCOP của tỉnh. "
        "Đây có thể là tem giả làm giống tem thật. Anh/chị đừng mở liên kết này.",
        "⚠️ This code leads to {host}, not the province's OCOP stamp check page. It may be a "
        "fake copy of a real stamp. Please do not open this link.",
    ),
    "QR_IS_BANK_PAYMENT": (
        "Đây là mã QR chuyển khoản ngân hàng (VietQR), không phải tem OCOP.",
        "This is a bank payment QR code (VietQR), not an OCOP stamp.",
    ),
    "QR_IS_PAYMENT": (
        "Đây là mã QR thanh toán, không phải tem OCOP.",
        "This is a payment QR code, not an OCOP stamp.",
    ),
    "QR_IS_OTHER_URL": (
        "Đây là liên kết tới trang {host}, không phải tem OCOP. Bot không mở liên kết này.",
        "This is a link to {host}, not an OCOP stamp. The bot does not open it.",
    ),
    "QR_IS_WIFI": (
        "Đây là mã QR Wi-Fi, không phải tem OCOP.",
        "This is a Wi-Fi QR code, not an OCOP stamp.",
    ),
    "QR_IS_CONTACT": (
        "Đây là mã QR danh thiếp (thông tin liên hệ), không phải tem OCOP.",
        "This is a contact card QR code, not an OCOP stamp.",
    ),
    "QR_IS_TEXT": (
        "Mã QR này chỉ chứa chữ, không phải tem OCOP.",
        "This QR code holds plain text, not an OCOP stamp.",
    ),
    "STAMP_NO_CODE": (
        "Tôi không tìm thấy mã QR trong ảnh. Anh/chị thử chụp gần hơn, để tem phẳng, đủ ánh "
        "sáng; hoặc gõ số sê-ri in dưới mã.",
        "I found no QR code in the photo. Try closer, with the stamp flat and more light; or "
        "type the serial printed under the code.",
    ),
}


def t(key: str, lang: str, **values: Any) -> str:
    """The text for `key` in `lang` (Vietnamese when unknown), filled with `values`."""
    vi, en = TEXTS[key]
    template = en if lang == "en" else vi
    return template.format(**values) if values else template


def has_key(key: str) -> bool:
    return key in TEXTS
