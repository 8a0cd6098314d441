"""Which handler processes which event. Each family module (checkout, order, customer, app)
declares ``HANDLERS``; this module only looks them up."""

from __future__ import annotations

from collections.abc import Callable

from saleor_retention.webhooks.errors import TerminalProcessingError

Handler = Callable[["Installation", str, dict], None]  # noqa: F821


def all_handlers() -> dict[str, Handler]:
    """Returns every event type (Saleor-Event, lower case) with its handler."""
    # Imported here: the family modules import the inbox, which looks handlers up here.
    from saleor_retention.webhooks import app, checkout, customer, order

    handlers: dict[str, Handler] = {}
    for family in (checkout, order, customer, app):
        handlers.update(family.HANDLERS)
    return handlers


def handler_for(event_type: str) -> Handler:
    """Returns the handler of ``event_type``; raises TerminalProcessingError for none."""
    try:
        return all_handlers()[event_type]
    except KeyError:
        raise TerminalProcessingError(f"No handler for event {event_type!r}.") from None
