"""What ``preview`` and ``send_test`` share: the choice of store, language and currency, and
the sample cart rendered by the code of a real send."""

from babel.numbers import is_currency
from django.core.management.base import CommandError

from saleor_retention.chains.quiet_hours import shopper_zone
from saleor_retention.emails.errors import TemplateProblem
from saleor_retention.emails.messages import compose
from saleor_retention.emails.rendering import RenderedEmail
from saleor_retention.emails.samples import sample_content
from saleor_retention.emails.sources import STEP_TEMPLATES
from saleor_retention.installations.models import Installation
from saleor_retention.stores.models import StoreSettings
from saleor_retention.stores.services import settings_for

# Samples carry no recipient, so the footer's unsubscribe link goes nowhere.
NO_UNSUBSCRIBE_PAGE = "#"


def add_sample_arguments(parser) -> None:
    parser.add_argument("--locale", default="en",
                        help="The shopper's language as Saleor names it: en, ru, pt-BR "
                             "(default en). Without a template in it, English is used, as in "
                             "a real send.")
    parser.add_argument("--currency", default="USD", help="ISO 4217 code (default USD).")
    parser.add_argument("--store", metavar="SALEOR_API_URL",
                        help="Use this store's settings and saved templates (default: the "
                             "shipped templates and a sample shop).")
    parser.add_argument("--channel", metavar="SLUG", default="",
                        help="The channel whose own templates and sender apply (with --store).")


def sample_store(options) -> tuple[Installation | None, StoreSettings]:
    """Returns the installation and settings an invocation names, else none and unsaved
    defaults; raises CommandError for an unknown Saleor API URL."""
    if not options["store"]:
        return None, StoreSettings(shop_name="Sample Shop")
    installation = Installation.objects.filter(saleor_api_url=options["store"]).first()
    if installation is None:
        raise CommandError(f"No installation for {options['store']!r}.")
    return installation, settings_for(installation)


def render_sample(options, template_name: str, installation: Installation | None,
                  store: StoreSettings) -> RenderedEmail:
    """Returns the sample cart rendered with ``template_name`` as a real reminder is; raises
    CommandError naming what is wrong (the stage and line of a broken template)."""
    if template_name not in STEP_TEMPLATES:
        raise CommandError(f"Unknown template {template_name!r}; choose one of "
                           f"{', '.join(STEP_TEMPLATES)}.")
    currency = options["currency"].strip().upper()
    if not is_currency(currency):
        raise CommandError(f"Unknown currency {options['currency']!r}; use an ISO 4217 code "
                           f"such as USD, EUR or JPY.")
    language_code = options["locale"].strip().upper().replace("-", "_")
    content = sample_content(language_code, currency, channel_slug=options["channel"])
    try:
        return compose(installation, store, content, template_name,
                       shopper_zone((), store.default_time_zone), NO_UNSUBSCRIBE_PAGE)
    except (TemplateProblem, LookupError) as exc:
        raise CommandError(str(exc)) from exc
