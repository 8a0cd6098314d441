"""The "Abandoned checkouts" tab of the app page (frontend/src/screens/AbandonedCheckouts.jsx
and CheckoutDetail.jsx) in Chromium, inside the host page that plays the Dashboard."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from saleor_retention.chains.models import ChainRun
from saleor_retention.recipients.models import Recipient
from tests.browser.pages import choose_tab, in_another_thread, open_tab
from tests.fixtures.api import dashboard_token
from tests.fixtures.checkouts import T0, checkout_id, checkout_node, make_store, run_engine, track

pytestmark = pytest.mark.browser

HOUR = timedelta(hours=1)
# (number, email, unit price); one line each. The last one changed 30 minutes before the
# engine ran, so no chain has started for it yet.
CARTS = [(1, "alice@example.com", "15.00"), (2, "bob@example.com", "80.00"),
         (3, "carol@example.com", "55.00")]
WAITING_CART = (4, "dave@example.com", "120.00")


def store_with_checkouts(saleor):
    """Returns a store whose default chain sent its first reminder to three checkouts, with a
    fourth checkout still waiting."""
    saleor.now = T0 + HOUR
    store = make_store(saleor=saleor)
    for number, email, price in CARTS:
        track(store, checkout_node(number, email=email, lines=[("UHJvZHVjdDox", 1, price)]))
    number, email, price = WAITING_CART
    track(store, checkout_node(number, email=email, updated_at=T0 + HOUR / 2,
                               lines=[("UHJvZHVjdDox", 1, price)]))
    run_engine(T0 + HOUR)
    return store


def emails_of(frame):
    return frame.get_by_test_id("checkout-row").locator("td:first-child")


def open_checkout(frame, email):
    frame.get_by_test_id("checkout-row").filter(has_text=email).click()
    expect(frame.get_by_test_id("checkout-email")).to_have_text(email)


def run_state_of(store, number):
    """Returns the chain run's (state, end reason) as stored."""
    def read():
        run = ChainRun.objects.get(installation=store, subject_id=checkout_id(number))
        return run.state, run.end_reason

    return in_another_thread(read)


