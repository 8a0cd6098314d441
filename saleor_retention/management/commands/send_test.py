"""``saleor-retention send-test --to ADDRESS``: one email of the sample cart through the
configured email backend, to see it in a real mail client."""

import smtplib
from dataclasses import replace

from anymail.exceptions import AnymailError
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from saleor_retention.emails.messages import (
    email_message,
    message_id_of,
    new_message_id,
    sender_for,
)
from saleor_retention.emails.sources import STEP_TEMPLATES
from saleor_retention.management.commands._email_samples import (
    add_sample_arguments,
    render_sample,
    sample_store,
)

TEST_SUBJECT_PREFIX = "[TEST] "


class Command(BaseCommand):
    help = ("Sends one reminder email with a sample cart through the configured email "
            "backend, marked [TEST] and without unsubscribe headers.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--to", metavar="ADDRESS", required=True,
                            help="Who receives the test email.")
        parser.add_argument("--template", default=STEP_TEMPLATES[0],
                            help=f"One of {', '.join(STEP_TEMPLATES)} "
                                 f"(default {STEP_TEMPLATES[0]}).")
        add_sample_arguments(parser)

    def handle(self, *args, **options) -> None:
        to = options["to"].strip()
        try:
            validate_email(to)
        except ValidationError as exc:
            raise CommandError(f"--to must be an email address, not {options['to']!r}.") from exc
        installation, store = sample_store(options)
        rendered = render_sample(options, options["template"], installation, store)
        rendered = replace(rendered, subject=TEST_SUBJECT_PREFIX + rendered.subject)
        sender = sender_for(store, options["channel"])
        # No unsubscribe headers: the address is not a shopper of the store.
        message = email_message(rendered, to, sender, new_message_id("test"), unsubscribe_link="")
        try:
            message.send()
        except (AnymailError, smtplib.SMTPException, OSError) as exc:
            raise CommandError(f"Sending failed: {exc}") from exc
        self.stdout.write(f"Sent to {to} from {sender}")
        self.stdout.write(f"Subject: {rendered.subject}")
        self.stdout.write(f"Message-ID: {message_id_of(message)}")
