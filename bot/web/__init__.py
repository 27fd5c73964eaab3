"""The web server: webhooks' host, the health check and the stamp page."""
