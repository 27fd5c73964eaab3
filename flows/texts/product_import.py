"""Texts of `ocop-bot import products-2019` (bot/cli/import_products.py): the province's list
of products certified in 2019 read from a spreadsheet (flows/product_import.py).

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "IMPORT_FIELD_NAME": ("Tên sản phẩm", "Product name"),
    "IMPORT_FIELD_PRODUCER": ("Chủ thể", "Producer"),
    "IMPORT_FIELD_KIND": ("Loại hình", "Kind of producer"),
    "IMPORT_FIELD_COMMUNE": ("Xã/phường", "Commune"),
    "IMPORT_FIELD_DISTRICT": ("Huyện", "District"),
    "IMPORT_FIELD_STARS": ("Số sao", "Stars"),
    "IMPORT_FIELD_CERTIFICATE": ("Số giấy chứng nhận", "Certificate number"),
    "IMPORT_FIELD_DECIDED": ("Ngày quyết định", "Decision date"),
    "IMPORT_FIELD_GROUP": ("Nhóm sản phẩm", "Product group"),
    "IMPORT_FIELD_PHONE": ("Điện thoại", "Phone"),
    "IMPORT_ROW_PROBLEM": ("Dòng {row}: {why}", "Row {row}: {why}"),
    "IMPORT_NO_HEADER": (
        "Không tìm thấy dòng tiêu đề trong 10 dòng đầu của bảng tính. Thiếu cột: {fields}.",
        "No header row in the first 10 rows of the spreadsheet. Columns missing: {fields}.",
    ),
    "IMPORT_MISSING": ("thiếu {field}.", "{field} is missing."),
    "IMPORT_TOO_LONG": (
        "{field} dài quá (tối đa {max} ký tự).",
        "{field} is too long (at most {max} characters).",
    ),
    "IMPORT_STARS_BAD": (
        "số sao «{value}» không đúng (sản phẩm OCOP được chứng nhận từ 3 đến 5 sao).",
        "the stars «{value}» are not right (OCOP products are certified 3 to 5 stars).",
    ),
    "IMPORT_DATE_BAD": (
        "ngày quyết định «{value}» không đọc được (ghi như 15/03/2019).",
        "the decision date «{value}» cannot be read (write it like 15/03/2019).",
    ),
    "IMPORT_DATE_FUTURE": (
        "ngày quyết định {value} chưa tới.",
        "the decision date {value} has not come yet.",
    ),
    "IMPORT_KIND_BAD": (
        "không rõ loại hình chủ thể «{value}» (DN, HTX, THT, hộ kinh doanh, cá nhân).",
        "the kind of producer «{value}» is not clear (DN, HTX, THT, household, individual).",
    ),
    "IMPORT_GROUP_BAD": ("không rõ nhóm sản phẩm «{value}».", "unknown product group «{value}»."),
    "IMPORT_PHONE_BAD": (
        "số điện thoại «{value}» không đúng.",
        "the phone number «{value}» is not right.",
    ),
    "IMPORT_DISTRICT_UNKNOWN": (
        "không tìm thấy huyện «{place}» trong tỉnh.",
        "no district «{place}» in the province.",
    ),
    "IMPORT_DISTRICT_SEVERAL": (
        "«{place}» có thể là nhiều huyện ({names}); ghi rõ tên, ví dụ «Huyện Kỳ Anh».",
        "«{place}» may be several districts ({names}); write the full name, e.g. «Huyện Kỳ Anh».",
    ),
    "IMPORT_COMMUNE_UNKNOWN": (
        "không tìm thấy xã/phường «{place}» (trong huyện đã ghi).",
        "no commune «{place}» (in the district given).",
    ),
    "IMPORT_COMMUNE_SEVERAL": (
        "«{place}» có thể là nhiều xã/phường ({names}); ghi thêm huyện hoặc tên đầy đủ.",
        "«{place}» may be several communes ({names}); add the district or the full name.",
    ),
    "IMPORT_REPEATED": (
        "trùng với dòng {earlier} (cùng số giấy chứng nhận, hoặc cùng sản phẩm của cùng chủ thể).",
        "repeats row {earlier} (the same certificate number, or the same product of the same "
        "producer).",
    ),
    "IMPORT_FILE_UNREADABLE": (
        "Không mở được tệp {file}: {why}",
        "The file {file} cannot be opened: {why}",
    ),
    "IMPORT_NOTHING_WRITTEN": (
        "❌ {count} dòng có lỗi: chưa nhập sản phẩm nào. Anh/chị sửa các dòng trên rồi chạy "
        "lại lệnh.",
        "❌ {count} rows have problems: nothing was imported. Fix the rows above and run the "
        "command again.",
    ),
    "IMPORT_SUMMARY": (
        "Danh sách năm {year} ({file}): {rows} dòng sản phẩm; thêm mới {added} sản phẩm và "
        "{producers} chủ thể; {existing} sản phẩm đã có từ trước (không thêm lại).",
        "The {year} list ({file}): {rows} product rows; {added} products and {producers} "
        "producers added; {existing} products were there already (not added again).",
    ),
    "IMPORT_DRY_RUN": (
        "Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu.",
        "Dry run (--dry-run): nothing was written to the database.",
    ),
    "IMPORT_NO_CERTIFICATE": (
        "{count} sản phẩm không ghi số giấy chứng nhận: đã ghi số tạm dạng {example}.",
        "{count} products have no certificate number: a stand-in like {example} was recorded.",
    ),
}
