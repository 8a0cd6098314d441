"""The Dashboard pages in the Dashboard user's language (frontend/src/i18n.jsx): the frame URL's
``locale`` picks the catalog, the Dashboard's ``localeChanged`` event switches it, and a
language without a catalog reads English with its own numbers and money."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import open_page, store_with_orders_in_two_currencies
from tests.fixtures.api import dashboard_token
from tests.fixtures.checkouts import make_store

pytestmark = pytest.mark.browser


def revenue_rows(frame) -> list[str]:
    """Returns the revenue card's totals, one "<money> <orders>" a currency, spaces plain."""
    rows = frame.get_by_test_id("revenue-total")
    return [" ".join(text.split()) for text in rows.all_inner_texts()]


def test_opened_in_russian_the_app_page_speaks_russian(transactional_db, live_server, browser,
                                                       dashboard_host, fake_saleor):
    # given
    store, _ = store_with_orders_in_two_currencies(fake_saleor)

    # when
    frame = open_page(browser, dashboard_host, live_server, store, dashboard_token(store),
                      locale="ru")

    # then: the tabs, the heading and the period in Russian
    expect(frame.get_by_test_id("tab-overview")).to_have_text("Обзор")
    expect(frame.get_by_test_id("tab-checkouts")).to_have_text("Брошенные корзины")
    expect(frame.locator("h1")).to_have_text("Возврат корзин")
    expect(frame.get_by_test_id("period").locator("option:checked")).to_have_text(
        "Последние 30 дней")
    # the money as Russian writes it, the orders counted with Russian plurals
    revenue = frame.get_by_test_id("recovered-revenue")
    expect(revenue).to_contain_text("Возвращённая выручка за последние 30 дней")
    expect(frame.get_by_test_id("revenue-total")).to_have_count(2)
    assert sorted(revenue_rows(frame)) == ["36,00 $ 1 заказ", "45,00 € 2 заказа"]
    expect(frame.get_by_test_id("revenue-chart")).to_have_attribute("aria-label", re.compile(
        r"^Возвращённая выручка в EUR по дням: \d+ \S+: 45,00\s€ \(2 заказа\)$"))
    # the funnel's steps and their templates
    expect(frame.get_by_test_id("funnel-step-row").first.locator("td").first).to_have_text(
        "Шаг 1: Первое напоминание")
    assert frame.locator("html").evaluate("html => html.lang") == "ru"
    browser.screenshot("overview-russian")
    assert len(browser.api_calls()) == 1


def test_the_dashboards_locale_event_switches_the_page_to_english_without_a_call(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given
    store, _ = store_with_orders_in_two_currencies(fake_saleor)
    frame = open_page(browser, dashboard_host, live_server, store, dashboard_token(store),
                      locale="ru")
    expect(frame.get_by_test_id("tab-overview")).to_have_text("Обзор")
    expect(frame.get_by_test_id("revenue-total")).to_have_count(2)

    # when
    browser.page.evaluate("window.changeLocale('en')")

    # then
    expect(frame.get_by_test_id("tab-overview")).to_have_text("Overview")
    expect(frame.get_by_test_id("tab-checkouts")).to_have_text("Abandoned checkouts")
    expect(frame.locator("h1")).to_have_text("Cart recovery")
    expect(frame.get_by_test_id("recovered-revenue")).to_contain_text(
        "Recovered revenue, last 30 days")
    assert sorted(revenue_rows(frame)) == ["$36.00 1 order", "€45.00 2 orders"]
    expect(frame.locator("html")).to_have_attribute("lang", "en")
    assert len(browser.api_calls()) == 1


def test_a_language_without_a_catalog_reads_english_with_its_own_numbers(
        transactional_db, live_server, browser, dashboard_host, fake_saleor):
    # given: German has no catalog
    store, _ = store_with_orders_in_two_currencies(fake_saleor)

    # when
    frame = open_page(browser, dashboard_host, live_server, store, dashboard_token(store),
                      locale="de")

    # then
    expect(frame.get_by_test_id("tab-overview")).to_have_text("Overview")
    expect(frame.get_by_test_id("period").locator("option:checked")).to_have_text(
        "Last 30 days")
    expect(frame.get_by_test_id("revenue-total")).to_have_count(2)
    assert sorted(revenue_rows(frame)) == ["36,00 $ 1 order", "45,00 € 2 orders"]
    expect(frame.get_by_test_id("revenue-chart")).to_have_attribute("aria-label", re.compile(
        r"^Recovered revenue in EUR per day: \d+\. \S+: 45,00\s€ \(2 orders\)$"))
    expect(frame.locator("html")).to_have_attribute("lang", "en")
    assert len(browser.api_calls()) == 1


def test_the_pages_own_words_about_a_failed_call_are_in_the_users_language(
        transactional_db, live_server, browser, dashboard_host):
    # given: the app answers the Overview with a proxy's error page
    store = make_store()
    browser.page.route("**/graphql/", lambda route: route.fulfill(
        status=502, body="Bad Gateway", content_type="text/html"))

    # when
    frame = open_page(browser, dashboard_host, live_server, store, dashboard_token(store),
                      locale="ru")

    # then
    expect(frame.get_by_test_id("access-problem")).to_contain_text(
        "Приложение ответило 502 без JSON.")
