"""Texts of stamp checks (chat and web page).

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
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
    "STAMP_WITHDRAWN": (
        "⚠️ Tem thật, nhưng giấy chứng nhận OCOP của sản phẩm đã bị thu hồi: logo OCOP trên "
        "sản phẩm này không còn giá trị.",
        "⚠️ A real stamp, but the product's OCOP certificate has been withdrawn: the OCOP logo "
        "on this product no longer counts.",
    ),
    "STAMP_CERTIFICATE_WITHDRAWN": (
        "Giấy chứng nhận số {certificate}, đã bị thu hồi",
        "Certificate {certificate}, withdrawn",
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
    "STAMP_NO_CONSUMER_CHECK": (
        "Chưa người mua nào kiểm tra tem này.",
        "No buyer has checked this stamp yet.",
    ),
    "STAMP_ONLY_YOU": (
        "Chỉ có anh/chị đã kiểm tra tem này (lần đầu ngày {date}).",
        "Only you have checked this stamp (first on {date}).",
    ),
    "STAMP_CHECKED_BEFORE": (
        "⚠️ Tem này đã được {count} người kiểm tra, lần đầu ngày {date}.\n"
        "Nếu anh/chị vừa mua sản phẩm và chưa ai trong nhà kiểm tra tem này, tem có thể là "
        "tem giả sao chép.",
        "⚠️ {count} people have checked this stamp, first on {date}.\n"
        "If you just bought the product and nobody in your household checked it before, the "
        "stamp may be a copy.",
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
    "STAMP_TYPED_LIMIT": (
        "⏳ Anh/chị đã gõ {limit} số sê-ri trong {minutes} phút qua, là mức tối đa cho một "
        "người. Xin mời thử lại sau {time}. Gửi ảnh chụp tem (rõ mã QR) thì kiểm tra được ngay, "
        "không giới hạn.",
        "⏳ You have typed {limit} serials in the last {minutes} minutes, the most one person may. "
        "Please try again after {time}. A photo of the stamp (with its QR code clear) can be "
        "checked at once, without a limit.",
    ),
    "STAMP_FAILED_LIMIT": (
        "⏳ {limit} số sê-ri anh/chị gõ trong {minutes} phút qua không khớp tem nào, là mức tối "
        "đa cho một người. Xin mời thử lại sau {time}. Gửi ảnh chụp tem (rõ mã QR) thì kiểm tra "
        "được ngay, không giới hạn.",
        "⏳ {limit} serials you typed in the last {minutes} minutes matched no stamp, the most one "
        "person may. Please try again after {time}. A photo of the stamp (with its QR code "
        "clear) can be checked at once, without a limit.",
    ),
    "STAMP_MISTYPED": (
        "❌ Số {serial} không đúng dạng số sê-ri tem: có thể gõ nhầm một ký tự. Anh/chị xem "
        "lại {chars} ký tự in dưới mã QR rồi gõ lại, hoặc gửi ảnh chụp tem.",
        "❌ {serial} is not a valid stamp serial: a character may be mistyped. Please check "
        "the {chars} characters printed under the QR code and type them again, or send a photo of "
        "the stamp.",
    ),
    "STAMP_NOT_A_SERIAL": (
        "Đây không phải số sê-ri tem. Anh/chị gửi ảnh chụp tem OCOP, hoặc gõ {chars} ký tự in dưới "
        "mã QR, ví dụ: 0009-2X4K.",
        "This is not a stamp serial. Please send a photo of the OCOP stamp, or type the {chars} "
        "characters printed under the QR code, for example: 0009-2X4K.",
    ),
    "STAMP_CHECK_STOPPED": (
        "Đã dừng kiểm tra tem.",
        "Stamp check stopped.",
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
    # When nothing read, what the photo shows picks one of these (stamps/photo_advice.py).
    "STAMP_NO_CODE_DARK": (
        "Ảnh tối quá nên tôi chưa đọc được mã QR. Anh/chị ra chỗ sáng hơn hoặc bật đèn rồi "
        "chụp lại; hoặc gõ số sê-ri in dưới mã.",
        "The photo is too dark for me to read the QR code. Move into more light or switch a "
        "light on, then take it again; or type the serial printed under the code.",
    ),
    "STAMP_NO_CODE_SMALL": (
        "Mã QR trong ảnh nhỏ quá. Anh/chị đưa máy lại gần để mã chiếm khoảng nửa khung hình "
        "rồi chụp lại; hoặc gõ số sê-ri in dưới mã.",
        "The QR code is too small in the photo. Move the phone closer, so that the code fills "
        "about half of the picture, and take it again; or type the serial printed under the "
        "code.",
    ),
    "STAMP_NO_CODE_SHAKE": (
        "Ảnh bị rung nên mã QR bị nhòe. Anh/chị tì tay lên bàn, giữ yên máy một giây rồi chụp "
        "lại; hoặc gõ số sê-ri in dưới mã.",
        "The photo is shaken and the QR code is smeared. Rest your hand on the table, hold the "
        "phone still for a second and take it again; or type the serial printed under the "
        "code.",
    ),
    "STAMP_NO_CODE_FOCUS": (
        "Ảnh bị mờ, máy chưa lấy nét vào mã QR. Anh/chị chạm vào mã trên màn hình để lấy nét, "
        "để máy cách tem khoảng một gang tay, rồi chụp lại; hoặc gõ số sê-ri in dưới mã.",
        "The photo is out of focus. Tap the code on the screen to focus, hold the phone about "
        "a hand's span from the stamp and take it again; or type the serial printed under the "
        "code.",
    ),
    "STAMP_NO_CODE_FLATTEN": (
        "Tôi thấy mã QR nhưng chưa đọc được: tem có thể bị cong hoặc nhăn. Anh/chị vuốt phẳng "
        "tem (hoặc xoay lọ cho mã ở chính giữa), chụp thẳng từ trên xuống rồi gửi lại; hoặc gõ "
        "số sê-ri in dưới mã.",
        "I can see the QR code but cannot read it: the stamp may be curved or creased. Smooth "
        "it flat (or turn the jar so the code faces you), shoot straight at it and send it "
        "again; or type the serial printed under the code.",
    ),
}
