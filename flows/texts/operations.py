"""Texts of `ocop-bot backup` and `ocop-bot restore` (bot/cli/backup_command.py).

Values are (Vietnamese, English) format strings; `flows/texts/__init__.py` joins the parts
into the one catalogue.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "CLI_BACKUP_DONE": (
        "Đã sao lưu vào {dest}: cơ sở dữ liệu {database}, {photos} ảnh, {documents} tệp tài "
        "liệu, {secrets} tệp bí mật.",
        "Backed up to {dest}: database {database}, {photos} photos, {documents} documents, "
        "{secrets} secret files.",
    ),
    "CLI_BACKUP_POSTGRES": (
        "Cơ sở dữ liệu là PostgreSQL: bản sao lưu này chỉ gồm ảnh, tài liệu và các tệp bí mật.\n"
        "Hãy sao lưu cơ sở dữ liệu bằng pg_dump, ví dụ:\n  {command}",
        "The database is PostgreSQL: this backup holds the photos, documents and secret files "
        "only.\nBack the database up with pg_dump, for example:\n  {command}",
    ),
    "CLI_BACKUP_PHOTOS_ELSEWHERE": (
        "Ảnh được lưu ở {store}: hãy sao lưu kho đó bằng công cụ của nó.",
        "Photos are kept in {store}: back that store up with its own tools.",
    ),
    "CLI_BACKUP_DEST_EXISTS": (
        "{dest} đã có: hãy chọn một tên khác (bản sao lưu không ghi đè).",
        "{dest} exists already: choose another name (a backup never overwrites).",
    ),
    "CLI_RESTORE_DONE": (
        "Đã khôi phục từ {source} vào {data_dir}: cơ sở dữ liệu {database}, {files} tệp.",
        "Restored from {source} into {data_dir}: database {database}, {files} files.",
    ),
    "CLI_RESTORE_NOT_EMPTY": (
        "{data_dir} đã có cơ sở dữ liệu {database}. Thêm --force để thay nó bằng bản sao lưu "
        "(dừng bot trước).",
        "{data_dir} already has a database, {database}. Add --force to replace it with the "
        "backup (stop the bot first).",
    ),
    "CLI_RESTORE_NOT_A_BACKUP": (
        "{source} không phải bản sao lưu của ocop-bot (thiếu backup-manifest.json).",
        "{source} is not an ocop-bot backup (no backup-manifest.json).",
    ),
    "CLI_RESTORE_POSTGRES": (
        "Cơ sở dữ liệu là PostgreSQL: đã khôi phục ảnh, tài liệu và tệp bí mật. Hãy khôi phục "
        "cơ sở dữ liệu bằng pg_restore, ví dụ:\n  {command}",
        "The database is PostgreSQL: the photos, documents and secret files are restored. "
        "Restore the database with pg_restore, for example:\n  {command}",
    ),
}