def test_the_list_shows_the_stores_checkouts_sorted_by_value_when_asked(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given
    store = store_with_checkouts(fake_saleor)
    frame = open_tab(browser, dashboard_host, live_server, store, "checkouts")
    expect(emails_of(frame)).to_have_count(4)
    expect(frame.get_by_test_id("checkouts-count")).to_have_text("4 checkouts")

    # when
    frame.get_by_test_id("sort").select_option("value-desc")

    # then
    expect(emails_of(frame)).to_have_text(["dave@example.com", "bob@example.com",
                                           "carol@example.com", "alice@example.com"])
    first = frame.get_by_test_id("checkout-row").first
    assert [cell.strip() for cell in first.locator("td").all_inner_texts()][:4] == [
        "dave@example.com", "$120.00", "Waiting", "default-channel"]
    browser.screenshot("checkouts-by-value")
    frame.get_by_test_id("sort").select_option("value-asc")
    expect(emails_of(frame)).to_have_text(["alice@example.com", "carol@example.com",
                                           "bob@example.com", "dave@example.com"])
    expect(frame.get_by_test_id("load-more")).to_have_count(0)


def test_filtering_by_state_and_channel_narrows_the_list(transactional_db, live_server, browser,
                                                         dashboard_host, fake_saleor):
    # given
    store = store_with_checkouts(fake_saleor)
    frame = open_tab(browser, dashboard_host, live_server, store, "checkouts")
    expect(emails_of(frame)).to_have_count(4)
    frame.get_by_test_id("sort").select_option("value-desc")

    # when
    frame.get_by_test_id("state-filter").select_option("IN_CHAIN")

    # then
    expect(emails_of(frame)).to_have_text(["bob@example.com", "carol@example.com",
                                           "alice@example.com"])
    expect(frame.get_by_test_id("checkouts-count")).to_have_text("3 checkouts")
    browser.screenshot("checkouts-in-chain")
    frame.get_by_test_id("state-filter").select_option("WAITING")
    expect(emails_of(frame)).to_have_text(["dave@example.com"])
    frame.get_by_test_id("channel-filter").fill("another-channel")
    expect(frame.get_by_test_id("checkouts-empty")).to_contain_text(
        "No checkouts match these filters")
    expect(emails_of(frame)).to_have_count(0)


def test_a_checkout_opens_with_its_timeline_and_the_reminder_sent(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given
    store = store_with_checkouts(fake_saleor)
    frame = open_tab(browser, dashboard_host, live_server, store, "checkouts")

    # when
    open_checkout(frame, "bob@example.com")

    # then
    expect(frame.get_by_test_id("checkout-value")).to_contain_text("$80.00")
    expect(frame.get_by_test_id("checkout-state")).to_have_text("In chain")
    sent = frame.locator('[data-testid="timeline-entry"][data-kind="REMINDER_SENT"]')
    expect(sent).to_have_count(1)
    assert [cell.strip() for cell in sent.locator("td").all_inner_texts()][::2] == [
        "Reminder sent", "1"]
    expect(frame.locator('[data-testid="timeline-entry"][data-kind="REMINDER_PLANNED"]')
           ).to_have_count(2)
    browser.screenshot("checkout-detail")
    frame.get_by_test_id("back-to-list").click()
    expect(emails_of(frame)).to_have_count(4)


def test_stop_reminders_ends_the_chain(transactional_db, live_server, browser, dashboard_host,
                                       fake_saleor):
    # given
    store = store_with_checkouts(fake_saleor)
    frame = open_tab(browser, dashboard_host, live_server, store, "checkouts")
    open_checkout(frame, "bob@example.com")

    # when
    frame.get_by_test_id("action-stop").click()

    # then
    outcome = frame.get_by_test_id("outcome-stop")
    expect(outcome).to_have_text("Reminders stopped: 2 planned reminders skipped.")
    expect(outcome).to_have_attribute("data-status", "success")
    expect(frame.get_by_test_id("checkout-state")).to_have_text("Stopped")
    expect(frame.get_by_test_id("next-reminder")).to_have_text("None planned")
    browser.screenshot("checkout-stopped")
    assert "notification" in browser.page.evaluate("window.receivedActions")
    assert run_state_of(store, 2) == ("stopped", "stopped_by_staff")
    assert run_state_of(store, 1) == ("running", "")

    # and after a reload the list says so too
    browser.page.reload()
    frame = choose_tab(browser, "checkouts")
    frame.get_by_test_id("state-filter").select_option("STOPPED")
    expect(emails_of(frame)).to_have_text(["bob@example.com"])


def suppression_of(store, email):
    """Returns the address's suppression reason ("" when it is not suppressed), read in
    another thread."""
    return in_another_thread(lambda: Recipient.objects.filter(
        installation=store, email=email, suppressed_at__isnull=False)
        .values_list("suppression_reason", flat=True).first() or "")


def test_suppress_address_asks_first_and_then_suppresses(transactional_db, live_server,
                                                         browser, dashboard_host, fake_saleor):
    # given
    store = store_with_checkouts(fake_saleor)
    frame = open_tab(browser, dashboard_host, live_server, store, "checkouts")
    open_checkout(frame, "bob@example.com")

    # when: asked, staff change their mind
    frame.get_by_test_id("action-suppress").click()
    expect(frame.get_by_test_id("action-suppress-question")).to_contain_text(
        "Send no more reminders to bob@example.com, from any chain?")
    browser.screenshot("checkout-suppress-question")
    frame.get_by_test_id("action-suppress-cancel").click()

    # then
    expect(frame.get_by_test_id("action-suppress-question")).to_have_count(0)
    assert suppression_of(store, "bob@example.com") == ""

    # when: asked again, they confirm
    frame.get_by_test_id("action-suppress").click()
    frame.get_by_test_id("action-suppress-confirm").click()

    # then
    outcome = frame.get_by_test_id("outcome-suppress")
    expect(outcome).to_have_attribute("data-status", "success")
    expect(outcome).to_contain_text("bob@example.com is suppressed")
    assert suppression_of(store, "bob@example.com") == "staff"
    assert suppression_of(store, "alice@example.com") == ""


def test_an_action_the_api_refuses_shows_why_next_to_it(transactional_db, live_server, browser,
                                                        dashboard_host, fake_saleor):
    # given: a checkout no chain has started for
    store = store_with_checkouts(fake_saleor)
    frame = open_tab(browser, dashboard_host, live_server, store, "checkouts")
    open_checkout(frame, "dave@example.com")

    # when
    frame.get_by_test_id("action-send-next").click()

    # then
    outcome = frame.get_by_test_id("outcome-send-next")
    expect(outcome).to_have_text(
        "The checkout has no planned reminder in a running chain of this store.")
    expect(outcome).to_have_attribute("data-status", "error")
    expect(frame.get_by_test_id("checkout-state")).to_have_text("Waiting")
    browser.screenshot("checkout-action-refused")
    assert "notification" not in browser.page.evaluate("window.receivedActions")


def test_the_list_loads_twenty_at_a_time(transactional_db, live_server, browser,
                                         dashboard_host):
    # given: 23 checkouts, checkout n changed n minutes after T0
    store = make_store()
    for number in range(1, 24):
        track(store, checkout_node(number, email=f"shopper{number}@example.com",
                                   updated_at=T0 + number * timedelta(minutes=1)))

    # when
    frame = open_tab(browser, dashboard_host, live_server, store, "checkouts")

    # then
    expect(emails_of(frame)).to_have_count(20)
    expect(frame.get_by_test_id("checkouts-count")).to_have_text("23 checkouts")
    expect(emails_of(frame).first).to_have_text("shopper23@example.com")
    frame.get_by_test_id("load-more").click()
    expect(emails_of(frame)).to_have_count(23)
    expect(emails_of(frame).last).to_have_text("shopper1@example.com")
    expect(frame.get_by_test_id("load-more")).to_have_count(0)
    # the Overview tab's, then the two pages
    assert len(browser.api_calls()) == 3


def test_a_fresh_store_shows_what_will_appear_in_the_list(transactional_db, live_server,
                                                          browser, dashboard_host):
    # given
    store = make_store()

    # when
    frame = open_tab(browser, dashboard_host, live_server, store, "checkouts")

    # then
    empty = frame.get_by_test_id("checkouts-empty")
    expect(empty).to_contain_text("No abandoned checkouts yet")
    expect(empty).to_contain_text("When shoppers leave a cart with their email address, it "
                                  "appears here")
    expect(emails_of(frame)).to_have_count(0)
    browser.screenshot("checkouts-empty")


def test_an_expired_session_asks_once_and_loads_the_list_with_the_refreshed_token(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given: the Dashboard's token expired before the tab asked
    store = store_with_checkouts(fake_saleor)
    frame = open_tab(browser, dashboard_host, live_server, store, "checkouts",
                     token=dashboard_token(store, expires_in=-60))
    expect(frame.get_by_test_id("access-problem")).to_contain_text("Your session expired")
    overview_and_list = 2

    # when: a while passes before the Dashboard refreshes the token
    browser.page.wait_for_timeout(1500)
    calls_while_expired = len(browser.api_calls())
    browser.page.evaluate("token => window.refreshToken(token)", dashboard_token(store))

    # then: the tab did not ask again with the expired token; the new one loads the list
    # (the Overview, no longer shown, does not ask again)
    expect(emails_of(frame)).to_have_count(4)
    assert calls_while_expired == overview_and_list
    assert len(browser.api_calls()) == overview_and_list + 1
