"""``/r/<token>``: the link in every reminder. It records the click, restores the checkout
and applies the code (``recovery.restore``), then redirects to the storefront. A link that
cannot be followed leads to the store's home with a short explanation, never to an error
page."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from saleor_retention.emails.context import shop_name
from saleor_retention.emails.tracking import record_link_click
from saleor_retention.installations.models import Installation
from saleor_retention.recovery.links import UnusableLink, reminder_of
from saleor_retention.recovery.restore import recover_checkout
from saleor_retention.stores.services import settings_for, storefront_home_url

logger = logging.getLogger(__name__)

NOTICE = "saleor_retention/recovery_notice.html"
# Seconds to read a notice before going on to the shop.
NOTICE_DELAY = {"missing": 8, "sold_out": 5, "expired": 4, "invalid": 4, "unknown": 4}


def _notice(request: HttpRequest, installation: Installation | None, reason: str,
            next_url: str = "", missing: list[str] | None = None) -> HttpResponse:
    name, home = "Your shop", ""
    if installation is not None:
        store = settings_for(installation)
        name, home = shop_name(store, installation), storefront_home_url(store)
    response = render(request, NOTICE, {
        "shop_name": name, "reason": reason, "missing": missing or [],
        "next_url": next_url or home, "delay": NOTICE_DELAY[reason]})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def follow_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        reminder = reminder_of(token)
    except UnusableLink as link:
        logger.info("recovery link refused: %s", link.reason)
        return _notice(request, link.installation, link.reason)
    now = timezone.now()
    record_link_click(reminder, now)
    recovery = recover_checkout(reminder, now)
    if recovery is None:
        return _notice(request, reminder.installation, "unknown")
    if not recovery.url:
        return _notice(request, reminder.installation, "sold_out")
    if recovery.missing:
        return _notice(request, reminder.installation, "missing", recovery.url, recovery.missing)
    response = HttpResponseRedirect(recovery.url)
    response["Cache-Control"] = "no-store"
    return response
