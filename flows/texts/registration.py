"""Texts of the idea registration form.

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # --- answers in words ------------------------------------------------------------------
    "TOO_SHORT": (
        "Câu trả lời ngắn quá: cần ít nhất {min} ký tự.",
        "That answer is too short: it needs at least {min} characters.",
    ),
    "TOO_LONG": (
        "Câu trả lời dài {length} ký tự, quá giới hạn {max} ký tự. "
        "Anh/chị viết ngắn gọn hơn giúp tôi.",
        "That answer has {length} characters, more than the {max} allowed. Please make it shorter.",
    ),
    "NOT_AN_ANSWER": (
        '"{text}" chưa phải là câu trả lời cho câu hỏi này. Anh/chị gõ câu trả lời giúp tôi.',
        '"{text}" is not an answer to this question. Please type your answer.',
    ),
    "WORDS_EXPECTED": (
        "Câu trả lời cần viết bằng chữ, không chỉ có số.",
        "Please write the answer in words, not only digits.",
    ),
    "ANSWER_REQUIRED": (
        "Câu này cần có câu trả lời, không bỏ qua được.",
        "This question needs an answer; it cannot be skipped.",
    ),
    # --- applicant -------------------------------------------------------------------------
    "ASK_APPLICANT_NAME": (
        "Họ và tên người đăng ký (hoặc tên cơ sở)?\nVí dụ: Nguyễn Thị Hoa",
        "The applicant's full name (or the business's name)?\nExample: Nguyễn Thị Hoa",
    ),
    "NAME_LOOKS_LIKE_PHONE": (
        "Đây giống số điện thoại. Số điện thoại tôi hỏi ở câu sau; bây giờ anh/chị gõ họ và "
        "tên người đăng ký.",
        "That looks like a phone number. I ask for the phone next; for now, please type the "
        "applicant's name.",
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
        "Số điện thoại chưa đúng. Số di động có {mobile_digits} số, bắt đầu bằng "
        "{mobile_prefixes}; số máy bàn Hà Tĩnh có {landline_digits} số, bắt đầu bằng "
        "{landline_code}. Ví dụ: 0912 345 678.",
        "That phone number is not valid. A mobile number has {mobile_digits} digits starting "
        "with {mobile_prefixes}; a Hà Tĩnh landline has {landline_digits} digits starting with "
        "{landline_code}. Example: 0912 345 678.",
    ),
    "OR_WORD": ("hoặc", "or"),
    # --- where -----------------------------------------------------------------------------
    "ASK_DISTRICT": (
        "Cơ sở sản xuất ở huyện (thị xã, thành phố) nào?\nGõ số thứ tự hoặc tên, ví dụ: {example}",
        "Which district (town, city) is the producer in?\n"
        "Type the number or the name, for example: {example}",
    ),
    "DISTRICT_MANY": (
        'Có {count} nơi tên "{query}". Anh/chị chọn một:',
        '{count} places are called "{query}". Please choose one:',
    ),
    "DISTRICT_NOT_FOUND": (
        'Không tìm thấy huyện (thị xã, thành phố) nào tên "{query}". Anh/chị gõ lại tên, '
        "ví dụ: {example}, hoặc chọn số thứ tự.",
        'No district (town, city) is called "{query}". Type the name again, for example: '
        "{example}, or choose a number.",
    ),
    "ASK_COMMUNE": (
        "Xã (phường, thị trấn) nào thuộc {district}?\n"
        "Gõ số thứ tự hoặc một phần tên, ví dụ: {example}",
        "Which commune (ward, township) of {district}?\n"
        "Type the number or part of the name, for example: {example}",
    ),
    "ASK_COMMUNE_NO_DISTRICT": (
        "Cơ sở sản xuất ở xã (phường) nào?\n"
        "Gõ một phần tên, ví dụ: {example}, hoặc chọn số thứ tự.",
        "Which commune (ward) is the producer in?\n"
        "Type part of the name, for example: {example}, or choose a number.",
    ),
    "COMMUNE_PAGE": (
        'Trang {page}/{pages}. Gõ "tiếp" để xem trang sau.',
        'Page {page} of {pages}. Type "more" for the next page.',
    ),
    "COMMUNE_LAST_PAGE": (
        "Trang {page}/{pages}, trang cuối.",
        "Page {page} of {pages}, the last one.",
    ),
    "ALREADY_LAST_PAGE": ("Đây là trang cuối rồi.", "This is the last page."),
    "COMMUNE_NOT_FOUND": (
        'Không tìm thấy xã (phường, thị trấn) nào tên "{query}" ở {district}. Anh/chị gõ lại '
        "một phần tên, ví dụ: {example}, hoặc chọn số thứ tự.",
        'No commune (ward, township) called "{query}" in {district}. Type part of the name '
        "again, for example: {example}, or choose a number.",
    ),
    "COMMUNE_NOT_FOUND_IN_PROVINCE": (
        'Không tìm thấy xã (phường) nào tên "{query}" ở tỉnh Hà Tĩnh. Anh/chị gõ lại một phần '
        "tên, ví dụ: {example}, hoặc chọn số thứ tự.",
        'No commune (ward) of Hà Tĩnh is called "{query}". Type part of the name again, for '
        "example: {example}, or choose a number.",
    ),
    "COMMUNE_MANY": (
        'Có {count} nơi khớp với "{query}". Anh/chị chọn một:',
        '{count} places match "{query}". Please choose one:',
    ),
    "NEXT_PAGE": ("Xem thêm", "More"),
    "FIRST_PAGE": ("Về trang 1", "Back to page 1"),
    "SHOW_ALL": ("Xem cả danh sách", "Show the whole list"),
    # --- the product -----------------------------------------------------------------------
    "ASK_PRODUCT_NAME": (
        "Tên sản phẩm hoặc ý tưởng sản phẩm?\nVí dụ: Mật ong rừng Vũ Quang",
        "The product's name, or the idea?\nExample: Vũ Quang forest honey",
    ),
    "ASK_PRODUCT_GROUP": ("Sản phẩm thuộc nhóm nào?", "Which group is the product in?"),
    "ASK_CORE_VALUE": (
        "Giá trị cốt lõi của sản phẩm: vì sao khách hàng mua sản phẩm này?\n"
        "Ví dụ: mật ong nguyên chất từ hoa rừng, không pha đường",
        "The product's core value: why do customers buy it?\n"
        "Example: pure honey from forest flowers, no added sugar",
    ),
    "ASK_TARGET_MARKET": (
        "Anh/chị định bán sản phẩm ở đâu (thị trường mục tiêu)?",
        "Where do you plan to sell (target market)?",
    ),
    "ASK_VOLUME": (
        "Sản lượng dự kiến mỗi năm, gồm số lượng và đơn vị?\nVí dụ: 500 kg, 2 tấn, 5.000 chai",
        "Expected volume per year, a quantity and its unit?\n"
        "Example: 500 kg, 2 tonnes, 5,000 bottles",
    ),
    "BAD_VOLUME": (
        "Cần có số lượng và đơn vị (kg, tấn, chai...). Ví dụ: 500 kg, 2 tấn, 5.000 chai.",
        "Please give a quantity and its unit (kg, tonnes, bottles...). "
        "Example: 500 kg, 2 tonnes, 5,000 bottles.",
    ),
    "ASK_PRICE": (
        "Giá bán lẻ dự kiến (đồng), cho mỗi đơn vị nào?\n"
        "Ví dụ: 150k/kg, 120.000 một chai, 120-150k",
        "Expected retail price (VND), and per which unit?\n"
        "Example: 150k/kg, 120.000 một chai, 120-150k",
    ),
    "BAD_PRICE": (
        "Giá chưa đúng. Anh/chị gõ số tiền, có thể kèm đơn vị, ví dụ: 150.000, 150k/kg, 1,5 triệu.",
        "That price is not valid. Type an amount, with its unit if you like, for example: "
        "150.000, 150k/kg, 1,5 triệu.",
    ),
    "ASK_STORY": (
        "Câu chuyện sản phẩm: lịch sử, văn hóa, vùng đất gắn với sản phẩm (không bắt buộc).\n"
        "Ví dụ: nghề nuôi ong của gia đình đã có từ ba đời",
        "The product's story: history, culture, the place behind it (optional).\n"
        "Example: our family has kept bees for three generations",
    ),
    # --- photos ----------------------------------------------------------------------------
    "ASK_PHOTOS": (
        'Anh/chị gửi từ 1 đến {max} ảnh sản phẩm. Gửi xong thì gõ "xong".',
        'Please send 1 to {max} photos of the product. Type "done" when finished.',
    ),
    "ASK_MORE_PHOTOS": (
        "Đã có {n}/{max} ảnh sản phẩm. Anh/chị gửi thêm ảnh, hoặc chọn một việc dưới đây.",
        "{n} of {max} product photos so far. Send more, or choose below.",
    ),
    "PHOTO_REMOVE_HINT": (
        'Muốn bỏ một ảnh thì gõ "xóa" và số ảnh, ví dụ: xóa 2.',
        'To remove one photo, type "remove" and its number, for example: remove 2.',
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
        "Đã đủ {max} ảnh nên ảnh này chưa được thêm. Muốn thay ảnh thì bỏ bớt một ảnh trước "
        '(gõ "xóa" và số ảnh, ví dụ: xóa 2).',
        "There are {max} photos already, so this one was not added. To replace one, remove "
        'a photo first (type "remove" and its number, for example: remove 2).',
    ),
    "PHOTO_LIMIT_AT_SUMMARY": (
        "Đã đủ {max} ảnh nên ảnh này chưa được thêm. Muốn thay ảnh thì chọn "
        '"Sửa", rồi "Ảnh sản phẩm".',
        "There are {max} photos already, so this one was not added. To replace photos, choose "
        '"Edit", then "Product photos".',
    ),
    "PHOTO_KEPT": (
        "✅ Đã giữ ảnh này cho phần ảnh sản phẩm ({n}/{max}).",
        "✅ Photo kept for the product photos ({n}/{max}).",
    ),
    "PHOTO_REMOVED": (
        "✅ Đã bỏ ảnh {n}. Còn {left} ảnh.",
        "✅ Photo {n} removed. {left} left.",
    ),
    "PHOTO_NO_SUCH": (
        "Không có ảnh số {n}: hiện có {count} ảnh.",
        "There is no photo {n}: there are {count}.",
    ),
    "PHOTOS_CLEARED": (
        "✅ Đã xóa hết ảnh.",
        "✅ All photos removed.",
    ),
    "PHOTO_CAPTION": ("Ảnh {n}/{count}", "Photo {n} of {count}"),
    "PHOTO_OPTION_REVIEW": ("Xem lại các ảnh", "See the photos"),
    "PHOTO_OPTION_CLEAR": ("Xóa hết, gửi ảnh khác", "Remove all, send others"),
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
        "❌ Ảnh quá lớn (tối đa {max_mb} MB). Anh/chị gửi ảnh nhỏ hơn.",
        "❌ The photo is too large ({max_mb} MB at most). Please send a smaller one.",
    ),
    "PHOTO_TOO_MANY_PIXELS": (
        "❌ Ảnh quá lớn (tối đa {max_megapixels} triệu điểm ảnh). Anh/chị gửi ảnh nhỏ hơn.",
        "❌ The picture is too big ({max_megapixels} megapixels at most). "
        "Please send a smaller one.",
    ),
    "PHOTO_DOWNLOAD_FAILED": (
        "❌ Tôi chưa tải được ảnh này. Anh/chị gửi lại giúp tôi.",
        "❌ I could not download that photo. Please send it again.",
    ),
    # --- summary and editing ---------------------------------------------------------------
    "SUMMARY_HEAD": (
        "Anh/chị kiểm tra lại thông tin:",
        "Please check your answers:",
    ),
    "SUMMARY_FOOT": (
        'Đúng rồi thì chọn "Gửi đăng ký". Cần sửa thì chọn "Sửa".',
        'If everything is right, choose "Submit". To change an answer, choose "Edit".',
    ),
    "SUMMARY_SUBMIT": ("Gửi đăng ký", "Submit"),
    "SUMMARY_EDIT": ("Sửa", "Edit"),
    "SUMMARY_CANCEL": ("Hủy", "Cancel"),
    "SUMMARY_INCOMPLETE": (
        "Còn một câu chưa trả lời, anh/chị trả lời giúp tôi.",
        "One question is still unanswered; please answer it.",
    ),
    "ASK_EDIT_WHICH": (
        "Anh/chị muốn sửa mục nào? Gõ số của mục.",
        "Which answer do you want to change? Type its number.",
    ),
    "NO_SUCH_ITEM": (
        "Không có mục số {n}. Các mục có số từ 1 đến {count}.",
        "There is no item {n}. Items are numbered 1 to {count}.",
    ),
    "NOT_GIVEN": ("(chưa có)", "(none)"),
    "PHOTO_COUNT": ("{n} ảnh", "{n} photo(s)"),
    "FIELD_APPLICANT_NAME": ("Người đăng ký", "Applicant"),
    "FIELD_APPLICANT_TYPE": ("Tư cách", "Applicant type"),
    "FIELD_PHONE": ("Điện thoại", "Phone"),
    "FIELD_DISTRICT": ("Huyện (thị xã, thành phố)", "District"),
    "FIELD_COMMUNE": ("Xã (phường, thị trấn)", "Commune"),
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
    "SUBMITTED_NO_DISTRICT": (
        "✅ Đã gửi đăng ký ý tưởng sản phẩm.\n"
        "Số phiếu: {number}\n"
        "Tiếp theo: cán bộ xã sẽ xem xét, chọn ý tưởng tốt gửi lên tỉnh trước ngày 31/3 để "
        'thẩm định. Anh/chị xem tiến độ ở mục "Ý tưởng của tôi".',
        "✅ Your product idea has been submitted.\n"
        "Form number: {number}\n"
        "Next: the commune officer reviews it and sends the best ideas to the province before "
        '31 March for appraisal. Follow it under "My ideas".',
    ),
    "PHOTO_TOO_HEAVY": (
        "❌ Ảnh này quá nặng, tôi không xử lý được. Anh/chị chụp lại ở chế độ thường, "
        "hoặc gửi ảnh nhỏ hơn.",
        "❌ That picture is too heavy for me to process. Please take it again at the normal "
        "setting, or send a smaller one.",
    ),
    "PHOTO_BUSY": (
        "⏳ Tôi đang xử lý nhiều ảnh cùng lúc nên chưa nhận được ảnh này. "
        "Anh/chị gửi lại sau ít phút giúp tôi.",
        "⏳ I am handling many photos at once and could not take this one. "
        "Please send it again in a few minutes.",
    ),
}
