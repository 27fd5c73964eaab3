"""The annual cycle of deadlines as data: one TOML file per province (read by
flows/reminder_calendar.py)."""
