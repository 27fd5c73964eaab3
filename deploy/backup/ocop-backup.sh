#!/bin/sh
# Nightly backup of the OCOP bot. Run as the ocop user (systemd: ocop-bot-backup.service; cron:
# the line in deploy/README.md). Reads OCOP_DATABASE_URL, OCOP_DATA_DIR from the environment.
#   PostgreSQL: pg_dump (custom format) + `ocop-bot backup` of photos, documents, secrets.
#   SQLite:     `ocop-bot backup` alone (it copies the database too, safely while the bot runs).
# Keeps OCOP_BACKUP_KEEP_DAYS days (14 by default) in OCOP_BACKUP_DIR.
set -eu
umask 077
OCOP_BOT=${OCOP_BOT:-/opt/ocop-bot/.venv/bin/ocop-bot}
DIR=${OCOP_BACKUP_DIR:-/var/backups/ocop-bot}
KEEP=${OCOP_BACKUP_KEEP_DAYS:-14}
STAMP=$(date +%Y-%m-%d-%H%M)
mkdir -p "$DIR"

case "${OCOP_DATABASE_URL:-}" in
  postgresql*)
    # postgresql+asyncpg://user:password@host:port/db -> libpq's postgresql://user@host:port/db
    # for pg_dump, the password passed in PGPASSWORD (a command line is visible to every user).
    # Use a password without URL-special characters (openssl rand -hex 24), or ~/.pgpass.
    PASSWORD=$(printf '%s' "$OCOP_DATABASE_URL" | sed -n 's#^[^:]*://[^:/@]*:\([^@]*\)@.*#\1#p')
    PGURL=$(printf '%s' "$OCOP_DATABASE_URL" \
      | sed 's#^postgresql+asyncpg:#postgresql:#; s#^\(postgresql://[^:/@]*\):[^@]*@#\1@#')
    if [ -n "$PASSWORD" ]; then export PGPASSWORD="$PASSWORD"; fi
    pg_dump --format=custom --file="$DIR/ocop-$STAMP.dump" "$PGURL"
    ;;
esac
"$OCOP_BOT" backup "$DIR/ocop-files-$STAMP.tar.gz"

find "$DIR" -maxdepth 1 -type f \( -name 'ocop-*.dump' -o -name 'ocop-files-*.tar.gz' \) \
  -mtime +"$KEEP" -delete
echo "backup done: $DIR (*-$STAMP)"
