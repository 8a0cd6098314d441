"""What the browser tests do around the Dashboard pages, the same in every test file: open a
page inside the host page that plays the Dashboard, choose a tab of the app page, and read the
database while Playwright drives the page. Fixtures are in conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from typing import TypeVar

from django.db import connections
from django.utils import timezone

from saleor_retention.checkouts.conversion import PlacedOrder, record_order

from tests.fixtures.api import dashboard_token
from tests.fixtures.checkouts import checkout_id, checkout_node, make_store, run_engine, track

Result = TypeVar("Result")

# Every page refuses these tokens in the same words (frontend/src/screens/AccessProblem.jsx):
# (case, dashboard_token's options, the message).
REFUSED_TOKENS = [
    ("expired", {"expires_in": -60}, "Your session expired — reload the page"),
    ("another-app", {"app": "QXBwOjk5"}, "This page belongs to another app installation"),
]


def open_page(browser, host, live_server, store, token: str | None, *,
              path: str = "/dashboard/", **options):
    """Opens the app's page at ``path`` (the app page by default) inside the host page, for
    ``store``, with ``token`` and ``options`` as DashboardHost.frame takes them (``token``
    None: the host never answers); returns the app's frame."""
    browser.page.goto(host.frame(f"{live_server.url}{path}",
                                 saleor_api_url=store.saleor_api_url, app_id=store.app_id,
                                 token=token, **options))
    return browser.page.frame_locator("#app")


def choose_tab(browser, tab: str):
    """Chooses the tab ``tab`` ("chains", "settings", …) of the app page the host page shows;
    returns the app's frame."""
    frame = browser.page.frame_locator("#app")
    frame.get_by_test_id(f"tab-{tab}").click()
    return frame


def open_tab(browser, host, live_server, store, tab: str, token: str | None = None,
             **options):
    """Opens the app page inside the host page and chooses the tab ``tab``; returns the app's
    frame. ``token`` None: a token with every permission; ``options`` as open_page's."""
    open_page(browser, host, live_server, store, token or dashboard_token(store), **options)
    return choose_tab(browser, tab)


def in_another_thread(read: Callable[[], Result]) -> Result:
    """Returns ``read()``, run in another thread with its own database connection: the test's
    own thread runs Playwright's event loop, where Django refuses ORM calls."""
    def run():
        try:
            return read()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


_HOUR = timedelta(hours=1)


def store_with_orders_in_two_currencies(saleor):
    """Returns a store whose reminders brought back, yesterday at 18:00 UTC, one order of
    36.00 USD and two of 20.00 and 25.00 EUR; and that time."""
    yesterday = (timezone.now() - 24 * _HOUR).replace(hour=18, minute=0, second=0,
                                                     microsecond=0)
    saleor.now = yesterday - 2 * _HOUR
    store = make_store(saleor=saleor)
    carts = [(1, "USD", "36.00"), (2, "EUR", "20.00"), (3, "EUR", "25.00")]
    for number, currency, price in carts:
        track(store, checkout_node(number, email=f"s{number}@example.com", currency=currency,
                                   updated_at=yesterday - 2 * _HOUR,
                                   lines=[("UHJvZHVjdDox", 1, price)]))
    run_engine(yesterday - _HOUR)
    for number, currency, price in carts:
        assert record_order(store, PlacedOrder(
            order_id=f"T3JkZXI6{number}", number=str(100 + number),
            checkout_id=checkout_id(number), email=f"s{number}@example.com", voucher_code="",
            total=Decimal(price), currency=currency, created_at=yesterday), yesterday) == 1
    return store, yesterday
