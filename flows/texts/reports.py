"""Texts of the officers' figures: /stats and its chart, the monthly report (the chat, the
XLSX, the command line), the exports of products, stamps and checks, and the web dashboard
with its one-time login.

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # --- menu ---------------------------------------------------------------------------
    "MENU_STATS": ("Số liệu OCOP", "OCOP figures"),
    "MENU_REPORT": ("Báo cáo tháng", "Monthly report"),
    "MENU_DASHBOARD": ("Trang tổng hợp (web)", "Web dashboard"),
    "FIGURES_FOR_OFFICERS": (
        "Số liệu và báo cáo dành cho cán bộ OCOP cấp huyện và cấp tỉnh. Nếu anh/chị là cán "
        "bộ, gửi /canbo kèm mã mời để được ghi nhận.",
        "The figures and reports are for district and province OCOP officers. If you are an "
        "officer, send /officer with your invitation code to be enrolled.",
    ),
    # --- /stats -------------------------------------------------------------------------
    "STATS_LOADING": ("Đang tổng hợp số liệu…", "Adding up the figures…"),
    "STATS_HEAD": (
        "📊 Số liệu OCOP — {area} (đến ngày {date})",
        "📊 OCOP figures — {area} (as of {date})",
    ),
    "STATS_TARGETS": ("Mục tiêu của kế hoạch năm:", "The year's plan targets:"),
    "STATS_CERTIFIED_3_4": (
        "• Sản phẩm đạt 3–4 sao còn hiệu lực: {count}/{target}",
        "• Products certified 3–4 stars, in force: {count}/{target}",
    ),
    "STATS_CERTIFIED_4_PLUS": (
        "• Trong đó đạt 4 sao trở lên: {count}/{target}",
        "• Of them 4 stars or more: {count}/{target}",
    ),
    "STATS_BY_STARS": (
        "• Sản phẩm còn hiệu lực theo số sao: 3 sao {s3}, 4 sao {s4}, 5 sao {s5}",
        "• Products in force by stars: 3 stars {s3}, 4 stars {s4}, 5 stars {s5}",
    ),
    "STATS_ORGANISATIONS": (
        "• Tổ chức kinh tế (THT, HTX, doanh nghiệp) tham gia: {count}; tham gia mới năm nay: "
        "{new}/{target}",
        "• Economic organisations (cooperative groups, cooperatives, firms) taking part: "
        "{count}; new this year: {new}/{target}",
    ),
    "STATS_SALES_POINTS": (
        "• Điểm giới thiệu và bán sản phẩm OCOP: {count} (mục tiêu {low}–{high}, mỗi huyện ít "
        "nhất 1: {covered}/{districts} huyện đã có)",
        "• OCOP showcase and sales points: {count} (target {low}–{high}, at least one per "
        "district: {covered}/{districts} districts have one)",
    ),
    "STATS_TRAINED": (
        "• Tập huấn năm {year} (mục tiêu 100% cán bộ và chủ thể): {sessions} lớp, "
        "{producers} lượt chủ thể và {officers} lượt cán bộ tham dự",
        "• Training in {year} (target: every officer and producer): {sessions} trainings, "
        "attended {producers} times by producers and {officers} times by officers",
    ),
    "STATS_TRAINED_NONE": (
        "• Tập huấn năm {year} (mục tiêu 100% cán bộ và chủ thể): chưa có lớp nào được ghi "
        "(cán bộ ghi lớp đã tổ chức bằng lệnh /taphuan).",
        "• Training in {year} (target: every officer and producer): no training recorded "
        "yet (officers record the ones they held with /training).",
    ),
    "STATS_PRODUCTS_2019": (
        "• Sản phẩm OCOP năm 2019 đang quản lý: {count} (kế hoạch cả tỉnh: {target}), còn "
        "hiệu lực {valid}, hết hạn {expired}; đã đạt 4 sao trở lên: {upgraded}",
        "• OCOP products of 2019 under management: {count} (the province's plan: {target}), "
        "in force {valid}, lapsed {expired}; now 4 stars or more: {upgraded}",
    ),
    "STATS_PRODUCTS_2019_NONE": (
        "• Sản phẩm OCOP năm 2019 đang quản lý (kế hoạch cả tỉnh: {target}): chưa có danh "
        "sách (nhập bằng lệnh ocop-bot import products-2019).",
        "• OCOP products of 2019 under management (the province's plan: {target}): no list "
        "yet (import it with ocop-bot import products-2019).",
    ),
    "STATS_BY_STAGE": ("Ý tưởng theo giai đoạn:", "Ideas by stage:"),
    "STATS_BY_DISTRICT": ("Ý tưởng theo huyện:", "Ideas by district:"),
    "STATS_ROW": ("• {name}: {count}", "• {name}: {count}"),
    "STATS_NO_IDEAS": ("• Chưa có ý tưởng nào.", "• No ideas yet."),
    "STATS_CHART": ("Biểu đồ số liệu hôm nay.", "Today's figures as a chart."),
    "CHART_IDEAS_BY_STAGE": ("Ý tưởng theo giai đoạn", "Ideas by stage"),
    "CHART_CERTIFIED": ("Sản phẩm OCOP so với mục tiêu", "OCOP products against the target"),
    "CHART_CERTIFIED_3_4": ("3–4 sao", "3–4 stars"),
    "CHART_CERTIFIED_4_PLUS": ("4 sao trở lên", "4 stars or more"),
    "CHART_TARGET": ("Mục tiêu", "Target"),
    "CHART_NOW": ("Hiện có", "Now"),
    # --- the monthly report -------------------------------------------------------------
    "REPORT_HEAD": (
        "📋 Báo cáo tháng {month} — {area} (hạn nộp trước ngày {due} hằng tháng)",
        "📋 Report for {month} — {area} (due before the {due}th of each month)",
    ),
    "REPORT_ROW": (
        "{district}: nhận {received} ý tưởng, xã chuyển {forwarded}, huyện chọn {selected}, "
        "tỉnh thẩm định {appraised} (đạt {approved}); duyệt {plans} phương án; đánh giá "
        "{evaluated}, chứng nhận {certified} sản phẩm; cấp {issued} tem, {checked} lượt "
        "kiểm tra, {counterfeit} lượt phát hiện tem giả; tập huấn {trainings} lớp "
        "({trained_producers} lượt chủ thể, {trained_officers} lượt cán bộ)",
        "{district}: {received} ideas received, {forwarded} forwarded by communes, "
        "{selected} selected by the district, {appraised} appraised by the province "
        "({approved} passed); {plans} plans approved; {evaluated} evaluated, {certified} "
        "products certified; {issued} stamps issued, {checked} checks, {counterfeit} "
        "checks found a counterfeit; {trainings} trainings ({trained_producers} "
        "attendances of producers, {trained_officers} of officers)",
    ),
    "REPORT_TOTAL": ("Cả tỉnh", "Whole province"),
    "REPORT_EMPTY": ("Tháng này chưa có hoạt động nào.", "Nothing happened this month yet."),
    "REPORT_NO_DISTRICT": ("Không thuộc huyện nào", "No district"),
    "REPORT_DOCUMENT": ("Báo cáo tháng (bảng tính XLSX).", "The monthly report (XLSX)."),
    "REPORT_FILE": (
        "Bảng tính (XLSX): {link}\n(Mở sau khi đăng nhập trang tổng hợp bằng lệnh /dashboard.)",
        "Spreadsheet (XLSX): {link}\n(Open it after logging in to the dashboard with /dashboard.)",
    ),
    "REPORT_BAD_MONTH": (
        "Anh/chị ghi tháng như {example} hoặc 3/2020.",
        "Please write the month as {example} or 3/2020.",
    ),
    "REPORT_SHEET_IDEAS": ("Ý tưởng", "Ideas"),
    "REPORT_SHEET_PRODUCTS": ("Sản phẩm", "Products"),
    "REPORT_SHEET_STAMPS": ("Tem", "Stamps"),
    "REPORT_SHEET_TRAINING": ("Tập huấn", "Training"),
    "REPORT_SHEET_PRODUCTS_2019": ("Sản phẩm 2019", "Products of 2019"),
    "REPORT_COL_TRAININGS": ("Số lớp tập huấn", "Trainings held"),
    "REPORT_COL_TRAINED_PRODUCERS": ("Lượt chủ thể tham dự", "Producers attending"),
    "REPORT_COL_TRAINED_OFFICERS": ("Lượt cán bộ tham dự", "Officers attending"),
    "REPORT_COL_2019_TOTAL": ("Đang quản lý (cuối tháng)", "Under management (month's end)"),
    "REPORT_COL_2019_VALID": ("Còn hiệu lực", "In force"),
    "REPORT_COL_2019_EXPIRED": ("Hết hạn", "Lapsed"),
    "REPORT_COL_2019_UPGRADED": ("Đạt 4 sao trở lên", "4 stars or more"),
    "REPORT_COL_DISTRICT": ("Huyện", "District"),
    "REPORT_COL_RECEIVED": ("Ý tưởng đã nhận", "Ideas received"),
    "REPORT_COL_FORWARDED": ("Xã đã chuyển", "Forwarded by communes"),
    "REPORT_COL_SELECTED": ("Huyện chọn gửi tỉnh", "Selected for the province"),
    "REPORT_COL_APPRAISED": ("Tỉnh đã thẩm định", "Appraised by the province"),
    "REPORT_COL_APPROVED": ("Thẩm định đạt", "Passed the appraisal"),
    "REPORT_COL_PLANS": ("Phương án được duyệt", "Plans approved"),
    "REPORT_COL_EVALUATED": ("Sản phẩm được đánh giá", "Products evaluated"),
    "REPORT_COL_CERTIFIED": ("Sản phẩm được chứng nhận", "Products certified"),
    "REPORT_COL_ISSUED": ("Tem đã cấp", "Stamps issued"),
    "REPORT_COL_CHECKED": ("Lượt kiểm tra tem", "Stamp checks"),
    "REPORT_COL_COUNTERFEIT": ("Lượt phát hiện tem giả", "Checks that found a counterfeit"),
    "CLI_REPORT_WRITTEN": (
        "Đã ghi báo cáo tháng {month} ({districts} huyện) vào {out}",
        "Report for {month} ({districts} districts) written to {out}",
    ),
    "CLI_BAD_MONTH": (
        "Tháng không đúng: {month} (ví dụ 2020-03)",
        "Not a month: {month} (e.g. 2020-03)",
    ),
    # --- exports ------------------------------------------------------------------------
    "CLI_ROWS_EXPORTED": ("Đã ghi {count} dòng vào {out}", "{count} rows written to {out}"),
    "EXPORT_SHEET_PRODUCTS": ("Sản phẩm OCOP", "OCOP products"),
    "EXPORT_SHEET_STAMPS": ("Tem", "Stamps"),
    "EXPORT_SHEET_CHECKS": ("Lượt kiểm tra", "Checks"),
    "EXPORT_PRODUCER": ("Chủ thể", "Producer"),
    "EXPORT_PRODUCER_KIND": ("Loại hình chủ thể", "Kind of producer"),
    "EXPORT_STARS": ("Số sao", "Stars"),
    "EXPORT_CERTIFICATE": ("Số giấy chứng nhận", "Certificate number"),
    "EXPORT_DECISION_DATE": ("Ngày quyết định", "Decision date"),
    "EXPORT_VALID_UNTIL": ("Hiệu lực đến", "Valid until"),
    "EXPORT_STATUS": ("Tình trạng", "Status"),
    "EXPORT_IN_FORCE": ("Còn hiệu lực", "In force"),
    "EXPORT_EXPIRED": ("Hết hạn", "Expired"),
    "EXPORT_WITHDRAWN": ("Đã thu hồi", "Withdrawn"),
    "EXPORT_SERIAL": ("Số tem", "Serial"),
    "EXPORT_BATCH": ("Đợt cấp", "Batch"),
    "EXPORT_ISSUED_AT": ("Ngày cấp", "Issued on"),
    "EXPORT_CHECKED_AT": ("Thời điểm kiểm tra", "Checked at"),
    "EXPORT_RESULT": ("Kết quả", "Result"),
    "EXPORT_CHECK_GENUINE": ("Tem thật", "Genuine"),
    "EXPORT_CHECK_COUNTERFEIT": ("Tem giả", "Counterfeit"),
    "EXPORT_CHECK_UNKNOWN": ("Số tem chưa từng được cấp", "A serial never issued"),
    "EXPORT_CHECK_REVOKED": ("Tem đã bị thu hồi", "Revoked stamp"),
    "EXPORT_CHECK_EXPIRED": ("Tem hết hạn", "Expired stamp"),
    "EXPORT_CHECK_NOT_OCOP": ("Không phải tem OCOP", "Not an OCOP stamp"),
    "EXPORT_CHECK_NO_CODE": ("Không đọc được mã", "No code read"),
    "EXPORT_CHECK_MISTYPED": ("Gõ nhầm số tem", "Mistyped serial"),
    # --- /dashboard in the chat ---------------------------------------------------------
    "DASHBOARD_MAKING": ("Đang tạo liên kết đăng nhập…", "Making a login link…"),
    "DASHBOARD_LINK": (
        "🖥 Liên kết đăng nhập trang tổng hợp (chỉ dùng được một lần, trong {minutes} phút):\n"
        "{url}\nAnh/chị đừng chuyển liên kết này cho người khác.",
        "🖥 Your dashboard login link (works once, for {minutes} minutes):\n{url}\n"
        "Please do not pass it on.",
    ),
    "DASHBOARD_FOR_OFFICERS": (
        "Trang tổng hợp dành cho cán bộ OCOP cấp huyện và cấp tỉnh, anh/chị ạ. Anh/chị vẫn "
        "xem được ý tưởng của mình bằng lệnh /ytuong.",
        "The dashboard is for district and province OCOP officers. You can still see your own "
        "ideas with /myideas.",
    ),
    # --- the web dashboard --------------------------------------------------------------
    "WEB_DASHBOARD_TITLE": ("Tổng hợp OCOP", "OCOP dashboard"),
    "WEB_LOGIN_TITLE": ("Đăng nhập trang tổng hợp OCOP", "Log in to the OCOP dashboard"),
    "WEB_LOGIN_EXPLAIN": (
        "Bấm nút dưới đây để vào trang tổng hợp. Liên kết chỉ dùng được một lần.",
        "Press the button below to open the dashboard. The link works once.",
    ),
    "WEB_LOGIN_BUTTON": ("Vào trang tổng hợp", "Open the dashboard"),
    "WEB_LOGIN_BAD": (
        "Liên kết đăng nhập không đúng, đã được dùng hoặc đã quá {minutes} phút. Anh/chị gửi "
        "/dashboard cho bot để nhận liên kết mới.",
        "This login link is wrong, used already, or older than {minutes} minutes. Send "
        "/dashboard to the bot for a new one.",
    ),
    "WEB_LOGIN_NEEDED": (
        "Anh/chị cần đăng nhập: gửi /dashboard cho bot OCOP để nhận liên kết đăng nhập "
        "(phiên đăng nhập giữ {hours} giờ).",
        "Please log in: send /dashboard to the OCOP bot for a login link (a login lasts "
        "{hours} hours).",
    ),
    "WEB_NOT_OFFICER": (
        "Trang này dành cho cán bộ OCOP cấp huyện và cấp tỉnh.",
        "This page is for district and province OCOP officers.",
    ),
    "WEB_LOGOUT": ("Đăng xuất", "Log out"),
    "WEB_LOGGED_OUT": ("Anh/chị đã đăng xuất.", "You are logged out."),
    "WEB_FILTER_DISTRICT": ("Huyện", "District"),
    "WEB_FILTER_STAGE": ("Giai đoạn", "Stage"),
    "WEB_FILTER_ALL": ("Tất cả", "All"),
    "WEB_FILTER_APPLY": ("Lọc", "Filter"),
    "WEB_COUNTS_BY_STAGE": ("Ý tưởng theo giai đoạn", "Ideas by stage"),
    "WEB_COUNTS_BY_DISTRICT": ("Ý tưởng theo huyện", "Ideas by district"),
    "WEB_IDEAS_HEAD": ("Danh sách ý tưởng", "Ideas"),
    "WEB_IDEAS_SHOWN": ("Hiện {shown} trên {total} ý tưởng.", "Showing {shown} of {total} ideas."),
    "WEB_COL_NUMBER": ("Số đăng ký", "Registration number"),
    "WEB_COL_PRODUCT": ("Sản phẩm", "Product"),
    "WEB_COL_COMMUNE": ("Xã", "Commune"),
    "WEB_COL_STAGE": ("Giai đoạn", "Stage"),
    "WEB_COL_SINCE": ("Từ ngày", "Since"),
    "WEB_COL_COUNT": ("Số lượng", "Count"),
    "WEB_REPORT_HEAD": ("Báo cáo tháng", "Monthly report"),
    "WEB_REPORT_DOWNLOAD": (
        "Tải báo cáo tháng {month} (XLSX)",
        "Download the report for {month} (XLSX)",
    ),
}
