"""The "Discounts" tab of the app page (frontend/src/screens/Discounts.jsx and
DiscountForm.jsx) in Chromium, inside the host page that plays the Dashboard."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from saleor_retention.chains.models import ChainStep
from saleor_retention.discounts.models import DiscountPolicy
from tests.browser.pages import in_another_thread, open_tab
from tests.fixtures.api import dashboard_token
from tests.fixtures.checkouts import make_store

pytestmark = pytest.mark.browser

# Every new store has this policy, offered by the third step of "Forgotten cart".
DEFAULT_POLICY = "10% for 24 hours"


def stored_policies(store):
    """Returns the store's policies as {name: (kind, value, minimum, channel values,
    validity, once per customer, product ids)}."""
    return in_another_thread(lambda: {
        policy.name: (policy.kind, policy.value, policy.minimum_spend, policy.channel_values,
                      policy.validity, policy.once_per_customer, policy.product_ids)
        for policy in DiscountPolicy.objects.filter(installation=store)})


def row_of(frame, name):
    return frame.get_by_test_id("policy-row").filter(has_text=name)


def test_a_percentage_over_100_is_refused_next_to_its_field_until_it_is_fixed(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "discounts")
    expect(frame.get_by_test_id("policy-row")).to_have_count(1)
    frame.get_by_test_id("create-policy").click()
    frame.get_by_test_id("field-name").fill("Spring sale")
    frame.get_by_test_id("field-value").fill("150")
    frame.get_by_test_id("field-minimumSpend").fill("50")
    frame.get_by_test_id("field-validityMinutes").fill("2")
    frame.get_by_test_id("field-validityUnit").select_option("days")

    # when
    frame.get_by_test_id("save-policy").click()

    # then
    expect(frame.get_by_test_id("error-value")).to_have_text(
        "A percentage cannot be more than 100.")
    expect(frame.get_by_test_id("policy-outcome")).to_have_text(
        "Nothing was saved: correct the fields marked.")
    expect(frame.get_by_test_id("field-name")).to_have_value("Spring sale")
    browser.screenshot("discount-policy-refused")
    assert list(stored_policies(store)) == [DEFAULT_POLICY]

    # and once fixed, it is stored and listed in words
    frame.get_by_test_id("field-value").fill("15")
    frame.get_by_test_id("save-policy").click()
    row = row_of(frame, "Spring sale")
    expect(row.locator("td")).to_have_text([
        "Spring sale", "15% off, min 50 (in the channel's currency)", "2 days",
        "Once per customer", "The whole order", "Nothing yet", "EditDelete"])
    assert stored_policies(store)["Spring sale"] == (
        "percentage", Decimal("15.000"), Decimal("50.000"), {}, timedelta(days=2), True, [])
    assert "notification" in browser.page.evaluate("window.receivedActions")
    browser.screenshot("discount-policies")


def test_a_channels_percentage_over_100_is_refused_under_its_row_not_the_main_value(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "discounts")
    expect(frame.get_by_test_id("policy-row")).to_have_count(1)
    frame.get_by_test_id("create-policy").click()
    frame.get_by_test_id("field-name").fill("Spring sale")
    frame.get_by_test_id("field-value").fill("15")
    frame.get_by_test_id("add-channelValues").click()
    frame.get_by_test_id("field-channelValues-0-key").fill("EUR")
    frame.get_by_test_id("field-channelValues-0-value").fill("150")

    # when
    frame.get_by_test_id("save-policy").click()

    # then
    expect(frame.get_by_test_id("rows-channelValues").get_by_test_id(
        "error-channelValues")).to_have_text("EUR: a percentage cannot be more than 100.")
    expect(frame.get_by_test_id("policy-outcome")).to_have_text(
        "Nothing was saved: correct the fields marked.")
    expect(frame.get_by_test_id("error-value")).to_have_count(0)
    expect(frame.get_by_test_id("field-value")).to_have_value("15")
    assert list(stored_policies(store)) == [DEFAULT_POLICY]


def test_editing_a_policy_changes_its_terms(transactional_db, live_server, browser,
                                           dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "discounts")
    row_of(frame, DEFAULT_POLICY).get_by_test_id("edit-policy").click()
    expect(frame.get_by_test_id("field-value")).to_have_value("10")

    # when
    frame.get_by_test_id("field-name").fill("5 off")
    frame.get_by_test_id("field-kind").select_option("FIXED")
    frame.get_by_test_id("field-value").fill("5")
    frame.get_by_test_id("add-channelValues").click()
    frame.get_by_test_id("field-channelValues-0-key").fill("EUR")
    frame.get_by_test_id("field-channelValues-0-value").fill("4")
    frame.get_by_test_id("field-channelValues-0-minimumSpend").fill("30")
    frame.get_by_test_id("field-oncePerCustomer").click()
    frame.get_by_test_id("field-productIds").fill("UHJvZHVjdDo3Mg==\nUHJvZHVjdDo3Mw==")
    browser.screenshot("discount-policy-form")
    frame.get_by_test_id("save-policy").click()

    # then
    row = row_of(frame, "5 off")
    expect(row.get_by_test_id("policy-terms")).to_have_text([
        "€4.00 off, min €30.00 (EUR)", "5 off (other channels, in the channel's currency)"])
    assert [cell.strip() for cell in row.locator("td").all_inner_texts()][2:6] == [
        "1 day", "No limit per customer", "2 products", "Forgotten cart, step 3"]
    assert stored_policies(store) == {"5 off": (
        "fixed", Decimal("5.000"), None, {"EUR": {"value": "4", "minimum_spend": "30"}},
        timedelta(hours=24), False, ["UHJvZHVjdDo3Mg==", "UHJvZHVjdDo3Mw=="])}


def test_deleting_a_policy_asks_first_then_leaves_the_empty_state(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "discounts")
    row_of(frame, DEFAULT_POLICY).get_by_test_id("delete-policy").click()
    expect(frame.get_by_test_id("delete-consequence")).to_have_text(
        "Forgotten cart, step 3 will then send no code. Codes already shown stay valid "
        "until they expire.")
    frame.get_by_test_id("cancel-delete").click()
    expect(frame.get_by_test_id("delete-confirmation")).to_have_count(0)
    assert list(stored_policies(store)) == [DEFAULT_POLICY]

    # when
    row_of(frame, DEFAULT_POLICY).get_by_test_id("delete-policy").click()
    frame.get_by_test_id("confirm-delete").click()

    # then
    empty = frame.get_by_test_id("policies-empty")
    expect(empty).to_contain_text("No discount policies yet")
    expect(empty).to_contain_text("steps without a policy send no code")
    expect(frame.get_by_test_id("policy-row")).to_have_count(0)
    browser.screenshot("discount-policies-empty")
    assert stored_policies(store) == {}
    assert in_another_thread(lambda: list(
        ChainStep.objects.filter(chain__installation=store).order_by("position")
        .values_list("position", "discount_policy"))) == [(1, None), (2, None), (3, None)]


def test_without_manage_discounts_a_save_says_which_permission_is_missing(
        transactional_db, live_server, browser, dashboard_host):
    # given: a staff member who may read the policies but not change them
    store = make_store()
    token = dashboard_token(store, permissions=("MANAGE_CHECKOUTS",))
    frame = open_tab(browser, dashboard_host, live_server, store, "discounts", token)
    frame.get_by_test_id("create-policy").click()
    frame.get_by_test_id("field-name").fill("Spring sale")
    frame.get_by_test_id("field-value").fill("15")

    # when
    frame.get_by_test_id("save-policy").click()

    # then
    expect(frame.get_by_test_id("policy-outcome")).to_have_text(
        "You need the MANAGE_DISCOUNTS permission to change discount policies.")
    expect(frame.get_by_test_id("field-name")).to_have_value("Spring sale")
    assert list(stored_policies(store)) == [DEFAULT_POLICY]


def test_a_refused_token_shows_the_access_message_and_no_policy(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    token = dashboard_token(store, permissions=("MANAGE_ORDERS",))

    # when
    frame = open_tab(browser, dashboard_host, live_server, store, "discounts", token)

    # then
    expect(frame.get_by_test_id("access-problem")).to_contain_text(
        "You need the MANAGE_CHECKOUTS permission")
    expect(frame.get_by_test_id("policy-row")).to_have_count(0)
    expect(frame.get_by_test_id("create-policy")).to_have_count(0)
    expect(frame.get_by_test_id("policies-empty")).to_have_count(0)
    assert DEFAULT_POLICY not in frame.locator("body").inner_text()
