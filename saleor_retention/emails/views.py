"""The unsubscribe pages: the link in every reminder's footer and in its
``List-Unsubscribe`` header.

GET shows a page with one button (mail scanners open links, so a GET changes nothing);
POST unsubscribes. Mail clients send the RFC 8058 one-click POST
(``List-Unsubscribe=One-Click``) with no cookies, so there is no CSRF token: the signed
token in the address is the whole authority."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from saleor_retention.emails.context import shop_name
from saleor_retention.emails.unsubscribe import recipient_of, resubscribe as resubscribe_recipient
from saleor_retention.emails.unsubscribe import unsubscribe as unsubscribe_recipient
from saleor_retention.stores.services import settings_for

PAGE = "saleor_retention/unsubscribe.html"


def _page(request: HttpRequest, token: str, state: str, recipient) -> HttpResponse:
    name = "our shop"
    if recipient is not None:
        name = shop_name(settings_for(recipient.installation), recipient.installation)
    response = render(request, PAGE, {
        "state": state, "shop_name": name,
        "unsubscribe_url": reverse("unsubscribe", args=[token]),
        "undo_url": reverse("resubscribe", args=[token]),
    })
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    recipient = recipient_of(token)  # a forged token raises BadUnsubscribeToken: 400
    if recipient is None:
        return _page(request, token, "gone", None)
    if request.method == "GET":
        state = "unsubscribed" if recipient.unsubscribed_at else "confirm"
        return _page(request, token, state, recipient)
    unsubscribe_recipient(recipient, timezone.now())
    return _page(request, token, "unsubscribed", recipient)


@csrf_exempt
@require_POST
def resubscribe(request: HttpRequest, token: str) -> HttpResponse:
    recipient = recipient_of(token)
    if recipient is None:
        return _page(request, token, "gone", None)
    resubscribe_recipient(recipient)
    return _page(request, token, "resubscribed", recipient)
