"""The "Recovered orders" tab of the app page (frontend/src/screens/RecoveredOrders.jsx) in
Chromium, inside the host page that plays the Dashboard."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from saleor_retention.chains.models import Reminder
from saleor_retention.checkouts.conversion import (
    PlacedOrder,
    record_order,
    record_order_cancelled,
)
from tests.browser.pages import open_tab
from tests.fixtures.checkouts import T0, checkout_id, checkout_node, make_store, run_engine, track

pytestmark = pytest.mark.browser

HOUR = timedelta(hours=1)


def placed(number: int, at, *, checkout: int, email: str, code: str = "") -> PlacedOrder:
    return PlacedOrder(order_id=f"T3JkZXI6{number}", number=str(100 + number),
                       checkout_id=checkout_id(checkout), email=email, voucher_code=code,
                       total=Decimal("40.00"), currency="USD", created_at=at)


def store_with_recovered_orders(saleor):
    """Returns a store and step 3's code: the engine reminded two checkouts; order 101 came
    from checkout 1 at 2 h (after step 1) and was cancelled at 6 h; order 102 came from
    another cart with the code step 3 showed checkout 2, at 50 h."""
    saleor.now = T0
    store = make_store(saleor=saleor)
    track(store, checkout_node(1, email="s1@example.com", lines=[("UHJvZHVjdDox", 2, "20.00")]))
    track(store, checkout_node(2, email="s2@example.com", lines=[("UHJvZHVjdDox", 2, "20.00")]))
    saleor.now = T0 + HOUR
    run_engine(T0 + HOUR)
    record_order(store, placed(1, T0 + 2 * HOUR, checkout=1, email="s1@example.com"), T0 + 2 * HOUR)
    record_order_cancelled(store, "T3JkZXI61", T0 + 6 * HOUR)
    for hour in (24, 48):
        saleor.now = T0 + hour * HOUR
        run_engine(T0 + hour * HOUR)
    code = Reminder.objects.get(installation=store, position=3,
                                state="sent").discount_codes.get().code.lower()
    record_order(store, placed(2, T0 + 50 * HOUR, checkout=9, email="someone.else@example.com",
                               code=code), T0 + 50 * HOUR)
    return store, code


def test_the_tab_lists_the_recovered_orders_newest_first(transactional_db, live_server,
                                                         browser, dashboard_host, fake_saleor):
    # given
    store, code = store_with_recovered_orders(fake_saleor)

    # when
    frame = open_tab(browser, dashboard_host, live_server, store, "orders")

    # then
    rows = frame.get_by_test_id("order-row")
    expect(rows).to_have_count(2)
    expect(frame.get_by_test_id("orders-count")).to_have_text("2 orders")
    expect(frame.get_by_test_id("order-link")).to_have_text(["102", "101"])
    newest = [cell.strip() for cell in rows.first.locator("td").all_inner_texts()]
    oldest = [cell.strip() for cell in rows.last.locator("td").all_inner_texts()]
    assert newest[0] == "102" and newest[2:] == ["$40.00", "Code", "3", code, "No"]
    assert oldest[0] == "101" and oldest[2:] == ["$40.00", "Checkout", "1", "—", "Cancelled"]
    assert "Nov 18, 2026" in newest[1] and "Nov 16, 2026" in oldest[1]
    expect(frame.get_by_test_id("load-more")).to_have_count(0)
    browser.screenshot("recovered-orders")

    # and an order's number opens it in the Dashboard
    frame.get_by_test_id("order-link").first.click()
    browser.page.wait_for_function("window.receivedActions.includes('redirect')")


def test_export_csv_downloads_every_order_of_the_period(transactional_db, live_server, browser,
                                                        dashboard_host, fake_saleor):
    # given
    store, code = store_with_recovered_orders(fake_saleor)
    frame = open_tab(browser, dashboard_host, live_server, store, "orders")
    expect(frame.get_by_test_id("order-row")).to_have_count(2)
    calls_before = len(browser.api_calls())

    # when
    with browser.page.expect_download() as info:
        frame.get_by_test_id("export-csv").click()

    # then
    download = info.value
    assert download.suggested_filename == "recovered-orders-all-time.csv"
    assert Path(download.path()).read_text().splitlines() == [
        "number,ordered_at,total,currency,matched_by,step,code,cancelled",
        f"102,2026-11-18T17:00:00+00:00,40.00,USD,CODE,3,{code},no",
        "101,2026-11-16T17:00:00+00:00,40.00,USD,CHECKOUT,1,,yes",
    ]
    # one page of 100 held them all
    assert len(browser.api_calls()) == calls_before + 1


def test_a_store_without_recovered_orders_shows_what_will_appear(transactional_db, live_server,
                                                                 browser, dashboard_host):
    # given
    store = make_store()

    # when
    frame = open_tab(browser, dashboard_host, live_server, store, "orders")

    # then
    empty = frame.get_by_test_id("orders-empty")
    expect(empty).to_contain_text("No recovered orders yet")
    expect(empty).to_contain_text("When a shopper orders after a reminder")
    expect(frame.get_by_test_id("order-row")).to_have_count(0)
    expect(frame.get_by_test_id("export-csv")).to_have_count(0)
    browser.screenshot("recovered-orders-empty")
