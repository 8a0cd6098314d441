"""The Dashboard pages (saleor_retention/dashboard/) in Chromium: opened alone, and inside a
host page that plays the Saleor Dashboard's side of the AppBridge."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from saleor_retention.chains.defaults import DEFAULT_CHAIN_NAME
from saleor_retention.checkouts.conversion import PlacedOrder, record_order
from saleor_retention.discounts.models import DiscountCode
from tests.browser.pages import REFUSED_TOKENS, open_page, store_with_orders_in_two_currencies
from tests.fixtures.api import dashboard_token, stranger_key_pem
from tests.fixtures.checkouts import checkout_id, checkout_node, make_store, run_engine, track

pytestmark = pytest.mark.browser

HOUR = timedelta(hours=1)
# The page gives up waiting for a handshake after 3 s (frontend/src/bridge.js).
HANDSHAKE_TIMEOUT_MS = 3000


def store_with_a_recovered_order(saleor):
    """Returns a store whose default chain sent its three reminders four days ago, the last
    one's code then used on a 36.00 USD order."""
    start = (timezone.now() - 4 * 24 * HOUR).replace(hour=15, minute=0, second=0,
                                                      microsecond=0)
    saleor.now = start
    store = make_store(saleor=saleor)
    track(store, checkout_node(1, updated_at=start))
    for hour in (1, 24, 48):
        saleor.now = start + hour * HOUR
        run_engine(start + hour * HOUR)
    code = DiscountCode.objects.get(state="held")
    assert record_order(store, PlacedOrder(
        order_id="T3JkZXI6OQ==", number="109", checkout_id=checkout_id(9),
        email="someone.else@example.com", voucher_code=code.code.lower(),
        total=Decimal("36.00"), currency="USD", created_at=start + 50 * HOUR),
        start + 50 * HOUR) == 1
    return store


def background_of(frame) -> list[int]:
    """Returns the app page's body background as [r, g, b]."""
    colour = frame.locator("body").evaluate("body => getComputedStyle(body).backgroundColor")
    return [int(part) for part in colour[colour.index("(") + 1:-1].split(",")[:3]]


def test_opened_alone_the_page_says_to_open_it_from_the_dashboard_and_loads_nothing(
        transactional_db, live_server, browser):
    # given: no Dashboard around the page

    # when
    browser.page.goto(f"{live_server.url}/dashboard/")
    browser.page.wait_for_load_state("networkidle")

    # then
    message = browser.page.get_by_test_id("outside-dashboard")
    expect(message).to_contain_text("Open Cart Recovery from your Saleor Dashboard")
    expect(message).to_contain_text("Apps → Cart Recovery")
    expect(message).to_contain_text("http://retention.test/api/manifest")
    browser.screenshot("opened-alone")
    assert browser.api_calls() == []


