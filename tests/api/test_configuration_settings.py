"""A store's settings through the API: every field shown, checked before it is saved, and
seen at once by the webhook path's cache."""

from datetime import time, timedelta

import pytest

from saleor_retention.discounts.models import DiscountPolicy
from saleor_retention.installations.lookup import active_installation
from saleor_retention.stores.models import StoreSettings
from tests.fixtures.api import graphql, staff_headers
from tests.fixtures.checkouts import make_store

SETTINGS = ("senderEmail channelSenders shopName logoUrl contactEmail contactPhone "
            "contactAddress quietHoursEnabled quietHoursStart quietHoursEnd defaultTimeZone "
            "frequencyCapHours marketingConsentRequired marketingConsentKey "
            "storefrontCheckoutUrls maxIdleDays")
UPDATE = ("mutation($input: RetentionSettingsInput!) { retentionSettingsUpdate(input: $input) "
          f"{{ errors {{ field code message }} settings {{ {SETTINGS} }} }} }}")
CHANGES = {
    "senderEmail": ' "Shop, Inc" <shop@example.com> ',
    "channelSenders": '{"de": "Laden <laden@example.de>"}',
    "shopName": "Shop", "logoUrl": "https://cdn.example.com/logo.png",
    "contactEmail": "help@example.com", "contactPhone": "+49 30 1234",
    "contactAddress": "Alexanderplatz 1, Berlin", "quietHoursEnabled": False,
    "quietHoursStart": "22:30:00", "quietHoursEnd": "07:00:00",
    "defaultTimeZone": "Europe/Berlin", "frequencyCapHours": 24.5,
    "marketingConsentRequired": True, "marketingConsentKey": "newsletter",
    "storefrontCheckoutUrls": '{"*": "http://shop.example.com/checkout", '
                              '"de": "https://shop.de/kasse?id={checkout_id}&t={token}"}',
    "maxIdleDays": 14,
}


def test_every_setting_is_changed_and_shown(db, client):
    # given
    store = make_store()

    # when
    answer = graphql(client, UPDATE, {"input": CHANGES}, **staff_headers(store))

    # then
    assert answer == {"data": {"retentionSettingsUpdate": {"errors": [], "settings": {
        **CHANGES, "senderEmail": '"Shop, Inc" <shop@example.com>'}}}}
    settings = StoreSettings.objects.get(installation=store)
    assert (settings.quiet_hours_start, settings.frequency_cap, settings.max_idle) == (
        time(22, 30), timedelta(hours=24.5), timedelta(days=14))
    assert graphql(client, f"{{ retentionSettings {{ {SETTINGS} }} }}",
                   **staff_headers(store)) == {"data": {"retentionSettings": {
                       **CHANGES, "senderEmail": '"Shop, Inc" <shop@example.com>'}}}


def test_settings_left_out_stay_and_the_webhook_path_sees_the_change_at_once(db, client):
    # given: the web process has the store cached with its settings
    store = make_store(sender_email="shop@example.com")
    cached = active_installation(store.saleor_api_url)
    assert cached.store_settings.frequency_cap == timedelta(hours=16)

    # when
    answer = graphql(client, UPDATE, {"input": {"frequencyCapHours": 0}}, **staff_headers(store))

    # then
    assert answer["data"]["retentionSettingsUpdate"]["settings"]["senderEmail"] == (
        "shop@example.com")
    fresh = active_installation(store.saleor_api_url)
    assert fresh is not cached
    assert fresh.store_settings.frequency_cap == timedelta(0)


