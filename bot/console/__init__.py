"""The console channel: talk to the bot in a terminal."""
