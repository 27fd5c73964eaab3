"""The Zalo channel: client, parse, render, media links, polling and webhook intake."""
