"""The Telegram channel: parse, render, transport, polling and webhook intake."""
