"""The "Settings" tab of the app page (frontend/src/screens/Settings.jsx) in Chromium, inside
the host page that plays the Dashboard."""

from datetime import time, timedelta

import pytest
from playwright.sync_api import expect

from saleor_retention.discounts.models import DiscountPolicy
from saleor_retention.stores.models import StoreSettings
from tests.browser.pages import choose_tab, in_another_thread, open_page, open_tab
from tests.fixtures.api import dashboard_token
from tests.fixtures.checkouts import CHECKOUT_URL, make_store

pytestmark = pytest.mark.browser


def open_settings(browser, host, live_server, store):
    """Opens the app page inside the host page and chooses the "Settings" tab; returns the
    app's frame once the form shows."""
    frame = open_tab(browser, host, live_server, store, "settings")
    expect(frame.get_by_test_id("settings-form")).to_be_visible()
    return frame


def stored_settings(store, *fields):
    """Returns the store's settings ``fields`` as stored."""
    def read():
        settings = StoreSettings.objects.get(installation=store)
        return tuple(getattr(settings, field) for field in fields)

    return in_another_thread(read)


def test_changed_quiet_hours_and_frequency_cap_are_stored(transactional_db, live_server,
                                                           browser, dashboard_host):
    # given
    store = make_store()
    frame = open_settings(browser, dashboard_host, live_server, store)
    expect(frame.get_by_test_id("field-quietHoursStart")).to_have_value("21:00")
    expect(frame.get_by_test_id("field-frequencyCapHours")).to_have_value("16")

    # when
    frame.get_by_test_id("field-quietHoursStart").fill("22:30")
    frame.get_by_test_id("field-quietHoursEnd").fill("07:00")
    frame.get_by_test_id("field-frequencyCapHours").fill("24")
    expect(frame.get_by_test_id("unsaved-count")).to_have_text("3 unsaved changes")
    frame.get_by_test_id("save-settings").click()

    # then
    expect(frame.get_by_test_id("settings-outcome")).to_have_text("3 settings saved.")
    expect(frame.get_by_test_id("unsaved-count")).to_have_text("No unsaved changes")
    assert "notification" in browser.page.evaluate("window.receivedActions")
    browser.screenshot("settings-saved")
    frame.get_by_test_id("group-sender").scroll_into_view_if_needed()
    browser.screenshot("settings")
    assert stored_settings(store, "quiet_hours_start", "quiet_hours_end", "frequency_cap",
                           "shop_name", "storefront_checkout_urls") == (
        time(22, 30), time(7, 0), timedelta(hours=24), "Example Shop", {"*": CHECKOUT_URL})

    # and after a reload the page shows what is stored
    browser.page.reload()
    frame = choose_tab(browser, "settings")
    expect(frame.get_by_test_id("field-quietHoursStart")).to_have_value("22:30")
    expect(frame.get_by_test_id("field-frequencyCapHours")).to_have_value("24")


def test_values_the_api_refuses_are_shown_next_to_their_fields_and_kept(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_settings(browser, dashboard_host, live_server, store)
    frame.get_by_test_id("field-quietHoursStart").fill("23:00")
    frame.get_by_test_id("field-frequencyCapHours").fill("1000")
    frame.get_by_test_id("field-defaultTimeZone").fill("Mars/Olympus")

    # when
    frame.get_by_test_id("save-settings").click()

    # then
    expect(frame.get_by_test_id("error-frequencyCapHours")).to_have_text(
        "Give 0 to 720 hours.")
    expect(frame.get_by_test_id("error-defaultTimeZone")).to_have_text(
        "'Mars/Olympus' is not an IANA time zone such as \"Europe/Berlin\".")
    expect(frame.get_by_test_id("error-quietHoursStart")).to_have_count(0)
    expect(frame.get_by_test_id("settings-outcome")).to_have_text(
        "Nothing was saved: correct the fields marked.")
    expect(frame.get_by_test_id("field-quietHoursStart")).to_have_value("23:00")
    expect(frame.get_by_test_id("field-frequencyCapHours")).to_have_value("1000")
    expect(frame.get_by_test_id("unsaved-count")).to_have_text("3 unsaved changes")
    frame.get_by_test_id("group-sending").scroll_into_view_if_needed()
    browser.screenshot("settings-refused")
    assert "notification" not in browser.page.evaluate("window.receivedActions")
    assert stored_settings(store, "quiet_hours_start", "frequency_cap", "default_time_zone") == (
        time(21, 0), timedelta(hours=16), "UTC")


def test_the_sender_storefront_url_and_welcome_code_are_stored(transactional_db, live_server,
                                                               browser, dashboard_host):
    # given
    store = make_store()
    welcome = DiscountPolicy.objects.create(installation=store, name="Welcome 15%",
                                            value=15, validity=timedelta(days=7))
    frame = open_settings(browser, dashboard_host, live_server, store)
    frame.get_by_test_id("field-storefrontCheckoutUrls-0-url").fill(
        "https://shop.example.com/checkout/{id}")
    frame.get_by_test_id("save-settings").click()
    expect(frame.get_by_test_id("error-storefrontCheckoutUrls")).to_have_text(
        "'*': unknown placeholder {id}; use {checkout_id} and {token}.")

    # when
    frame.get_by_test_id("field-storefrontCheckoutUrls-0-url").fill(
        "https://shop.example.com/checkout?id={checkout_id}&token={token}")
    frame.get_by_test_id("field-fromName").fill("Example Shop, Berlin")
    frame.get_by_test_id("field-senderEmail").fill("hello@shop.example.com")
    frame.get_by_test_id("field-welcomeDiscountPolicyId").select_option(label="Welcome 15%")
    frame.get_by_test_id("save-settings").click()

    # then
    expect(frame.get_by_test_id("settings-outcome")).to_have_text("3 settings saved.")
    expect(frame.get_by_test_id("error-storefrontCheckoutUrls")).to_have_count(0)
    assert stored_settings(store, "sender_email", "storefront_checkout_urls",
                           "welcome_discount_policy_id") == (
        '"Example Shop, Berlin" <hello@shop.example.com>',
        {"*": "https://shop.example.com/checkout?id={checkout_id}&token={token}"}, welcome.pk)
    expect(frame.get_by_test_id("field-fromName")).to_have_value("Example Shop, Berlin")


def test_an_expired_session_shows_the_access_message_and_no_settings(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    token = dashboard_token(store, expires_in=-60)
    frame = open_page(browser, dashboard_host, live_server, store, token)

    # when
    frame.get_by_test_id("tab-settings").click()

    # then
    expect(frame.get_by_test_id("access-problem")).to_contain_text(
        "Your session expired — reload the page")
    expect(frame.get_by_test_id("settings-form")).to_have_count(0)
    assert "Example Shop" not in frame.locator("body").inner_text()
