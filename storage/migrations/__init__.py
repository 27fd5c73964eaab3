"""Alembic migrations of the bot's database (run by `ocop-bot db upgrade`)."""
