"""What a webhook handler may raise, and what the inbox does with it."""

from django.core.exceptions import SuspiciousOperation


class MalformedWebhook(SuspiciousOperation):
    """The body is not what the subscription promises (answered 400, never stored)."""


class WebhookUnauthorized(Exception):
    """No installation matches, or the signature or recipient is wrong (answered 401)."""


class RetryableProcessingError(Exception):
    """Processing failed for a passing reason (Saleor down, a lock); the inbox retries it."""


class TerminalProcessingError(Exception):
    """Processing can never succeed for this event; the inbox marks it failed."""
