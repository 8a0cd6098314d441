"""Installations: one Saleor store that installed the app, its token, keys and webhooks."""
