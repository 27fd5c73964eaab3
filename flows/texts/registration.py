"""Texts of the idea registration form.

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
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
}
