"""Building a reminder email from a subject's content.

A plain template with the greeting, the lines, the total and the link back; the emails room
replaces it with MJML templates per step kind and language."""

from __future__ import annotations

from decimal import Decimal
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from saleor_retention.chains.models import Reminder
from saleor_retention.chains.subjects import MessageContent
from saleor_retention.config import get_config

SUBJECTS = {
    "first_reminder": "You left something in your cart",
    "follow_up": "Your cart is still waiting for you",
    "last_chance": "Last chance to complete your order",
}


def format_money(amount: Decimal, currency: str) -> str:
    return f"{amount:,.2f} {currency}"


def build_message(reminder: Reminder, content: MessageContent, to: str,
                  sender: str) -> EmailMultiAlternatives:
    """Returns the email for ``reminder``, with a Message-ID of the app's own domain."""
    context = {
        "first_name": content.first_name,
        "lines": [{"line": line, "total": format_money(line.total_price, content.currency)}
                  for line in content.lines],
        "total": format_money(content.total, content.currency),
        "link_url": content.link_url,
    }
    domain = urlsplit(get_config().public_url).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=SUBJECTS.get(reminder.template, SUBJECTS["first_reminder"]),
        body=render_to_string("saleor_retention/emails/reminder.txt", context),
        from_email=sender or django_settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": make_msgid(f"reminder-{reminder.pk}", domain=domain)},
    )
    message.attach_alternative(
        render_to_string("saleor_retention/emails/reminder.html", context), "text/html")
    # anymail reads these; other backends ignore them.
    message.tags = ["saleor-retention", reminder.template]
    message.metadata = {"installation": str(reminder.installation_id),
                        "chain": str(reminder.run.chain_id), "step": str(reminder.position),
                        "reminder": str(reminder.pk)}
    return message


def message_id_of(message: EmailMultiAlternatives) -> str:
    """Returns the provider's id when an anymail backend reported one, else our Message-ID."""
    status = getattr(message, "anymail_status", None)
    if status is not None and status.message_id:
        return str(status.message_id)
    return message.extra_headers["Message-ID"]
