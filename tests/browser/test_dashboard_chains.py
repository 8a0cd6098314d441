"""The "Chains" tab of the app page (frontend/src/screens/Chains.jsx, ChainEditor.jsx,
ChainStepEditor.jsx, ChainConditions.jsx) in Chromium, inside the host page that plays the
Dashboard."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from saleor_retention.chains.defaults import DEFAULT_CHAIN_NAME
from saleor_retention.chains.models import Chain
from saleor_retention.discounts.models import DiscountPolicy
from tests.browser.pages import in_another_thread, open_tab
from tests.fixtures.api import ALL_PERMISSIONS, dashboard_token
from tests.fixtures.checkouts import make_store

pytestmark = pytest.mark.browser

HOUR = timedelta(hours=1)
DEFAULT_SUMMARY = "1 h → 24 h → 48 h, last with 10% off"


def open_chain(frame, name):
    frame.get_by_test_id("chain-row").filter(has_text=name).get_by_test_id("open-chain").click()
    expect(frame.get_by_test_id("chain-title")).to_have_text(name)


def error_of(scope, field):
    return scope.locator(f'[data-testid="field-error"][data-field="{field}"]')


def chains_of(store):
    """Returns the store's chains as stored: (name, enabled, priority) by priority."""
    return in_another_thread(lambda: list(
        Chain.objects.filter(installation=store).values_list("name", "is_enabled", "priority")))


def steps_of(store, name):
    """Returns the chain's steps as stored: (delay, template, discount policy name)."""
    return in_another_thread(lambda: [
        (step.delay, step.template, step.discount_policy and step.discount_policy.name)
        for step in Chain.objects.get(installation=store, name=name).steps.select_related(
            "discount_policy")])


def test_the_list_shows_the_default_chain_and_switching_it_off_and_on_is_stored(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "chains")
    row = frame.get_by_test_id("chain-row")
    expect(row).to_have_count(1)
    assert [cell.strip() for cell in row.locator("td").all_inner_texts()] == [
        "1", DEFAULT_CHAIN_NAME, "On", "Every channel", "Every abandoned checkout",
        DEFAULT_SUMMARY]
    browser.screenshot("chains-list")

    # when
    row.get_by_test_id("chain-enabled").click()

    # then
    expect(row.get_by_test_id("chain-enabled")).to_have_attribute("aria-checked", "false")
    expect(frame.get_by_test_id("none-enabled")).to_contain_text(
        "abandoned checkouts get no reminders until one is")
    assert chains_of(store) == [(DEFAULT_CHAIN_NAME, False, 100)]
    assert "notification" in browser.page.evaluate("window.receivedActions")

    # and switched on again
    row.get_by_test_id("chain-enabled").click()
    expect(row.get_by_test_id("chain-enabled")).to_have_attribute("aria-checked", "true")
    expect(frame.get_by_test_id("none-enabled")).to_have_count(0)
    assert chains_of(store) == [(DEFAULT_CHAIN_NAME, True, 100)]


def test_an_invalid_delay_shows_the_message_next_to_it_and_stores_nothing_until_corrected(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "chains")
    open_chain(frame, DEFAULT_CHAIN_NAME)
    second = frame.get_by_test_id("step").nth(1)
    expect(second.get_by_test_id("step-delay")).to_have_value("24")

    # when
    second.get_by_test_id("step-delay").fill("-5")
    second.get_by_test_id("save-step").click()

    # then
    expect(error_of(second, "delayMinutes")).to_have_text("Give 0 to 129600 minutes.")
    expect(second.get_by_test_id("step-delay")).to_have_value("-5")
    expect(error_of(frame.get_by_test_id("step").first, "delayMinutes")).to_have_count(0)
    browser.screenshot("chain-editor-error")
    assert steps_of(store, DEFAULT_CHAIN_NAME)[1] == (24 * HOUR, "follow_up", None)
    assert "notification" not in browser.page.evaluate("window.receivedActions")

    # and once corrected it is stored and the list says so
    second.get_by_test_id("step-delay").fill("36")
    second.get_by_test_id("save-step").click()
    expect(second.get_by_test_id("step-outcome")).to_have_text("Saved.")
    expect(error_of(second, "delayMinutes")).to_have_count(0)
    assert steps_of(store, DEFAULT_CHAIN_NAME)[1] == (36 * HOUR, "follow_up", None)
    frame.get_by_test_id("back-to-chains").click()
    expect(frame.get_by_test_id("chain-steps")).to_have_text(
        "1 h → 36 h → 48 h, last with 10% off")


