"""Texts of OCOP sales points: where to buy (everyone), and officers adding and removing them.

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "MENU_WHERE_TO_BUY": ("Mua sản phẩm OCOP ở đâu", "Where to buy OCOP products"),
    "MENU_SALES_MANAGE": ("Quản lý điểm bán OCOP", "Manage OCOP sales points"),
    # --- where to buy -------------------------------------------------------------------
    "SALES_FIND_ASK": (
        "Anh/chị muốn tìm điểm bán sản phẩm OCOP ở đâu?\n"
        "Gõ tên {kinds} (ví dụ: {example}), hoặc gửi vị trí của anh/chị để tìm điểm gần nhất "
        "(trên Telegram: bấm nút đính kèm rồi chọn Vị trí).",
        "Where would you like to find OCOP sales points?\n"
        "Type the name of a {kinds} (for example: {example}), or send your location to find "
        "the nearest (on Telegram: tap the attachment button, then Location).",
    ),
    "SALES_KINDS_2020": ("huyện hoặc xã, phường", "district, commune or ward"),
    "SALES_KINDS_2025": ("xã hoặc phường", "commune or ward"),
    "SALES_FIND_ALL": ("Tất cả điểm bán trong tỉnh", "Every sales point in the province"),
    "SALES_PICK_ASK": ("Anh/chị muốn tìm ở nơi nào?", "Which place do you mean?"),
    "SALES_PLACE_UNKNOWN": (
        "Tôi chưa tìm thấy nơi nào tên “{place}” ở {province}. Anh/chị gõ lại tên, "
        "ví dụ: {example}.",
        "I found no place called “{place}” in {province}. Please type the name again, "
        "for example: {example}.",
    ),
    "SALES_PLACE_TOO_MANY": (
        "“{place}” khớp với {count} nơi. Anh/chị gõ rõ hơn, ví dụ: {example}.",
        "“{place}” fits {count} places. Please type more of the name, for example: {example}.",
    ),
    "SALES_HEAD": (
        "Điểm bán sản phẩm OCOP{what}{where}: {total} điểm.",
        "OCOP sales points{what}{where}: {total}.",
    ),
    "SALES_PAGE": ("(trang {page}/{pages})", "(page {page} of {pages})"),
    "SALES_WHAT_PRODUCT": (" có bán {product}", " selling {product}"),
    "SALES_WHERE_PLACE": (" ở {place}", " in {place}"),
    "SALES_WHERE_NEAR": (", gần anh/chị nhất trước", ", nearest to you first"),
    "SALES_WHERE_PROVINCE": (" ở {province}", " in {province}"),
    "SALES_ROW": (
        "{n}. {name}{distance}\n   Địa chỉ: {address}, {place}\n"
        "   Điện thoại: {phone} · Mở cửa: {hours}",
        "{n}. {name}{distance}\n   Address: {address}, {place}\n   Phone: {phone} · Open: {hours}",
    ),
    "SALES_DISTANCE": (" (cách {distance})", " ({distance} away)"),
    "SALES_ROW_PRODUCTS": ("   Có bán: {products}", "   Sells: {products}"),
    "SALES_PRODUCTS_MORE": (
        "{products} và {count} sản phẩm khác",
        "{products} and {count} more",
    ),
    "SALES_NONE": (
        "Chưa có điểm bán sản phẩm OCOP nào{what}{where}.",
        "There is no OCOP sales point{what}{where} yet.",
    ),
    "SALES_NONE_FOR_PRODUCT": (
        "Chưa có điểm bán nào ghi nhận có bán {product}. Anh/chị có thể hỏi trực tiếp cơ sở "
        "sản xuất ghi trên tem.",
        "No sales point has recorded selling {product} yet. You can ask the producer named "
        "on the stamp.",
    ),
    "SALES_PRODUCT_UNKNOWN": (
        "Không có sản phẩm OCOP nào mang số {id} còn hiệu lực chứng nhận.",
        "No OCOP product with number {id} holds a valid certificate.",
    ),
    "SALES_RESULTS_HINT": (
        "Gửi vị trí để xem điểm gần anh/chị nhất, hoặc gõ tên nơi khác.",
        "Send your location to see the nearest first, or type another place.",
    ),
    "SALES_NEXT": ("Trang sau", "Next page"),
    "SALES_PREV": ("Trang trước", "Previous page"),
    "SALES_OTHER_PLACE": ("Tìm nơi khác", "Search another place"),
    "SALES_DONE": ("Xong", "Done"),
    "SALES_BYE": ("Vâng ạ.", "All right."),
    "SALES_WHERE_LINE": (
        "Nơi bán sản phẩm này: gõ {command}",
        "Where to buy this product: type {command}",
    ),
    "SALES_WHERE_BUTTON": ("Nơi bán sản phẩm này", "Where to buy this product"),
    # --- officers: the list -------------------------------------------------------------
    "SALES_MANAGE_HEAD": (
        "Điểm bán OCOP trong địa bàn của anh/chị: {total} điểm.",
        "OCOP sales points in your area: {total}.",
    ),
    "SALES_MANAGE_EMPTY": (
        "Địa bàn của anh/chị chưa có điểm bán OCOP nào. Anh/chị có thể thêm điểm đầu tiên.",
        "There is no OCOP sales point in your area yet. You can add the first.",
    ),
    "SALES_ADD": ("Thêm điểm bán", "Add a sales point"),
    "SALES_REMOVE": ("Xóa một điểm bán", "Remove a sales point"),
    # --- officers: adding ---------------------------------------------------------------
    "SALES_ASK_NAME": (
        "Tên điểm bán là gì? Ví dụ: Điểm giới thiệu và bán sản phẩm OCOP Vũ Quang.",
        "What is the sales point called? For example: Vũ Quang OCOP showcase and shop.",
    ),
    "SALES_ASK_ADDRESS": (
        "Địa chỉ (số nhà, đường, thôn/xóm)? Xã/phường sẽ hỏi ở bước sau.",
        "Its address (number, street, village)? The commune comes next.",
    ),
    "SALES_ASK_COMMUNE": (
        "Điểm bán thuộc xã/phường nào? Gõ tên, ví dụ: {example}.",
        "Which commune or ward is it in? Type the name, for example: {example}.",
    ),
    "SALES_PICK_COMMUNE": (
        "Tên này khớp với mấy nơi. Anh/chị chọn một:",
        "That name fits several places. Please choose one:",
    ),
    "SALES_COMMUNE_UNKNOWN": (
        "Tôi chưa tìm thấy xã/phường nào tên “{place}”. Anh/chị gõ lại, ví dụ: {example}.",
        "I found no commune called “{place}”. Please type it again, for example: {example}.",
    ),
    "SALES_COMMUNE_OUTSIDE": (
        "{names} không thuộc địa bàn anh/chị phụ trách, nên anh/chị không thêm điểm bán ở đó "
        "được. Anh/chị gõ một xã/phường trong địa bàn của mình.",
        "{names} is outside the area you look after, so you cannot add a sales point there. "
        "Please type a commune in your area.",
    ),
    "SALES_COMMUNE_TOO_MANY": (
        "“{place}” khớp với {count} xã/phường. Anh/chị gõ rõ hơn tên xã/phường.",
        "“{place}” fits {count} communes. Please type more of the name.",
    ),
    "SALES_ASK_PHONE": (
        "Số điện thoại của điểm bán? Ví dụ: 0912 345 678 hoặc 0239 3856 789.",
        "The sales point's phone number? For example: 0912 345 678 or 0239 3856 789.",
    ),
    "SALES_PHONE_BAD": (
        "Số này chưa đúng. Anh/chị gõ số di động 10 chữ số (ví dụ 0912 345 678) hoặc số máy "
        "bàn Hà Tĩnh (ví dụ 0239 3856 789).",
        "That number is not right. Please type a 10-digit mobile (for example 0912 345 678) "
        "or a Hà Tĩnh landline (for example 0239 3856 789).",
    ),
    "SALES_ASK_HOURS": (
        "Giờ mở cửa? Ví dụ: 7:00–21:00 hằng ngày.",
        "Opening hours? For example: 7:00–21:00 every day.",
    ),
    "SALES_ASK_LOCATION": (
        "Gửi vị trí của điểm bán để người mua tìm điểm gần nhất (trên Telegram: bấm nút đính "
        "kèm rồi chọn Vị trí), hoặc gõ tọa độ từ bản đồ, ví dụ: 18.3436, 105.9057. Không có thì gõ "
        "“bỏ qua”.",
        "Send the sales point's location so that buyers find the nearest (on Telegram: tap "
        "the attachment button, then Location), or type its coordinates from a map, for "
        "example: 18.3436, 105.9057. Without one, type “skip”.",
    ),
    "SALES_SKIP": ("Bỏ qua", "Skip"),
    "SALES_LOCATION_BAD": (
        "Tôi chưa đọc được vị trí. Anh/chị gửi vị trí, hoặc gõ tọa độ dạng 18.3436, 105.9057.",
        "I could not read a location. Please send one, or type coordinates such as "
        "18.3436, 105.9057.",
    ),
    "SALES_LOCATION_OUTSIDE": (
        "Vị trí này nằm ngoài {province}. Anh/chị kiểm tra lại (vĩ độ đứng trước, kinh độ sau).",
        "That location is outside {province}. Please check it (latitude first, then longitude).",
    ),
    "SALES_ASK_PRODUCTS": (
        "Điểm này bán những sản phẩm OCOP nào? Gõ mã số hoặc tên sản phẩm, nhiều sản phẩm thì "
        "cách nhau bằng dấu phẩy (tối đa {max}). Gõ “xong” khi đủ.",
        "Which OCOP products does it sell? Type product numbers or names, separated by commas "
        "(at most {max}). Type “done” when that is all.",
    ),
    "SALES_PRODUCTS_NONE_YET": ("Chưa chọn sản phẩm nào.", "No product chosen yet."),
    "SALES_PRODUCTS_CHOSEN": (
        "Đã chọn {count} sản phẩm: {products}.",
        "{count} chosen: {products}.",
    ),
    "SALES_PRODUCTS_DONE": ("Xong", "Done"),
    "SALES_PRODUCTS_FULL": (
        "Một điểm bán ghi được tối đa {max} sản phẩm.",
        "A sales point records at most {max} products.",
    ),
    "SALES_PRODUCT_NOT_FOUND": (
        "Không thấy sản phẩm OCOP còn hiệu lực nào ứng với “{typed}”.",
        "No certified OCOP product fits “{typed}”.",
    ),
    "SALES_PRODUCT_SEVERAL": (
        "“{typed}” khớp với mấy sản phẩm: {products}. Anh/chị gõ mã số (ví dụ #12).",
        "“{typed}” fits several products: {products}. Please type the number (for example #12).",
    ),
    "SALES_SUMMARY": (
        "Anh/chị xem lại điểm bán:\n"
        "• Tên: {name}\n• Địa chỉ: {address}, {place}\n• Điện thoại: {phone}\n"
        "• Giờ mở cửa: {hours}\n• Vị trí: {location}\n• Sản phẩm: {products}",
        "Please check the sales point:\n"
        "• Name: {name}\n• Address: {address}, {place}\n• Phone: {phone}\n"
        "• Opening hours: {hours}\n• Location: {location}\n• Products: {products}",
    ),
    "SALES_NO_LOCATION": ("chưa có", "none"),
    "SALES_NO_PRODUCTS": ("chưa ghi", "none recorded"),
    "SALES_SAVE": ("Lưu điểm bán", "Save the sales point"),
    "SALES_DISCARD": ("Bỏ đi", "Discard it"),
    "SALES_ADDED": (
        "✅ Đã lưu điểm bán “{name}” (số {id}). Người mua hỏi “Mua sản phẩm OCOP ở đâu” sẽ "
        "thấy điểm này.",
        "✅ Saved the sales point “{name}” (number {id}). Buyers asking “Where to buy OCOP "
        "products” will see it.",
    ),
    "SALES_DISCARDED": ("Đã bỏ, không lưu điểm bán.", "Discarded; nothing was saved."),
    "SALES_ANSWER_NEEDED": (
        "Anh/chị gõ câu trả lời bằng chữ.",
        "Please type the answer in words.",
    ),
    "SALES_TOO_LONG": (
        "Dài quá: tối đa {max} ký tự (đang có {length}).",
        "Too long: at most {max} characters (this has {length}).",
    ),
    # --- officers: removing -------------------------------------------------------------
    "SALES_ASK_REMOVE": ("Anh/chị muốn xóa điểm bán nào?", "Which sales point should go?"),
    "SALES_CONFIRM_REMOVE": (
        "Xóa điểm bán “{name}”? Người mua sẽ không thấy điểm này nữa.",
        "Remove the sales point “{name}”? Buyers will no longer see it.",
    ),
    "SALES_REMOVE_YES": ("Xóa", "Remove"),
    "SALES_REMOVE_NO": ("Không xóa", "Keep it"),
    "SALES_REMOVED": ("✅ Đã xóa điểm bán “{name}”.", "✅ Removed the sales point “{name}”."),
    "SALES_POINT_GONE": (
        "Điểm bán này không còn nữa (có thể đã bị xóa).",
        "That sales point is no longer there (it may have been removed).",
    ),
}
