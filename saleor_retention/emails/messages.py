"""Reminder emails as Django messages: rendered from the store's templates, addressed,
with the one-click unsubscribe headers (RFC 8058) and anymail's tags and metadata.

A preview, a test send and a real reminder all go through ``compose``."""

from __future__ import annotations

from dataclasses import replace
from email.utils import make_msgid
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.core.mail import EmailMultiAlternatives

from saleor_retention.chains.models import Reminder
from saleor_retention.chains.quiet_hours import shopper_zone
from saleor_retention.chains.subjects import MessageContent, MessageDiscount, Subject
from saleor_retention.config import get_config
from saleor_retention.emails.context import email_context
from saleor_retention.emails.rendering import RenderedEmail, compiled_email, render
from saleor_retention.emails.sources import overrides_for
from saleor_retention.emails.unsubscribe import unsubscribe_url
from saleor_retention.installations.models import Installation
from saleor_retention.recipients.models import Recipient
from saleor_retention.recovery.links import recovery_url
from saleor_retention.stores.models import StoreSettings


def compose(installation: Installation | None, store: StoreSettings, content: MessageContent,
            template_name: str, zone: ZoneInfo, unsubscribe_link: str) -> RenderedEmail:
    """Returns the rendered email of ``template_name`` for ``content`` in the shopper's
    language. Raises TemplateProblem, or LookupError when the template exists in no
    candidate language."""
    overrides = overrides_for(installation, content.channel_slug, content.language,
                              template_name)
    context = email_context(content, store, installation, unsubscribe_link, zone)
    return render(compiled_email(overrides, template_name), context)


def sender_for(store: StoreSettings, channel_slug: str) -> str:
    """Returns the channel's own sender, else the store's, else the app's default."""
    senders = store.channel_senders or {}
    return (senders.get(channel_slug) or store.sender_email
            or django_settings.DEFAULT_FROM_EMAIL)


def email_message(rendered: RenderedEmail, to: str, sender: str, message_id: str,
                  unsubscribe_link: str) -> EmailMultiAlternatives:
    """Returns the message with both parts and, for marketing mail, the headers with which
    mail clients offer their own one-click "unsubscribe" (RFC 2369 and 8058)."""
    headers = {"Message-ID": message_id}
    if unsubscribe_link:
        headers["List-Unsubscribe"] = f"<{unsubscribe_link}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject=rendered.subject, body=rendered.text,
                                     from_email=sender, to=[to], headers=headers)
    message.attach_alternative(rendered.html, "text/html")
    return message


def new_message_id(local_part: str) -> str:
    """Returns a Message-ID in the app's own domain."""
    domain = urlsplit(get_config().public_url).hostname or "localhost"
    return make_msgid(local_part, domain=domain)


def reminder_email(reminder: Reminder, subject: Subject, store: StoreSettings,
                   recipient: Recipient, discount: MessageDiscount | None = None,
                   ) -> EmailMultiAlternatives:
    """Returns the email of ``reminder`` to ``recipient``, showing ``discount`` and linking
    to the app's recovery link, tagged for tracking. Raises TemplateProblem or LookupError;
    nothing is sent then."""
    content = replace(subject.content(), discount=discount, link_url=recovery_url(reminder))
    link = unsubscribe_url(recipient)
    rendered = compose(reminder.installation, store, content, reminder.template,
                       shopper_zone(subject.countries, store.default_time_zone), link)
    message = email_message(rendered, recipient.email, sender_for(store, content.channel_slug),
                            new_message_id(f"reminder-{reminder.pk}"), link)
    # anymail sends these to the provider, which returns them in tracking events; other
    # backends ignore them. One tag: Postmark accepts no more.
    message.tags = [reminder.template]
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