def test_a_step_added_with_a_discount_policy_is_stored(transactional_db, live_server, browser,
                                                      dashboard_host):
    # given
    store = make_store()
    DiscountPolicy.objects.create(installation=store, name="Loyal", value=Decimal("15"),
                                  validity=48 * HOUR)
    frame = open_tab(browser, dashboard_host, live_server, store, "chains")
    open_chain(frame, DEFAULT_CHAIN_NAME)

    # when
    frame.get_by_test_id("add-step").click()
    new_step = frame.get_by_test_id("new-step")
    expect(new_step.get_by_test_id("step-delay")).to_have_value("72")
    new_step.get_by_test_id("step-template").select_option("LAST_CHANCE")
    new_step.get_by_test_id("step-discount").select_option(label="Loyal (15% off)")
    new_step.get_by_test_id("add-step-save").click()

    # then
    expect(frame.get_by_test_id("step")).to_have_count(4)
    expect(frame.get_by_test_id("new-step")).to_have_count(0)
    expect(frame.get_by_test_id("step").nth(3).get_by_test_id("step-discount")).to_have_value(
        in_another_thread(lambda: str(DiscountPolicy.objects.get(name="Loyal").pk)))
    assert steps_of(store, DEFAULT_CHAIN_NAME)[3] == (72 * HOUR, "last_chance", "Loyal")
    frame.get_by_test_id("back-to-chains").click()
    expect(frame.get_by_test_id("chain-steps")).to_have_text(
        "1 h → 24 h → 48 h → 72 h, step 3 with 10% off, last with 15% off")


def test_a_new_chain_is_created_then_given_its_first_email_and_switched_on(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "chains")
    frame.get_by_test_id("create-chain").click()
    frame.get_by_test_id("chain-channels").fill("default-channel")
    frame.get_by_test_id("cart-value-add").click()
    frame.get_by_test_id("cart-value-currency").fill("usd")
    frame.get_by_test_id("cart-value-min").fill("500")
    frame.get_by_test_id("cart-value-max").fill("50")

    # when: no name, and a range whose min is above its max
    frame.get_by_test_id("save-chain").click()

    # then
    expect(error_of(frame, "name")).to_have_text(
        "A chain needs a name of at most 200 characters.")
    expect(error_of(frame.get_by_test_id("cart-value-row"), "conditions")).to_have_text(
        "Min is greater than max")
    expect(frame.get_by_test_id("cart-value-max")).to_have_value("50")
    browser.screenshot("chain-create-errors")
    assert chains_of(store) == [(DEFAULT_CHAIN_NAME, True, 100)]

    # and corrected, it is created switched off, its first email's form open
    frame.get_by_test_id("chain-name").fill("Big carts")
    frame.get_by_test_id("cart-value-max").fill("5000")
    frame.get_by_test_id("save-chain").click()
    expect(frame.get_by_test_id("chain-title")).to_have_text("Big carts")
    expect(frame.get_by_test_id("chain-enabled")).to_have_attribute("aria-checked", "false")
    assert chains_of(store) == [(DEFAULT_CHAIN_NAME, True, 100), ("Big carts", False, 101)]
    assert in_another_thread(lambda: Chain.objects.get(name="Big carts").conditions) == {
        "cart_value": {"USD": {"min": "500", "max": "5000"}}}
    frame.get_by_test_id("new-step").get_by_test_id("add-step-save").click()
    expect(frame.get_by_test_id("step")).to_have_count(1)
    frame.get_by_test_id("chain-enabled").click()
    expect(frame.get_by_test_id("chain-enabled")).to_have_attribute("aria-checked", "true")
    assert chains_of(store) == [(DEFAULT_CHAIN_NAME, True, 100), ("Big carts", True, 101)]
    assert steps_of(store, "Big carts") == [(HOUR, "first_reminder", None)]
    frame.get_by_test_id("back-to-chains").click()
    big = frame.get_by_test_id("chain-row").nth(1)
    assert [cell.strip() for cell in big.locator("td").all_inner_texts()] == [
        "2", "Big carts", "On", "default-channel", "Carts of $500.00–$5,000.00", "1 h"]


