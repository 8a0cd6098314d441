"""``saleor-retention preview <template>``: the sample cart rendered by the code of a real send,
written to an HTML file to open in a browser."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from saleor_retention.emails.sources import STEP_TEMPLATES, language_of
from saleor_retention.management.commands._email_samples import (
    add_sample_arguments,
    render_sample,
    sample_store,
)


class Command(BaseCommand):
    help = ("Renders a reminder template with a sample cart, exactly as a real send would, "
            "and writes the HTML to a file.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("template", help=f"One of {', '.join(STEP_TEMPLATES)}.")
        add_sample_arguments(parser)
        parser.add_argument("--output", metavar="FILE",
                            help="Where to write the HTML (default <template>.<locale>.html "
                                 "in the current directory).")
        parser.add_argument("--text", action="store_true",
                            help="Also print the plain-text part.")

    def handle(self, *args, **options) -> None:
        installation, store = sample_store(options)
        rendered = render_sample(options, options["template"], installation, store)
        path = Path(options["output"] or
                    f"{options['template']}.{language_of(options['locale'])}.html")
        try:
            path.write_text(rendered.html, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        self.stdout.write(f"Subject: {rendered.subject}")
        self.stdout.write(f"HTML written to {path}")
        if options["text"]:
            self.stdout.write("")
            self.stdout.write(rendered.text, ending="")
