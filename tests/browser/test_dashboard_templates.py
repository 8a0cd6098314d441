"""The "Templates" tab of the app page (frontend/src/screens/Templates.jsx, TemplatePreview.jsx
and TemplateActions.jsx) in Chromium, inside the host page that plays the Dashboard."""

import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from saleor_retention.api.auth import LEEWAY
from saleor_retention.emails.models import EmailTemplate
from saleor_retention.emails.samples import SAMPLE_LINES
from saleor_retention.emails.sources import shipped_folder
from saleor_retention.emails.store_templates import save_template
from tests.browser.pages import in_another_thread, open_tab
from tests.fixtures.api import dashboard_token
from tests.fixtures.checkouts import T0, checkout_node, make_store, track

pytestmark = pytest.mark.browser

SHIPPED_SUBJECT = ("{% if customer.first_name %}{{ customer.first_name }}, you{% else %}You"
                   "{% endif %} left something in your cart")
SAMPLE_SUBJECT = "Alex, you left something in your cart"
DRAFT_SUBJECT = "{{ customer.first_name }}, your cart misses you"


def shipped_body() -> str:
    return (shipped_folder() / "en" / "first_reminder.mjml").read_text()


def email_html(frame):
    """Returns the body of the preview's sandboxed frame."""
    return frame.frame_locator('[data-testid="preview-html"]').locator("body")


def stored_templates(store):
    """Returns the store's saved templates as stored: (name, language, channel, subject,
    body)."""
    return in_another_thread(lambda: list(
        EmailTemplate.objects.filter(installation=store).order_by("pk")
        .values_list("name", "language", "channel_slug", "subject", "body")))