@pytest.mark.parametrize("change, errors", [
    ({"senderEmail": "shop at example.com"}, [
        {"field": "senderEmail", "code": "INVALID",
         "message": "'shop at example.com' is not one email address."}]),
    ({"senderEmail": "a@example.com, b@example.com"}, [
        {"field": "senderEmail", "code": "INVALID",
         "message": "'a@example.com, b@example.com' is not one email address."}]),
    ({"senderEmail": "Shop <shop@example.com>\nBcc: x@example.com"}, [
        {"field": "senderEmail", "code": "INVALID",
         "message": "'Shop <shop@example.com>\\nBcc: x@example.com' is not one email "
                    "address."}]),
    ({"channelSenders": '{"de": "nobody"}'}, [
        {"field": "channelSenders", "code": "INVALID",
         "message": 'Give {"<channel slug>": "Shop <shop@example.com>"}.'}]),
    ({"defaultTimeZone": "Europe/Atlantis"}, [
        {"field": "defaultTimeZone", "code": "INVALID",
         "message": "'Europe/Atlantis' is not an IANA time zone such as \"Europe/Berlin\"."}]),
    ({"frequencyCapHours": 721}, [
        {"field": "frequencyCapHours", "code": "INVALID", "message": "Give 0 to 720 hours."}]),
    ({"frequencyCapHours": -1, "maxIdleDays": 0}, [
        {"field": "frequencyCapHours", "code": "INVALID", "message": "Give 0 to 720 hours."},
        {"field": "maxIdleDays", "code": "INVALID", "message": "Give 1 to 90 days."}]),
    ({"storefrontCheckoutUrls": '{"*": "javascript:alert(1)//{checkout_id}"}'}, [
        {"field": "storefrontCheckoutUrls", "code": "INVALID",
         "message": "'*': must be an http or https URL."}]),
    ({"storefrontCheckoutUrls": '{"*": "https://shop.example.com/c/{id}"}'}, [
        {"field": "storefrontCheckoutUrls", "code": "INVALID",
         "message": "'*': unknown placeholder {id}; use {checkout_id} and {token}."}]),
    ({"storefrontCheckoutUrls": '{"eu": "https://shop.example.com/c/{checkout_id"}'}, [
        {"field": "storefrontCheckoutUrls", "code": "INVALID",
         "message": "'eu': a brace without its pair; the placeholders are {checkout_id} "
                    "and {token}."}]),
    ({"storefrontCheckoutUrls": '["https://shop.example.com"]'}, [
        {"field": "storefrontCheckoutUrls", "code": "INVALID",
         "message": 'Give {"<channel slug>" or "*": "https://…{checkout_id}"}.'}]),
    ({"logoUrl": "ftp://cdn.example.com/logo.png", "contactEmail": "help"}, [
        {"field": "logoUrl", "code": "INVALID",
         "message": "Give an http or https URL of at most 500 characters."},
        {"field": "contactEmail", "code": "INVALID",
         "message": "'help' is not an email address."}]),
    ({"marketingConsentKey": " ", "shopName": "S" * 201}, [
        {"field": "shopName", "code": "INVALID", "message": "Give at most 200 characters."},
        {"field": "marketingConsentKey", "code": "INVALID",
         "message": "Give 1 to 128 characters."}]),
    ({"quietHoursStart": "22:00:00+02:00"}, [
        {"field": "quietHoursStart", "code": "INVALID",
         "message": "Give the shopper's local time, no offset."}]),
    ({"quietHoursEnabled": None}, [
        {"field": "quietHoursEnabled", "code": "REQUIRED",
         "message": "Give a value or leave it out."}]),
])
def test_bad_settings_are_refused_and_nothing_is_saved(db, client, change, errors):
    # given
    store = make_store()
    before = list(StoreSettings.objects.values())

    # when
    answer = graphql(client, UPDATE, {"input": {"shopName": "Changed", **change}},
                     **staff_headers(store))

    # then
    assert answer == {"data": {"retentionSettingsUpdate": {"errors": errors, "settings": None}}}
    assert list(StoreSettings.objects.values()) == before


def test_empty_sender_and_links_fall_back_to_the_defaults(db, client):
    # given
    store = make_store(sender_email="shop@example.com", logo_url="https://cdn.example.com/l.png")

    # when
    answer = graphql(client, UPDATE, {"input": {"senderEmail": "", "logoUrl": "",
                                                "storefrontCheckoutUrls": "{}"}},
                     **staff_headers(store))

    # then
    settings = answer["data"]["retentionSettingsUpdate"]["settings"]
    assert (settings["senderEmail"], settings["logoUrl"], settings["storefrontCheckoutUrls"]) == (
        "", "", "{}")


def test_the_exit_offer_and_welcome_policies_are_chosen_among_the_stores_own(db, client):
    # given
    store, other = make_store(), make_store()
    mine = DiscountPolicy.objects.create(installation=store, name="Exit", value=5)
    theirs = DiscountPolicy.objects.create(installation=other, name="Theirs", value=5)
    update = """mutation($input: RetentionSettingsInput!) { retentionSettingsUpdate(input: $input) {
        settings { exitOfferPolicyId welcomeDiscountPolicyId } errors { field code } } }"""

    # when
    chosen = graphql(client, update, {"input": {"exitOfferPolicyId": str(mine.pk),
                                                "welcomeDiscountPolicyId": str(mine.pk)}},
                     **staff_headers(store))
    foreign = graphql(client, update, {"input": {"exitOfferPolicyId": str(theirs.pk)}},
                      **staff_headers(store))

    # then
    assert chosen["data"]["retentionSettingsUpdate"] == {"settings": {
        "exitOfferPolicyId": str(mine.pk), "welcomeDiscountPolicyId": str(mine.pk)},
        "errors": []}
    assert foreign["data"]["retentionSettingsUpdate"]["errors"] == [
        {"field": "exitOfferPolicyId", "code": "NOT_FOUND"}]
