"""Texts of the `ocop-bot` command line and of the officers' exports.

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "CLI_STARS": ("{stars} sao", "{stars} stars"),
    "CLI_CERTIFICATE": (
        "{producer}; giấy chứng nhận {certificate}, hiệu lực đến {until} ({state})",
        "{producer}; certificate {certificate}, valid until {until} ({state})",
    ),
    "CLI_VALID": ("còn hiệu lực", "valid"),
    "CLI_EXPIRED": ("hết hiệu lực", "expired"),
    "CLI_WITHDRAWN": ("đã thu hồi", "withdrawn"),
    "CLI_NO_PRODUCTS": ("Chưa có sản phẩm OCOP nào.", "No OCOP products yet."),
    "CLI_DEMO_ADDED": ("Đã thêm {count} sản phẩm mẫu.", "{count} demo products added."),
    "CLI_NO_PRODUCT": ("Không có sản phẩm số {product}.", "There is no product {product}."),
    "CLI_PRODUCT_WITHDRAWN": (
        "Đã thu hồi giấy chứng nhận của sản phẩm {product}.",
        "Product {product}'s certificate withdrawn.",
    ),
    "CLI_PRODUCT_RESTORED": (
        "Đã khôi phục giấy chứng nhận của sản phẩm {product}.",
        "Product {product}'s certificate restored.",
    ),
    "CLI_DATABASE_IN_USE": (
        "Một tiến trình ocop-bot khác đang dùng cơ sở dữ liệu {database} ({holder}).\n Hãy"
        " dừng tiến trình đó trước. Với SQLite, mỗi lúc chỉ một tiến trình được trả lời "
        "người dùng (nếu không, mỗi câu trả lời bị gửi hai lần); muốn chạy nhiều tiến "
        "trình, hãy dùng PostgreSQL (OCOP_DATABASE_URL). Các lệnh export, products, "
        "stamps vẫn chạy được song song.",
        "Another ocop-bot process is using the database {database} ({holder}).\n Stop that"
        " one first. On SQLite one process at a time serves people (else every reply goes"
        " out twice); to run several, use PostgreSQL (OCOP_DATABASE_URL). The export, "
        "products and stamps commands may still run beside it.",
    ),
    "CLI_DATABASE_UP_TO_DATE": (
        "Cơ sở dữ liệu đã được cập nhật: {url}",
        "Database up to date: {url}",
    ),
    "CLI_DATABASE_BEHIND": (
        "Cơ sở dữ liệu đang ở phiên bản {current}, phiên bản này của bot cần {head}. Bot không"
        " tự nâng cấp một cơ sở dữ liệu dùng chung: hãy chạy `ocop-bot db upgrade` một lần"
        " (bước triển khai), rồi khởi động lại.",
        "The database schema is at {current}; this version of the bot needs {head}. The bot"
        " does not upgrade a shared database by itself: run `ocop-bot db upgrade` once (the"
        " deploy step), then start it again.",
    ),
    "CLI_DATABASE_AHEAD": (
        "Cơ sở dữ liệu ở phiên bản {current}, mới hơn phiên bản này của bot biết (mới nhất"
        " {head}): một bản bot mới hơn đã nâng cấp nó. Hãy chạy bản bot mới đó.",
        "The database schema is at {current}, newer than this version of the bot knows (its"
        " newest is {head}): a newer version has upgraded it. Run that newer version.",
    ),
    "CLI_IDEAS_EXPORTED": ("Đã ghi {count} ý tưởng vào {out}", "{count} ideas written to {out}"),
    "EXPORT_REGISTRATION_NUMBER": ("Số phiếu", "Registration no."),
    "EXPORT_APPLICANT_NAME": ("Người đăng ký", "Applicant"),
    "EXPORT_APPLICANT_TYPE": ("Loại hình", "Applicant type"),
    "EXPORT_PHONE": ("Điện thoại", "Phone"),
    "EXPORT_DISTRICT": ("Huyện", "District"),
    "EXPORT_COMMUNE": ("Xã", "Commune"),
    "EXPORT_PRODUCT_NAME": ("Sản phẩm", "Product"),
    "EXPORT_PRODUCT_GROUP": ("Nhóm sản phẩm", "Product group"),
    "EXPORT_CORE_VALUE": ("Giá trị cốt lõi", "Core value"),
    "EXPORT_TARGET_MARKET": ("Thị trường", "Market"),
    "EXPORT_VOLUME": ("Sản lượng", "Volume"),
    "EXPORT_PRICE": ("Giá bán (đồng)", "Price (VND)"),
    "EXPORT_PRICE_HIGH": ("Giá bán đến (đồng)", "Price up to (VND)"),
    "EXPORT_PRICE_UNIT": ("Đơn vị tính", "Per"),
    "EXPORT_STORY": ("Câu chuyện", "Story"),
    "EXPORT_STATE": ("Trạng thái", "State"),
    "EXPORT_SUBMITTED_AT": ("Ngày gửi", "Submitted"),
    "EXPORT_CHANNEL": ("Kênh", "Channel"),
    "EXPORT_PHOTO_COUNT": ("Số ảnh", "Photos"),
    "EXPORT_PHOTO_N": ("Ảnh {n}", "Photo {n}"),
    "EXPORT_PHOTO_LINK": ("Mở ảnh", "Open"),
    "EXPORT_CHANNEL_CONSOLE": ("Máy tính (thử)", "Console (trial)"),
    "EXPORT_SHEET_IDEAS": ("Ý tưởng sản phẩm", "Product ideas"),
    "CLI_OFFICER_LINK": ("Hoặc mở liên kết Telegram: {link}", "Or open the Telegram link: {link}"),
    "CLI_OFFICER_NONE": ("Chưa có cán bộ nào.", "No officers yet."),
    "CLI_OFFICER_OFFICERS": ("Cán bộ:", "Officers:"),
    "CLI_OFFICER_OFFICER_ROW": (
        "{user:>5}  {name} — {role} · {channel} {external} · từ {since}",
        "{user:>5}  {name} — {role} · {channel} {external} · since {since}",
    ),
    "CLI_OFFICER_INVITES": ("Mã mời chưa dùng:", "Invitations not used yet:"),
    "CLI_OFFICER_INVITE_ROW": (
        "{invite:>5}  {role}{name} · hết hạn {expires}",
        "{invite:>5}  {role}{name} · expires {expires}",
    ),
    "CLI_OFFICER_REVOKED": (
        "Đã thu hồi quyền của người số {user}: {roles}.",
        "Roles of {user} revoked: {roles}.",
    ),
    "CLI_OFFICER_HOLDS_NONE": (
        "Người số {user} không giữ vai trò nào.",
        "User {user} holds no role.",
    ),
    "CLI_OFFICER_INVITE_REVOKED": ("Đã hủy mã mời số {invite}.", "Invitation {invite} cancelled."),
    "CLI_OFFICER_NO_INVITE": (
        "Không có mã mời nào chưa dùng với mã này.",
        "No unused invitation has this code.",
    ),
    "CLI_OFFICER_EXPORTED": (
        "Đã ghi {count} dòng nhật ký vào {out}",
        "{count} audit entries written to {out}",
    ),
    "AUDIT_ID": ("Số", "Id"),
    "AUDIT_AT": ("Thời điểm", "At"),
    "AUDIT_ACTOR": ("Người làm (số)", "Actor (user id)"),
    "AUDIT_ACTION": ("Việc", "Action"),
    "AUDIT_SUBJECT": ("Đối tượng", "Subject"),
    "AUDIT_AREA": ("Địa bàn", "Area"),
    "AUDIT_BEFORE": ("Trước", "Before"),
    "AUDIT_AFTER": ("Sau", "After"),
    "AUDIT_COMMAND_LINE": ("dòng lệnh", "command line"),
    # ocop-bot reminders plan|status, ocop-bot prune
    "CLI_REMINDERS_BAD_DATE": (
        "Ngày “{date}” không đúng. Hãy viết như 2027-03-01 hoặc 01/03/2027.",
        "“{date}” is not a date. Write it as 2027-03-01 or 01/03/2027.",
    ),
    "CLI_REMINDERS_FROM_AFTER_TO": (
        "Ngày bắt đầu ({first}) sau ngày kết thúc ({last}).",
        "The first day ({first}) is after the last ({last}).",
    ),
    "CLI_REMINDERS_WINDOW_TOO_LONG": (
        "Mỗi lần chỉ xem được tối đa {days} ngày.",
        "At most {days} days at a time.",
    ),
    "CLI_REMINDERS_BAD_CALENDAR": (
        "Không đọc được lịch các hạn: {error}",
        "The calendar of deadlines cannot be read: {error}",
    ),
    "CLI_REMINDERS_NONE": (
        "Không có nhắc việc nào từ {first} đến {last}.",
        "No reminders from {first} to {last}.",
    ),
    "CLI_REMINDERS_COUNT": (
        "{count} nhắc việc từ {first} đến {last}.",
        "{count} reminders from {first} to {last}.",
    ),
    "CLI_REMINDERS_STATUS_EMPTY": ("Chưa có nhắc việc nào.", "No reminders yet."),
    "CLI_REMINDERS_STATUS_TOTAL": (
        "Tổng: {total} nhắc việc; {blocked} bỏ qua vì người nhận đã chặn bot.",
        "In all: {total} reminders; {blocked} skipped because the person blocked the bot.",
    ),
    "CLI_REMINDERS_STATUS_NEXT": ("Nhắc việc kế tiếp: {due}", "Next reminder due: {due}"),
    "CLI_PRUNE_DONE": (
        "Đã xóa những gì cũ hơn {days} ngày (trước {before}): {updates} tin đã xử lý, "
        "{outbox} tin đã gửi, {reminders} nhắc việc; và {photos} ảnh tem người dùng gửi để "
        "kiểm tra ({kept} ảnh còn được dùng nên giữ lại).",
        "Deleted what is older than {days} days (before {before}): {updates} processed "
        "updates, {outbox} sent messages, {reminders} reminders; and {photos} photos people "
        "sent to check a stamp ({kept} still in use, kept).",
    ),
    "CLI_PRUNE_WOULD": (
        "Chạy thử, chưa xóa gì. Sẽ xóa những gì cũ hơn {days} ngày (trước {before}): "
        "{updates} tin đã xử lý, {outbox} tin đã gửi, {reminders} nhắc việc; và {photos} "
        "ảnh tem người dùng gửi để kiểm tra ({kept} ảnh còn được dùng sẽ giữ lại).",
        "Dry run, nothing deleted. Would delete what is older than {days} days (before "
        "{before}): {updates} processed updates, {outbox} sent messages, {reminders} "
        "reminders; and {photos} photos people sent to check a stamp ({kept} still in use, "
        "kept).",
    ),
}
