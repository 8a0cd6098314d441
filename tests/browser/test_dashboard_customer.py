"""The customer page's action (frontend/src/screens/CustomerCheckouts.jsx) in Chromium, framed
as saleor-dashboard frames a CUSTOMER_DETAILS_MORE_ACTIONS popup: ``customerId`` in the
query."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.pages import REFUSED_TOKENS, open_page
from tests.fixtures.api import dashboard_token
from tests.fixtures.checkouts import T0, checkout_node, make_store, run_engine, track

pytestmark = pytest.mark.browser

HOUR = timedelta(hours=1)
ALICE = "VXNlcjox"
BOB = "VXNlcjoy"
NOBODY = "VXNlcjo5"


def store_with_customers(saleor):
    """Returns a store whose default chain reminded two carts Alice left signed in (the 20.00
    one got step 1; the 65.00 one, an hour newer, had it skipped by the frequency cap) and
    one of Bob's."""
    saleor.now = T0 + HOUR
    store = make_store(saleor=saleor)
    track(store, checkout_node(1, email="alice@example.com", first_name="Alice",
                               customer_id=ALICE, lines=[("UHJvZHVjdDox", 1, "20.00")],
                               updated_at=T0 - HOUR))
    track(store, checkout_node(2, email="alice@example.com", first_name="Alice",
                               customer_id=ALICE, lines=[("UHJvZHVjdDox", 1, "65.00")]))
    track(store, checkout_node(3, email="bob@example.com", first_name="Bob", customer_id=BOB,
                               lines=[("UHJvZHVjdDox", 1, "30.00")]))
    run_engine(T0 + HOUR)
    return store


def open_popup(browser, host, live_server, store, customer_id, token):
    """Opens the customer action of ``customer_id`` inside the host page; returns the app's
    frame."""
    return open_page(browser, host, live_server, store, token, path="/dashboard/customer",
                     params={"customerId": customer_id})


def cells_of(row) -> list[str]:
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def test_the_popup_lists_that_customers_checkouts_and_closes(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given
    store = store_with_customers(fake_saleor)

    # when
    frame = open_popup(browser, dashboard_host, live_server, store, ALICE,
                       dashboard_token(store))

    # then
    rows = frame.get_by_test_id("checkout-row")
    expect(rows).to_have_count(2)
    expect(frame.get_by_test_id("checkouts-count")).to_have_text(
        "2 checkouts of this customer")
    assert cells_of(rows.first)[:3] == ["alice@example.com", "$65.00", "In chain"]
    assert cells_of(rows.last)[:3] == ["alice@example.com", "$20.00", "In chain"]
    assert "Nov 16, 2026" in cells_of(rows.first)[3]
    assert "bob@example.com" not in frame.locator("body").inner_text()
    browser.screenshot("customer-checkouts")

    # and Close asks the Dashboard to close the popup
    frame.get_by_test_id("close-popup").click()
    browser.page.wait_for_function("window.receivedActions.includes('popupClose')")


def test_a_checkout_opens_with_its_timeline(transactional_db, live_server, browser,
                                           dashboard_host, fake_saleor):
    # given
    store = store_with_customers(fake_saleor)
    frame = open_popup(browser, dashboard_host, live_server, store, ALICE,
                       dashboard_token(store))

    # when
    frame.get_by_test_id("checkout-row").filter(has_text="$20.00").click()

    # then
    expect(frame.get_by_test_id("checkout-value")).to_contain_text("$20.00")
    sent = frame.locator('[data-testid="timeline-entry"][data-kind="REMINDER_SENT"]')
    expect(sent).to_have_count(1)
    assert cells_of(sent)[::2] == ["Reminder sent", "1"]
    expect(frame.locator('[data-testid="timeline-entry"][data-kind="REMINDER_PLANNED"]')
           ).to_have_count(2)
    browser.screenshot("customer-checkout-timeline")
    frame.get_by_test_id("back-to-list").click()
    expect(frame.get_by_test_id("checkout-row")).to_have_count(2)
    # the list carried the timelines: opening one called nothing
    assert len(browser.api_calls()) == 1


def test_a_customer_without_checkouts_sees_what_will_appear(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given: other customers' checkouts only
    store = store_with_customers(fake_saleor)

    # when
    frame = open_popup(browser, dashboard_host, live_server, store, NOBODY,
                       dashboard_token(store))

    # then
    empty = frame.get_by_test_id("customer-checkouts-empty")
    expect(empty).to_contain_text("This customer has no abandoned checkouts")
    expect(empty).to_contain_text("Reminders appear here when this customer leaves a cart, "
                                  "signed in or as a guest")
    expect(frame.get_by_test_id("checkout-row")).to_have_count(0)
    expect(frame.get_by_test_id("checkouts-count")).to_have_count(0)
    browser.screenshot("customer-checkouts-empty")


@pytest.mark.parametrize(("case", "token_options", "message"), REFUSED_TOKENS)
def test_a_refused_token_shows_why_and_no_checkouts(transactional_db, live_server, browser,
                                                    dashboard_host, fake_saleor, case,
                                                    token_options, message):
    # given
    store = store_with_customers(fake_saleor)
    token = dashboard_token(store, **token_options)

    # when
    frame = open_popup(browser, dashboard_host, live_server, store, ALICE, token)

    # then
    expect(frame.get_by_test_id("access-problem")).to_contain_text(message)
    browser.screenshot(f"customer-checkouts-refused-{case}")
    expect(frame.get_by_test_id("checkout-row")).to_have_count(0)
    expect(frame.get_by_test_id("customer-checkouts-empty")).to_have_count(0)
    assert "alice@example.com" not in frame.locator("body").inner_text()
    # the refused call is not repeated until the Dashboard sends another token
    browser.page.wait_for_timeout(500)
    assert len(browser.api_calls()) == 1


def test_a_refreshed_token_loads_the_checkouts_after_the_session_expired(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given
    store = store_with_customers(fake_saleor)
    frame = open_popup(browser, dashboard_host, live_server, store, ALICE,
                       dashboard_token(store, expires_in=-60))
    expect(frame.get_by_test_id("access-problem")).to_contain_text("Your session expired")

    # when
    browser.page.evaluate("token => window.refreshToken(token)", dashboard_token(store))

    # then
    expect(frame.get_by_test_id("checkout-row")).to_have_count(2)
    expect(frame.get_by_test_id("access-problem")).to_have_count(0)
    assert len(browser.api_calls()) == 2
