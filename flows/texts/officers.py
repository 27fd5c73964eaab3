"""Texts of officers: enrolment by a one-time code, their roles, inviting and revoking, and
why an action was refused.

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # --- roles ------------------------------------------------------------------------
    "ROLE_COMMUNE": ("cán bộ cấp xã", "commune officer"),
    "ROLE_DISTRICT": ("cán bộ cấp huyện", "district officer"),
    "ROLE_PROVINCE": ("cán bộ cấp tỉnh", "province officer"),
    "ROLE_ADMIN": ("quản trị viên", "administrator"),
    "ROLE_IN_AREA": ("{role}, {area}", "{role}, {area}"),
    # --- enrolment --------------------------------------------------------------------
    "OFFICER_ASK_CODE": (
        "Anh/chị gửi mã mời cán bộ (8 chữ và số, ví dụ K7QM-3XPA). Mã do quản trị viên "
        "của chương trình OCOP cấp.",
        "Please send your officer invitation code (8 letters and digits, for example "
        "K7QM-3XPA). The OCOP programme's administrator gives it to you.",
    ),
    "OFFICER_NOT_A_CODE": (
        "Đây không phải mã mời: mã có đúng 8 chữ và số, ví dụ K7QM-3XPA.",
        "That is not an invitation code: a code has exactly 8 letters and digits, for example "
        "K7QM-3XPA.",
    ),
    "OFFICER_ENROLLED": (
        "✅ Anh/chị đã được ghi nhận là {role}.",
        "✅ You are now registered as {role}.",
    ),
    "OFFICER_ALREADY": (
        "Anh/chị đã là {role} từ trước; mã này đã được dùng.",
        "You were {role} already; this code is now used.",
    ),
    "OFFICER_NEXT": (
        "Khi có việc cần anh/chị xử lý, tôi sẽ báo ngay tại cuộc trò chuyện này. "
        "Gõ /vaitro để xem vai trò của mình.",
        "When something needs you, I will tell you here in this chat. "
        "Type /roles to see your roles.",
    ),
    "OFFICER_NEXT_ADMIN": (
        "Anh/chị có thể mời cán bộ bằng /moi (ví dụ: /moi huyen 441 Nguyễn Văn A) và thu hồi "
        "quyền bằng /thuhoi.",
        "You can invite officers with /invite (for example: /invite district 441 Nguyen Van A) "
        "and take roles back with /revoke.",
    ),
    "OFFICER_REFUSED_WRONG": (
        "❌ Mã này không đúng. Anh/chị kiểm tra lại từng chữ rồi gửi lại mã.",
        "❌ This code is not right. Please check each character and send the code again.",
    ),
    "OFFICER_REFUSED_USED": (
        "❌ Mã này đã được dùng rồi: mỗi mã chỉ dùng được một lần. Anh/chị xin quản trị viên "
        "một mã mới.",
        "❌ This code has been used already: each code works once. Please ask the "
        "administrator for a new one.",
    ),
    "OFFICER_REFUSED_EXPIRED": (
        "❌ Mã này đã hết hạn (mã dùng được {days} ngày). Anh/chị xin quản trị viên một mã mới.",
        "❌ This code has expired (a code lasts {days} days). Please ask the administrator for "
        "a new one.",
    ),
    "OFFICER_REFUSED_REVOKED": (
        "❌ Mã này đã bị quản trị viên hủy. Anh/chị xin một mã mới.",
        "❌ The administrator has cancelled this code. Please ask for a new one.",
    ),
    "OFFICER_REFUSED_OLD_STRUCTURE": (
        "❌ Mã này được cấp theo địa giới hành chính cũ. Anh/chị xin quản trị viên một mã mới.",
        "❌ This code was made for the old administrative boundaries. Please ask the "
        "administrator for a new one.",
    ),
    "OFFICER_REFUSED_LIMITED": (
        "⏳ Anh/chị đã gửi sai mã {limit} lần trong {minutes} phút qua. Xin đợi một lúc rồi "
        "thử lại.",
        "⏳ You sent a wrong code {limit} times in the last {minutes} minutes. Please wait a "
        "while and try again.",
    ),
    "MY_ROLES_HEAD": ("Vai trò của anh/chị:", "Your roles:"),
    "MY_ROLES_ROW": ("• {role}", "• {role}"),
    "MY_ROLES_NONE": (
        "Anh/chị đang dùng bot với tư cách người sản xuất. Cán bộ được mời gửi /canbo kèm mã.",
        "You are using the bot as a producer. An invited officer sends /officer with their code.",
    ),
    "MENU_MY_ROLES": ("Vai trò của tôi", "My roles"),
    # --- inviting (administrators) ------------------------------------------------------
    "MENU_INVITE_OFFICER": ("Mời cán bộ", "Invite an officer"),
    "INVITE_ASK_ROLE": ("Mời cán bộ cấp nào?", "Which kind of officer?"),
    "INVITE_ASK_AREA_COMMUNE": (
        "Cán bộ của xã/phường nào? Gõ tên (ví dụ: Ân Phú) hoặc mã xã.",
        "Which commune? Type its name (for example: An Phu) or its code.",
    ),
    "INVITE_ASK_AREA_DISTRICT": (
        "Cán bộ của huyện/thị xã/thành phố nào? Gõ tên (ví dụ: Vũ Quang) hoặc mã huyện.",
        "Which district? Type its name (for example: Vu Quang) or its code.",
    ),
    "INVITE_ASK_NAME": (
        "Họ tên người được mời (để dễ nhận ra trong danh sách), hoặc chọn Bỏ qua.",
        "The invited person's full name (to know them in the list), or choose Skip.",
    ),
    "INVITE_SKIP_NAME": ("Bỏ qua", "Skip"),
    "OFFICER_ROLE_UNKNOWN": (
        "Không có vai trò này. Chọn một trong: xa (cấp xã), huyen (cấp huyện), tinh (cấp "
        "tỉnh), quantri (quản trị viên).",
        "There is no such role. Choose one of: commune, district, province, admin.",
    ),
    "OFFICER_AREA_NEEDED": (
        "Cần cho biết địa bàn (mã hoặc tên xã/huyện).",
        "The area is needed (the commune's or district's code or name).",
    ),
    "OFFICER_AREA_UNKNOWN": (
        "Không tìm thấy địa bàn “{area}” trong danh mục hành chính {structure}.",
        "There is no area “{area}” in the {structure} administrative units.",
    ),
    "OFFICER_AREA_AMBIGUOUS": (
        "“{area}” có thể là: {names}. Anh/chị gõ mã để chọn đúng.",
        "“{area}” may be: {names}. Please type the code to pick one.",
    ),
    "OFFICER_NO_DISTRICTS": (
        "Theo địa giới hành chính {structure} không còn cấp huyện: hãy mời cán bộ cấp xã "
        "hoặc cấp tỉnh.",
        "The {structure} administrative units have no districts: invite a commune or "
        "province officer.",
    ),
    "OFFICER_AREA_NOT_NEEDED": (
        "Vai trò {role} không gắn với địa bàn: bỏ --area.",
        "The {role} role has no area: leave out --area.",
    ),
    "INVITE_MADE": (
        "Đã tạo mã mời {who}{name}. Người được mời gửi cho bot:\n/canbo {code}\n"
        "Mã dùng được một lần, hết hạn lúc {expires}.",
        "Invitation made for {who}{name}. The invited person sends the bot:\n/officer {code}\n"
        "The code works once and expires at {expires}.",
    ),
    "INVITE_FOR_NAME": (" ({name})", " ({name})"),
    # --- revoking (administrators) ------------------------------------------------------
    "MENU_REVOKE_OFFICER": ("Thu hồi quyền cán bộ", "Take back an officer's role"),
    "REVOKE_LIST_HEAD": ("Cán bộ hiện có:", "Officers now:"),
    "REVOKE_LIST_ROW": ("{user}. {name} — {role}", "{user}. {name} — {role}"),
    "REVOKE_LIST_EMPTY": ("Chưa có cán bộ nào.", "There are no officers yet."),
    "REVOKE_ASK_WHO": (
        "Gửi số của người cần thu hồi quyền (số đứng đầu dòng).",
        "Send the number of the person whose roles to take back (the number at the start of "
        "the line).",
    ),
    "REVOKE_NOT_A_NUMBER": (
        "Xin gửi một số, ví dụ 12.",
        "Please send a number, for example 12.",
    ),
    "REVOKE_DONE": (
        "Đã thu hồi quyền của người số {user}: {roles}.",
        "Roles of person {user} taken back: {roles}.",
    ),
    "REVOKE_NOTHING": (
        "Người số {user} không giữ vai trò cán bộ nào.",
        "Person {user} holds no officer role.",
    ),
    "REVOKE_SELF": (
        "Anh/chị không thể tự thu hồi quyền của chính mình.",
        "You cannot take back your own roles.",
    ),
    # --- refusals (flows/authorization.py) ------------------------------------------------
    "AUTH_ROLE_NEEDED": (
        "⛔ Anh/chị không có vai trò được làm việc này.",
        "⛔ You do not hold a role that may do this.",
    ),
    "AUTH_OUTSIDE_AREA": (
        "⛔ Hồ sơ này không thuộc địa bàn của anh/chị.",
        "⛔ This record is outside your area.",
    ),
    "AUTH_NOT_YOURS": (
        "⛔ Hồ sơ này không phải của anh/chị.",
        "⛔ This record is not yours.",
    ),
    "AUTH_UNKNOWN_ACTION": (
        "⛔ Việc này không được phép.",
        "⛔ This is not allowed.",
    ),
    "AUTH_FOR_OFFICERS": (
        "⛔ Việc này cần một vai trò cán bộ mà anh/chị chưa có. Nếu anh/chị là cán bộ OCOP, "
        "xin mã mời rồi gửi /canbo kèm mã.",
        "⛔ This needs an officer's role you do not hold. If you are an OCOP officer, ask for "
        "an invitation code and send /canbo with it.",
    ),
    "AUTH_OLD_STRUCTURE": (
        "⛔ Vai trò cán bộ của anh/chị được cấp theo cơ cấu hành chính cũ, nay không còn dùng "
        "(mã xã, huyện đã đổi). Anh/chị xin quản trị viên một mã mời mới rồi gửi /canbo kèm mã.",
        "⛔ Your officer's role was given under the former administrative structure, no longer "
        "in force (the commune and district codes changed). Please ask the administrator for a "
        "new invitation code and send /canbo with it.",
    ),
    "AUTH_OLD_STRUCTURE_NOTE": (
        "⚠️ Vai trò cán bộ của anh/chị thuộc cơ cấu hành chính cũ nên không còn dùng được. "
        "Anh/chị xin quản trị viên một mã mời mới rồi gửi /canbo kèm mã.",
        "⚠️ Your officer's role belongs to the former administrative structure, so it no "
        "longer counts. Please ask the administrator for a new invitation code and send "
        "/canbo with it.",
    ),
}