def test_a_step_is_deleted_only_once_confirmed(transactional_db, live_server, browser,
                                              dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "chains")
    open_chain(frame, DEFAULT_CHAIN_NAME)
    second = frame.get_by_test_id("step").nth(1)
    second.get_by_test_id("delete-step").click()
    expect(second.get_by_test_id("delete-step-question")).to_contain_text(
        "Delete step 2? Its planned reminders are skipped.")
    second.get_by_test_id("delete-step-cancel").click()
    expect(frame.get_by_test_id("step")).to_have_count(3)

    # when
    second.get_by_test_id("delete-step").click()
    second.get_by_test_id("delete-step-confirm").click()

    # then
    expect(frame.get_by_test_id("step")).to_have_count(2)
    assert steps_of(store, DEFAULT_CHAIN_NAME) == [
        (HOUR, "first_reminder", None), (48 * HOUR, "last_chance", "10% for 24 hours")]
    frame.get_by_test_id("back-to-chains").click()
    expect(frame.get_by_test_id("chain-steps")).to_have_text("1 h → 48 h, last with 10% off")


def test_a_chain_moves_up_and_is_deleted_once_confirmed(transactional_db, live_server,
                                                        browser, dashboard_host):
    # given
    store = make_store()
    Chain.objects.create(installation=store, name="VIP", priority=200, is_enabled=False,
                         conditions={"customer": "returning"})
    frame = open_tab(browser, dashboard_host, live_server, store, "chains")
    expect(frame.get_by_test_id("chain-conditions")).to_have_text(
        ["Every abandoned checkout", "Returning customers"])
    expect(frame.get_by_test_id("chain-steps")).to_have_text([DEFAULT_SUMMARY, "No steps"])
    open_chain(frame, "VIP")
    expect(frame.get_by_test_id("chain-priority")).to_have_text("2 of 2")
    expect(frame.get_by_test_id("no-steps")).to_be_visible()
    browser.screenshot("chain-editor")

    # when
    frame.get_by_test_id("move-up").click()

    # then
    expect(frame.get_by_test_id("chain-priority")).to_have_text("1 of 2")
    assert chains_of(store) == [("VIP", False, 1), (DEFAULT_CHAIN_NAME, True, 2)]

    # and deleted
    frame.get_by_test_id("delete-chain").click()
    frame.get_by_test_id("delete-chain-confirm").click()
    expect(frame.get_by_test_id("chain-row")).to_have_count(1)
    expect(frame.get_by_test_id("chain-row")).to_contain_text(DEFAULT_CHAIN_NAME)
    assert chains_of(store) == [(DEFAULT_CHAIN_NAME, True, 2)]


def test_a_store_without_chains_says_checkouts_get_no_reminders(transactional_db, live_server,
                                                                browser, dashboard_host):
    # given
    store = make_store()
    Chain.objects.filter(installation=store).delete()

    # when
    frame = open_tab(browser, dashboard_host, live_server, store, "chains")

    # then
    empty = frame.get_by_test_id("chains-empty")
    expect(empty).to_contain_text("No chains yet")
    expect(empty).to_contain_text(
        "Until a chain is created and switched on, checkouts get no reminders.")
    expect(frame.get_by_test_id("chains")).to_have_count(0)
    browser.screenshot("chains-empty")
    frame.get_by_test_id("create-chain-empty").click()
    expect(frame.get_by_test_id("chain-title")).to_have_text("New chain")


def test_a_token_without_manage_checkouts_shows_the_access_message_and_no_chain(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    token = dashboard_token(store, permissions=[
        name for name in ALL_PERMISSIONS if name != "MANAGE_CHECKOUTS"])

    # when
    frame = open_tab(browser, dashboard_host, live_server, store, "chains", token)

    # then
    expect(frame.get_by_test_id("access-problem")).to_contain_text(
        "You need the MANAGE_CHECKOUTS permission to see this page")
    expect(frame.get_by_test_id("chain-row")).to_have_count(0)
    expect(frame.get_by_test_id("chains-empty")).to_have_count(0)
    assert DEFAULT_CHAIN_NAME not in frame.locator("body").inner_text()
    browser.screenshot("chains-refused")