def test_the_tab_shows_the_shipped_first_reminder_with_the_sample_cart(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()

    # when
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")

    # then
    expect(frame.get_by_test_id("subject")).to_have_value(SHIPPED_SUBJECT)
    expect(frame.get_by_test_id("body")).to_have_value(shipped_body())
    expect(frame.get_by_test_id("preview-subject")).to_have_text(
        "Alex, you left something in your cart")
    for product_name, _variant, _thumbnail, _quantity, _price in SAMPLE_LINES:
        expect(email_html(frame)).to_contain_text(product_name)
    expect(frame.get_by_test_id("template-origin")).to_contain_text("The app's shipped text")
    expect(frame.get_by_test_id("reset")).to_have_count(0)
    browser.screenshot("templates-shipped-first-reminder")
    frame.get_by_test_id("show-text").click()
    expect(frame.get_by_test_id("preview-text")).to_contain_text(
        "2 × $89.90 = $179.80")


def test_the_preview_follows_the_subject_before_it_is_saved(transactional_db, live_server,
                                                             browser, dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")
    expect(frame.get_by_test_id("preview-subject")).to_have_text(
        "Alex, you left something in your cart")

    # when
    frame.get_by_test_id("subject").fill("{{ customer.first_name }}, your cart misses you")

    # then
    expect(frame.get_by_test_id("preview-subject")).to_have_text("Alex, your cart misses you")
    expect(frame.get_by_test_id("unsaved")).to_have_text("Unsaved changes")
    browser.screenshot("templates-draft-subject")
    assert stored_templates(store) == []


def test_broken_mjml_shows_the_stage_and_line_next_to_the_editor_and_is_not_saved(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")
    body = frame.get_by_test_id("body")
    expect(frame.get_by_test_id("preview-subject")).to_have_text(
        "Alex, you left something in your cart")

    # when: the closing tag of the greeting's section is gone
    body.fill(shipped_body().replace("    </mj-section>\n", "", 1))

    # then
    problem = frame.get_by_test_id("problem-body")
    expect(problem).to_have_text("MJML failed (first_reminder, line 18): unexpected end of "
                                 "stream in root template")
    expect(problem).to_have_attribute("data-code", "TEMPLATE_MJML")
    expect(problem).to_have_attribute("data-line", "18")
    expect(frame.get_by_test_id("preview")).to_contain_text("Showing the last preview that "
                                                            "worked.")
    browser.screenshot("templates-broken-mjml")
    frame.get_by_test_id("save").click()
    expect(frame.get_by_test_id("save-outcome")).to_have_text(
        "Not saved: see the message next to the field.")
    expect(problem).to_contain_text("MJML failed (first_reminder, line 18)")
    assert stored_templates(store) == []


def test_saving_stores_the_stores_own_version(transactional_db, live_server, browser,
                                              dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")
    expect(frame.get_by_test_id("subject")).to_have_value(SHIPPED_SUBJECT)
    frame.get_by_test_id("subject").fill("Your cart at {{ shop.name }}")

    # when
    frame.get_by_test_id("save").click()

    # then
    outcome = frame.get_by_test_id("save-outcome")
    expect(outcome).to_have_text("Saved first_reminder (en, every channel) as version 1: the "
                                 "next emails use it.")
    expect(outcome).to_have_attribute("data-status", "success")
    expect(frame.get_by_test_id("template-origin")).to_contain_text(
        "The store's own version for every channel")
    expect(frame.get_by_test_id("unsaved")).to_have_count(0)
    expect(frame.get_by_test_id("reset")).to_be_visible()
    expect(frame.get_by_test_id("preview-subject")).to_have_text("Your cart at Example Shop")
    browser.screenshot("templates-saved")
    assert "notification" in browser.page.evaluate("window.receivedActions")
    assert stored_templates(store) == [("first_reminder", "en", "", "Your cart at {{ shop.name }}",
                                        shipped_body())]


def test_a_language_the_store_adds_starts_from_the_english_text_and_saves_in_it(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")
    expect(frame.get_by_test_id("language").locator("option")).to_have_text(["en", "ru"])

    # when
    frame.get_by_test_id("new-language").fill("de")
    frame.get_by_test_id("add-language").click()
    expect(frame.get_by_test_id("language")).to_have_value("de")
    expect(frame.get_by_test_id("subject")).to_have_value(SHIPPED_SUBJECT)
    frame.get_by_test_id("subject").fill("Dein Warenkorb bei {{ shop.name }}")
    expect(frame.get_by_test_id("preview-subject")).to_have_text("Dein Warenkorb bei Example Shop")
    frame.get_by_test_id("save").click()

    # then
    expect(frame.get_by_test_id("save-outcome")).to_have_text(
        "Saved first_reminder (de, every channel) as version 1: the next emails use it.")
    expect(frame.get_by_test_id("language").locator("option")).to_have_text(["de", "en", "ru"])
    browser.screenshot("templates-new-language")
    assert stored_templates(store) == [("first_reminder", "de", "",
                                        "Dein Warenkorb bei {{ shop.name }}", shipped_body())]


def test_reset_to_shipped_deletes_the_stores_version_after_a_confirmation(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    save_template(store, "first_reminder", "en", shipped_body(), T0, subject="Mine")
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")
    expect(frame.get_by_test_id("subject")).to_have_value("Mine")

    # when
    frame.get_by_test_id("reset").click()
    expect(frame.get_by_test_id("reset-question")).to_contain_text(
        "Delete the store's version?")
    browser.screenshot("templates-reset-confirmation")
    frame.get_by_test_id("reset-confirm").click()

    # then
    expect(frame.get_by_test_id("reset-outcome")).to_have_text(
        "Deleted the store's first_reminder (en, every channel): the shipped text applies "
        "again.")
    expect(frame.get_by_test_id("subject")).to_have_value(SHIPPED_SUBJECT)
    expect(frame.get_by_test_id("reset")).to_have_count(0)
    expect(frame.get_by_test_id("preview-subject")).to_have_text(
        "Alex, you left something in your cart")
    assert stored_templates(store) == []


def test_the_preview_shows_a_real_tracked_checkout(transactional_db, live_server, browser,
                                                   dashboard_host):
    # given
    store = make_store()
    node = checkout_node(3, first_name="Ada", lines=[("UHJvZHVjdDo3", 3, "12.50"),
                                                     ("UHJvZHVjdDo4", 1, "40.00")])
    track(store, node)
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")
    expect(frame.get_by_test_id("preview-subject")).to_have_text(
        "Alex, you left something in your cart")

    # when
    frame.get_by_test_id("cart-kind").select_option("checkout")
    frame.get_by_test_id("checkout-id").fill(node["id"])

    # then
    expect(frame.get_by_test_id("preview-subject")).to_have_text(
        "Ada, you left something in your cart")
    expect(email_html(frame)).to_contain_text("Product UHJvZHVjdDo3")
    expect(email_html(frame)).to_contain_text("Product UHJvZHVjdDo4")
    expect(email_html(frame)).not_to_contain_text(SAMPLE_LINES[0][0])
    browser.screenshot("templates-real-checkout")
    frame.get_by_test_id("checkout-id").fill("Q2hlY2tvdXQ6bm9uZQ==")
    expect(frame.get_by_test_id("problem-checkoutId")).to_have_text(
        "This store has no tracked checkout 'Q2hlY2tvdXQ6bm9uZQ=='.")


def test_send_test_sends_the_saved_email_and_shows_the_answer(transactional_db, live_server,
                                                              browser, dashboard_host):
    # given
    store = make_store(sender_email="Shop <shop@example.com>")
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")

    # when
    frame.get_by_test_id("test-address").fill("owner@example.com")
    frame.get_by_test_id("send-test").click()

    # then: the live server runs in this process, so its locmem outbox is this one
    outcome = frame.get_by_test_id("send-test-outcome")
    expect(outcome).to_contain_text("Sent to owner@example.com with the sample cart "
                                    "(Message-ID <")
    browser.screenshot("templates-test-sent")
    (message,) = mail.outbox
    assert (message.to, message.from_email, message.subject) == (
        ["owner@example.com"], "Shop <shop@example.com>",
        "[TEST] Alex, you left something in your cart")
    assert outcome.inner_text() == ("Sent to owner@example.com with the sample cart "
                                    f"(Message-ID {message.extra_headers['Message-ID']}).")


def test_a_token_without_the_permission_shows_the_access_message(transactional_db, live_server,
                                                                 browser, dashboard_host):
    # given
    store = make_store()

    # when
    frame = open_tab(browser, dashboard_host, live_server, store, "templates",
                     token=dashboard_token(store, permissions=("MANAGE_ORDERS",)))

    # then
    problem = frame.get_by_test_id("access-problem")
    expect(problem).to_contain_text("You need the MANAGE_CHECKOUTS permission to see this page")
    expect(frame.get_by_test_id("editor")).to_have_count(0)
    expect(frame.get_by_test_id("preview")).to_have_count(0)
    browser.screenshot("templates-refused")


def test_the_preview_comes_back_with_the_refreshed_token_and_the_draft_stays(
        transactional_db, live_server, browser, dashboard_host):
    # given: a token the API accepts for 6 more seconds; the draft is typed after that
    store = make_store()
    issued = time.monotonic()
    frame = open_tab(browser, dashboard_host, live_server, store, "templates",
                     token=dashboard_token(store, expires_in=6 - LEEWAY))
    expect(frame.get_by_test_id("preview-subject")).to_have_text(SAMPLE_SUBJECT)
    browser.page.wait_for_timeout((issued + 6.5 - time.monotonic()) * 1000)
    frame.get_by_test_id("subject").fill(DRAFT_SUBJECT)
    expect(frame.get_by_test_id("preview")).to_have_attribute("data-loading", "no")
    expect(frame.get_by_test_id("access-problem")).to_have_count(0)
    expect(frame.get_by_test_id("subject")).to_have_value(DRAFT_SUBJECT)
    expect(frame.get_by_test_id("preview-session-expired")).to_contain_text(
        "Your session expired: the preview comes back when the Dashboard renews it.")
    browser.screenshot("templates-preview-session-expired")

    # when
    browser.page.evaluate("token => window.refreshToken(token)", dashboard_token(store))

    # then
    expect(frame.get_by_test_id("preview-subject")).to_have_text("Alex, your cart misses you")
    expect(frame.get_by_test_id("preview-session-expired")).to_have_count(0)
    expect(frame.get_by_test_id("subject")).to_have_value(DRAFT_SUBJECT)
    expect(frame.get_by_test_id("unsaved")).to_have_text("Unsaved changes")
    assert stored_templates(store) == []


def test_another_language_asks_before_it_discards_the_draft_and_keeping_stays(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")
    frame.get_by_test_id("subject").fill(DRAFT_SUBJECT)
    frame.get_by_test_id("language").select_option("ru")
    expect(frame.get_by_test_id("discard-question")).to_contain_text(
        "Discard your unsaved changes to first_reminder (en, every channel)?")
    expect(frame.get_by_test_id("language")).to_have_value("en")
    browser.screenshot("templates-discard-question")

    # when
    frame.get_by_test_id("discard-cancel").click()

    # then
    expect(frame.get_by_test_id("discard-question")).to_have_count(0)
    expect(frame.get_by_test_id("language")).to_have_value("en")
    expect(frame.get_by_test_id("subject")).to_have_value(DRAFT_SUBJECT)
    expect(frame.get_by_test_id("preview-subject")).to_have_text("Alex, your cart misses you")


def test_discarding_the_draft_opens_the_channel_typed(transactional_db, live_server, browser,
                                                      dashboard_host):
    # given: the store has its own version for the channel "web"
    store = make_store()
    save_template(store, "first_reminder", "en", shipped_body(), T0, subject="Web only",
                  channel_slug="web")
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")
    frame.get_by_test_id("subject").fill(DRAFT_SUBJECT)
    frame.get_by_test_id("channel").fill("web")
    expect(frame.get_by_test_id("discard-question")).to_contain_text(
        "Discard your unsaved changes to first_reminder (en, every channel)?")
    expect(frame.get_by_test_id("subject")).to_have_value(DRAFT_SUBJECT)

    # when
    frame.get_by_test_id("discard-confirm").click()

    # then
    expect(frame.get_by_test_id("subject")).to_have_value("Web only")
    expect(frame.get_by_test_id("template-origin")).to_contain_text(
        "The store's own version for web")
    expect(frame.get_by_test_id("channel")).to_have_value("web")
    expect(frame.get_by_test_id("unsaved")).to_have_count(0)
    expect(frame.get_by_test_id("preview-subject")).to_have_text("Web only")


def test_a_language_that_fails_to_load_shows_the_error_and_no_editor(
        transactional_db, live_server, browser, dashboard_host):
    # given: the app cannot answer for German
    store = make_store()

    def refuse_german(route):
        request = route.request.post_data_json or {}
        if (request.get("operationName"), request.get("variables", {}).get("language")) == (
                "DashboardTemplates", "de"):
            route.fulfill(status=500, body="Internal Server Error")
        else:
            route.continue_()

    browser.page.route("**/graphql/", refuse_german)
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")
    expect(frame.get_by_test_id("subject")).to_have_value(SHIPPED_SUBJECT)

    # when
    frame.get_by_test_id("new-language").fill("de")
    frame.get_by_test_id("add-language").click()

    # then: nothing of English is left to save under German
    expect(frame.get_by_test_id("library-error")).to_have_text(
        "The texts of de (every channel) could not be loaded: The app answered 500 without "
        "JSON.")
    expect(frame.get_by_test_id("language")).to_have_value("de")
    expect(frame.get_by_test_id("subject")).to_have_count(0)
    expect(frame.get_by_test_id("save")).to_have_count(0)
    browser.screenshot("templates-language-load-error")
    assert stored_templates(store) == []


def test_a_tracked_checkout_is_not_previewed_until_its_id_is_typed(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")
    expect(frame.get_by_test_id("preview-subject")).to_have_text(SAMPLE_SUBJECT)
    calls_with_the_sample_cart = len(browser.api_calls())

    # when
    frame.get_by_test_id("cart-kind").select_option("checkout")

    # then: nothing is asked, even after the preview's pause of 0.5 s
    expect(frame.get_by_test_id("preview-subject")).to_have_count(0)
    expect(frame.get_by_test_id("preview-html")).to_have_count(0)
    expect(frame.get_by_test_id("preview-cart")).to_have_text(
        "Type a checkout id to see the email that checkout gets.")
    browser.page.wait_for_timeout(1000)
    assert len(browser.api_calls()) == calls_with_the_sample_cart


def test_reset_on_a_channel_brings_back_the_stores_every_channel_version(
        transactional_db, live_server, browser, dashboard_host):
    # given
    store = make_store()
    save_template(store, "first_reminder", "en", shipped_body(), T0, subject="Everywhere")
    save_template(store, "first_reminder", "en", shipped_body(), T0, subject="Web only",
                  channel_slug="web")
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")
    frame.get_by_test_id("channel").fill("web")
    expect(frame.get_by_test_id("subject")).to_have_value("Web only")

    # when
    reset = frame.get_by_test_id("reset")
    expect(reset).to_have_text("Reset to the every-channel text")
    reset.click()
    expect(frame.get_by_test_id("reset-question")).to_contain_text(
        "Delete the store's version? Its text is lost and the store's version for every "
        "channel applies again.")
    frame.get_by_test_id("reset-confirm").click()

    # then
    expect(frame.get_by_test_id("reset-outcome")).to_have_text(
        "Deleted the store's first_reminder (en, channel web): the store's version for every "
        "channel applies again.")
    expect(frame.get_by_test_id("subject")).to_have_value("Everywhere")
    expect(frame.get_by_test_id("template-origin")).to_contain_text(
        "The store's version for every channel")
    assert stored_templates(store) == [("first_reminder", "en", "", "Everywhere",
                                        shipped_body())]


def test_every_control_is_named_by_its_label(transactional_db, live_server, browser,
                                             dashboard_host):
    # given
    store = make_store()

    # when
    frame = open_tab(browser, dashboard_host, live_server, store, "templates")

    # then
    expect(frame.get_by_label("Template", exact=True)).to_have_value("first_reminder")
    expect(frame.get_by_label("Language", exact=True)).to_have_value("en")
    expect(frame.get_by_label("Add a language", exact=True)).to_have_value("")
    expect(frame.get_by_label("Channel (slug)", exact=True)).to_have_value("")
    expect(frame.get_by_label("Subject", exact=True)).to_have_value(SHIPPED_SUBJECT)
    expect(frame.get_by_label("MJML", exact=True)).to_have_value(shipped_body())
    expect(frame.get_by_label("Send a test of the saved email", exact=True)).to_have_value("")
    expect(frame.get_by_label("Cart", exact=True)).to_have_value("sample")
    expect(frame.get_by_label("Currency", exact=True)).to_have_value("USD")
