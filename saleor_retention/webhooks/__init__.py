"""Receiving Saleor's webhooks: verify, store in the inbox, process on Celery."""