def test_in_the_dashboard_the_overview_shows_what_the_reminders_brought_back(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given
    store = store_with_a_recovered_order(fake_saleor)

    # when
    frame = open_page(browser, dashboard_host, live_server, store, dashboard_token(store))

    # then
    revenue = frame.get_by_test_id("recovered-revenue")
    expect(revenue).to_contain_text("$36.00")
    expect(revenue).to_contain_text("1 order")
    expect(frame.get_by_test_id("shop-name")).to_have_text("Example Shop")
    rows = frame.get_by_test_id("funnel-row")
    expect(rows).to_have_count(1)
    assert [cell.strip() for cell in rows.first.locator("td").all_inner_texts()] == [
        DEFAULT_CHAIN_NAME, "1", "3", "0 (0%)", "0 (0%)", "1", "$36.00"]
    expect(frame.get_by_test_id("empty-state")).to_have_count(0)
    browser.screenshot("overview-light")
    assert len(browser.api_calls()) == 1
    assert browser.page.evaluate("window.receivedActions") == ["notifyReady"]


def day_label(moment) -> str:
    """Returns how the chart names the day of ``moment`` in English ("Nov 26"); Chromium
    runs in UTC here, as the test data does."""
    return f"{moment:%b} {moment.day}"


def test_the_overview_charts_revenue_over_time_and_each_steps_funnel(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given: the order came two days ago, with the code of step 3
    store = store_with_a_recovered_order(fake_saleor)
    ordered_at = (timezone.now() - 4 * 24 * HOUR).replace(hour=15, minute=0, second=0,
                                                          microsecond=0) + 50 * HOUR

    # when
    frame = open_page(browser, dashboard_host, live_server, store, dashboard_token(store))

    # then: one bar a day for 30 days, the order's day carrying it
    chart = frame.get_by_test_id("revenue-chart")
    expect(chart).to_have_attribute("data-bars", "30")
    expect(chart).to_have_attribute(
        "aria-label", f"Recovered revenue in USD per day: {day_label(ordered_at)}: $36.00 "
                      "(1 order)")
    steps = frame.get_by_test_id("funnel-step-row")
    expect(steps).to_have_count(3)
    assert [[cell.strip() for cell in steps.nth(index).locator("td").all_inner_texts()]
            for index in range(3)] == [
        ["Step 1: First reminder", "1", "1", "0 (0%)", "0 (0%)", "0", "—"],
        ["Step 2: Follow up", "1", "1", "0 (0%)", "0 (0%)", "0", "—"],
        ["Step 3: Last chance", "1", "1", "0 (0%)", "0 (0%)", "1", "$36.00"]]
    expect(frame.get_by_test_id("funnel-chart")).to_have_attribute(
        "aria-label", f"{DEFAULT_CHAIN_NAME}, per step: "
                      "Step 1: Checkouts 1, Emails sent 1, Opened 0, Clicked 0, Orders 0; "
                      "Step 2: Checkouts 1, Emails sent 1, Opened 0, Clicked 0, Orders 0; "
                      "Step 3: Checkouts 1, Emails sent 1, Opened 0, Clicked 0, Orders 1")

    # when: the last 12 months, a bar a month
    frame.get_by_test_id("period").select_option("12m")

    # then: twelve calendar months, this one the last
    expect(chart).to_have_attribute("data-bars", "12")
    expect(chart).to_have_attribute(
        "aria-label", f"Recovered revenue in USD per month: {ordered_at:%b %Y}: $36.00 "
                      "(1 order)")
    expect(frame.get_by_test_id("recovered-revenue")).to_contain_text("last 12 months")
    browser.screenshot("overview-chart")
    assert len(browser.api_calls()) == 2


def test_the_overview_charts_one_currency_at_a_time(transactional_db, live_server, browser,
                                                    dashboard_host, fake_saleor):
    # given: one order in USD and two in EUR, recovered yesterday
    store, yesterday = store_with_orders_in_two_currencies(fake_saleor)

    # when
    frame = open_page(browser, dashboard_host, live_server, store, dashboard_token(store))

    # then: the currency with more orders first; the other one on demand
    chart = frame.get_by_test_id("revenue-chart")
    expect(chart).to_have_attribute(
        "aria-label", f"Recovered revenue in EUR per day: {day_label(yesterday)}: €45.00 "
                      "(2 orders)")
    expect(frame.get_by_test_id("recovered-revenue")).to_contain_text("$36.00")
    frame.get_by_test_id("chart-currency").select_option("USD")
    expect(chart).to_have_attribute(
        "aria-label", f"Recovered revenue in USD per day: {day_label(yesterday)}: $36.00 "
                      "(1 order)")
    assert len(browser.api_calls()) == 1


def test_a_store_with_carts_but_no_chain_on_is_told_so_not_that_it_is_empty(
        transactional_db, live_server, browser, dashboard_host):
    # given: a cart is waiting, and the only chain is switched off
    store = make_store()
    track(store, checkout_node(1, updated_at=timezone.now() - HOUR))
    store.chains.update(is_enabled=False)

    # when
    frame = open_page(browser, dashboard_host, live_server, store, dashboard_token(store))

    # then
    expect(frame.get_by_test_id("no-chain-enabled")).to_contain_text(
        "No reminder chain is switched on")
    expect(frame.get_by_test_id("quiet-period")).to_contain_text(
        "No checkout entered a chain in this period")
    expect(frame.get_by_test_id("empty-state")).to_have_count(0)
    browser.screenshot("overview-no-chain-on")


def test_a_fresh_store_shows_what_will_appear(transactional_db, live_server, browser,
                                              dashboard_host):
    # given
    store = make_store()

    # when
    frame = open_page(browser, dashboard_host, live_server, store, dashboard_token(store))

    # then
    empty = frame.get_by_test_id("empty-state")
    expect(empty).to_contain_text("No abandoned checkouts yet")
    expect(empty).to_contain_text("the orders and revenue they bring back will appear here")
    expect(frame.get_by_test_id("funnel")).to_have_count(0)
    expect(frame.get_by_test_id("recovered-revenue")).to_have_count(0)
    browser.screenshot("overview-empty")
    assert len(browser.api_calls()) == 1


@pytest.mark.parametrize(("case", "token_options", "message"), [
    *REFUSED_TOKENS,
    ("another-saleor", {"key_pem": "stranger"}, "This page belongs to another app installation"),
])
def test_a_refused_token_shows_why_and_no_data(transactional_db, live_server, browser,
                                               dashboard_host, fake_saleor, case, token_options,
                                               message):
    # given
    store = store_with_a_recovered_order(fake_saleor)
    if token_options.get("key_pem") == "stranger":
        token_options = {"key_pem": stranger_key_pem()}
    token = dashboard_token(store, **token_options)

    # when
    frame = open_page(browser, dashboard_host, live_server, store, token)

    # then
    expect(frame.get_by_test_id("access-problem")).to_contain_text(message)
    browser.screenshot(f"refused-{case}")
    for data in ("recovered-revenue", "funnel", "empty-state", "shop-name"):
        expect(frame.get_by_test_id(data)).to_have_count(0)
    assert "36.00" not in frame.locator("body").inner_text()
    assert len(browser.api_calls()) == 1


def test_a_refreshed_token_loads_the_overview_after_the_session_expired(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_page(browser, dashboard_host, live_server, store,
                      dashboard_token(store, expires_in=-60))
    expect(frame.get_by_test_id("access-problem")).to_contain_text("Your session expired")

    # when
    browser.page.evaluate("token => window.refreshToken(token)", dashboard_token(store))

    # then
    expect(frame.get_by_test_id("empty-state")).to_be_visible()
    expect(frame.get_by_test_id("access-problem")).to_have_count(0)
    assert len(browser.api_calls()) == 2


def test_the_dashboards_theme_event_switches_the_page_to_dark(transactional_db, live_server,
                                                              browser, dashboard_host):
    # given
    store = make_store()
    frame = open_page(browser, dashboard_host, live_server, store, dashboard_token(store))
    expect(frame.get_by_test_id("empty-state")).to_be_visible()
    expect(frame.locator("html")).to_have_attribute("data-theme", "light")
    light = background_of(frame)

    # when
    browser.page.evaluate("window.sendTheme('dark')")

    # then
    expect(frame.locator("html")).to_have_attribute("data-theme", "dark")
    dark = background_of(frame)
    browser.screenshot("overview-dark")
    assert sum(light) > 600 and sum(dark) < 150, (light, dark)


def test_the_page_starts_in_the_theme_the_dashboard_opens_it_with(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()

    # when
    frame = open_page(browser, dashboard_host, live_server, store,
                      dashboard_token(store), theme="dark")

    # then
    expect(frame.get_by_test_id("empty-state")).to_be_visible()
    expect(frame.locator("html")).to_have_attribute("data-theme", "dark")


def test_messages_from_another_origin_are_ignored(transactional_db, live_server, browser,
                                                 dashboard_host):
    # given: a Dashboard that never answers, and a frame of another origin that keeps
    # handing the page a valid token and a dark theme
    store = make_store()

    # when
    frame = open_page(browser, dashboard_host, live_server, store, None,
                      stranger_token=dashboard_token(store))
    browser.page.wait_for_timeout(HANDSHAKE_TIMEOUT_MS + 1500)

    # then
    expect(frame.get_by_test_id("outside-dashboard")).to_contain_text(
        "Open Cart Recovery from your Saleor Dashboard")
    expect(frame.locator("html")).to_have_attribute("data-theme", "light")
    browser.screenshot("stranger-ignored")
    assert browser.api_calls() == []
