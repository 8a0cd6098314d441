"""The order page's widget (frontend/src/screens/OrderWidget.jsx) in Chromium, framed as
saleor-dashboard frames an ORDER_DETAILS_WIDGETS extension: ``orderId`` in the query, a side
column 200 px high until the page reports its height."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from saleor_retention.chains.defaults import DEFAULT_CHAIN_NAME
from saleor_retention.chains.models import Reminder
from saleor_retention.checkouts.conversion import PlacedOrder, record_order
from tests.browser.pages import REFUSED_TOKENS, open_page
from tests.fixtures.api import dashboard_token
from tests.fixtures.checkouts import T0, checkout_id, checkout_node, make_store, run_engine, track

pytestmark = pytest.mark.browser

HOUR = timedelta(hours=1)
RECOVERED_ORDER = "T3JkZXI6Mg=="
OTHER_ORDER = "T3JkZXI6Nw=="
# saleor-dashboard's WIDGET_DEFAULT_HEIGHT: the frame's height before the page reports one.
WIDGET_DEFAULT_HEIGHT = 200


def store_with_a_recovered_order(saleor):
    """Returns a store and the code step 3 showed: the default chain sent its three reminders
    to checkout 1, and order 102 used step 3's code from another cart at 50 h."""
    saleor.now = T0
    store = make_store(saleor=saleor)
    track(store, checkout_node(1, email="s1@example.com"))
    for hour in (1, 24, 48):
        saleor.now = T0 + hour * HOUR
        run_engine(T0 + hour * HOUR)
    code = Reminder.objects.get(installation=store, position=3,
                                state="sent").discount_codes.get().code
    assert record_order(store, PlacedOrder(
        order_id=RECOVERED_ORDER, number="102", checkout_id=checkout_id(9),
        email="someone.else@example.com", voucher_code=code, total=Decimal("40.00"),
        currency="USD", created_at=T0 + 50 * HOUR), T0 + 50 * HOUR) == 1
    return store, code


def open_widget(browser, host, live_server, store, order_id, token):
    """Opens the widget of ``order_id`` inside the host page; returns the app's frame."""
    return open_page(browser, host, live_server, store, token, path="/dashboard/order-widget",
                     params={"orderId": order_id}, widget=True)


def wait_until_the_frame_fits(browser, frame) -> int:
    """Waits until the host's frame is as high as the widget's content; returns that height."""
    content = frame.get_by_test_id("order-widget").evaluate(
        "root => Math.ceil(root.getBoundingClientRect().height)")
    browser.page.wait_for_function(
        f"document.getElementById('app').getBoundingClientRect().height === {content}")
    return content


def reported_heights(browser) -> list[float]:
    return browser.page.evaluate(
        "window.receivedPayloads.filter(({type}) => type === 'widgetResize')"
        ".map(({payload}) => payload.height)")


def test_the_widget_of_a_recovered_order_names_the_chain_step_and_code(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given
    store, code = store_with_a_recovered_order(fake_saleor)

    # when
    frame = open_widget(browser, dashboard_host, live_server, store, RECOVERED_ORDER,
                        dashboard_token(store))

    # then
    recovered = frame.get_by_test_id("recovered")
    expect(frame.get_by_test_id("recovered-by")).to_have_text(
        f"Recovered by Cart Recovery: {DEFAULT_CHAIN_NAME}, step 3 (Last chance), "
        f"code {code}, matched by code")
    expect(recovered).to_have_attribute("data-matched-by", "CODE")
    # step 3 went at 48 h
    expect(frame.get_by_test_id("reminder-sent-at")).to_contain_text(
        "Reminder sent Nov 18, 2026")
    expect(frame.get_by_test_id("not-recovered")).to_have_count(0)
    expect(frame.get_by_test_id("order-cancelled")).to_have_count(0)

    # and the frame takes the height of the widget's content
    content = wait_until_the_frame_fits(browser, frame)
    assert reported_heights(browser)[-1] == content
    assert 0 < content < WIDGET_DEFAULT_HEIGHT
    browser.screenshot("order-widget-recovered")


def test_the_widget_of_another_order_says_it_was_not_recovered(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given
    store, _ = store_with_a_recovered_order(fake_saleor)

    # when
    frame = open_widget(browser, dashboard_host, live_server, store, OTHER_ORDER,
                        dashboard_token(store))

    # then
    expect(frame.get_by_test_id("not-recovered")).to_have_text(
        "Not recovered by Cart Recovery's reminders")
    expect(frame.get_by_test_id("recovered")).to_have_count(0)
    content = wait_until_the_frame_fits(browser, frame)
    assert reported_heights(browser)[-1] == content
    assert 0 < content < WIDGET_DEFAULT_HEIGHT
    browser.screenshot("order-widget-not-recovered")
    assert len(browser.api_calls()) == 1


@pytest.mark.parametrize(("case", "token_options", "message"), REFUSED_TOKENS)
def test_a_refused_token_shows_why_and_not_the_order(transactional_db, live_server, browser,
                                                     dashboard_host, fake_saleor, case,
                                                     token_options, message):
    # given
    store, code = store_with_a_recovered_order(fake_saleor)
    token = dashboard_token(store, **token_options)

    # when
    frame = open_widget(browser, dashboard_host, live_server, store, RECOVERED_ORDER, token)

    # then
    expect(frame.get_by_test_id("access-problem")).to_contain_text(message)
    wait_until_the_frame_fits(browser, frame)
    browser.screenshot(f"order-widget-refused-{case}")
    expect(frame.get_by_test_id("recovered")).to_have_count(0)
    expect(frame.get_by_test_id("not-recovered")).to_have_count(0)
    body = frame.locator("body").inner_text()
    assert code not in body and DEFAULT_CHAIN_NAME not in body
    # the refused call is not repeated until the Dashboard sends another token
    browser.page.wait_for_timeout(500)
    assert len(browser.api_calls()) == 1


def test_a_refreshed_token_loads_the_widget_after_the_session_expired(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given
    store, code = store_with_a_recovered_order(fake_saleor)
    frame = open_widget(browser, dashboard_host, live_server, store, RECOVERED_ORDER,
                        dashboard_token(store, expires_in=-60))
    expect(frame.get_by_test_id("access-problem")).to_contain_text("Your session expired")

    # when
    browser.page.evaluate("token => window.refreshToken(token)", dashboard_token(store))

    # then
    expect(frame.get_by_test_id("recovered-by")).to_contain_text(f"code {code}")
    expect(frame.get_by_test_id("access-problem")).to_have_count(0)
    assert len(browser.api_calls()) == 2
