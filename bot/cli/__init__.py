"""The `ocop-bot` command line."""
