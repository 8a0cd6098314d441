"""A store's settings: sender, what the emails show of the shop, the sending policy (quiet
hours, frequency cap, consent) and the storefront's checkout addresses."""

from __future__ import annotations

import re
from datetime import timedelta
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import getaddresses
from functools import lru_cache
from zoneinfo import available_timezones

import graphene
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from saleor_retention.api.base import StaffMutation, staff
from saleor_retention.api.configuration_common import (
    MANAGE_CHECKOUTS,
    Problems,
)
from saleor_retention.discounts.models import DiscountPolicy
from saleor_retention.installations.lookup import forget_installation
from saleor_retention.stores.models import StoreSettings
from saleor_retention.stores.services import forget_cached_settings, settings_for

MAX_FREQUENCY_CAP_HOURS = 720  # 30 days: a longer cap means "one reminder, ever"
# Saleor deletes a checkout idle for 90 days; there is nothing to remind of after that.
MAX_IDLE_DAYS = 90
URL_PLACEHOLDERS = ("{checkout_id}", "{token}")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
WEB_URL = URLValidator(schemes=["http", "https"])
# Text settings, by input name: (model field, whether it must not be empty).
TEXT_FIELDS = {"shop_name": ("shop_name", False), "contact_phone": ("contact_phone", False),
               "contact_address": ("contact_address", False),
               "marketing_consent_key": ("marketing_consent_key", True)}


class StoreSettingsType(graphene.ObjectType):
    """A store's sending policy, sender and storefront addresses."""

    class Meta:
        name = "RetentionSettings"

    sender_email = graphene.String(required=True, description=(
        'The From address of reminders, with a name if any ("Shop <shop@example.com>"); '
        "empty: the app's default."))
    channel_senders = graphene.JSONString(required=True, description=(
        'A channel\'s own From address: {"<channel slug>": "Shop DE <hallo@shop.de>"}.'))
    shop_name = graphene.String(required=True, description="The shop's name in emails.")
    logo_url = graphene.String(required=True, description="The logo the emails show.")
    contact_email = graphene.String(required=True, description="The shop's contact address.")
    contact_phone = graphene.String(required=True, description="The shop's phone.")
    contact_address = graphene.String(required=True, description="The shop's postal address.")
    quiet_hours_enabled = graphene.Boolean(required=True,
                                           description="Whether reminders wait for the day.")
    quiet_hours_start = graphene.Time(required=True,
                                      description="When the shopper's night begins.")
    quiet_hours_end = graphene.Time(required=True, description="When it ends.")
    default_time_zone = graphene.String(required=True, description=(
        "The IANA zone of shoppers whose country is unknown."))
    frequency_cap_hours = graphene.Float(
        required=True, description="At most one reminder per address in this many hours.")
    marketing_consent_required = graphene.Boolean(
        required=True, description="Whether shoppers without consent get only the first step.")
    marketing_consent_key = graphene.String(required=True, description=(
        "The checkout or customer metadata key that holds a shopper's consent."))
    storefront_checkout_urls = graphene.JSONString(required=True, description=(
        'Where a shopper finishes a checkout, per channel slug or "*" for every channel: '
        '{"*": "https://shop.example.com/checkout?id={checkout_id}"}; the URL may contain '
        "{checkout_id} and {token}."))
    max_idle_days = graphene.Int(required=True, description=(
        "A checkout idle for longer gets no more reminders."))
    exit_offer_policy_id = graphene.ID(description=(
        "The discount policy of the storefront's exit-intent offer; null: the default "
        '"Exit offer: 10% for 1 hour", made on first use.'))
    welcome_discount_policy_id = graphene.ID(description=(
        "The discount policy of the code given for an email (captureEmail); null: none."))

    @staticmethod
    def resolve_frequency_cap_hours(settings, info):
        return settings.frequency_cap.total_seconds() / 3600

    @staticmethod
    def resolve_max_idle_days(settings, info):
        return settings.max_idle.days


class StoreSettingsInput(graphene.InputObjectType):
    """Settings to change; those left out stay as they are."""

    class Meta:
        name = "RetentionSettingsInput"

    sender_email = graphene.String(description="An address, with a name if any; empty: the "
                                               "app's default.")
    channel_senders = graphene.JSONString(description="See `RetentionSettings`.")
    shop_name = graphene.String(description="The shop's name in emails.")
    logo_url = graphene.String(description="An http(s) URL; empty: none.")
    contact_email = graphene.String(description="An address; empty: none.")
    contact_phone = graphene.String(description="A phone number; empty: none.")
    contact_address = graphene.String(description="A postal address; empty: none.")
    quiet_hours_enabled = graphene.Boolean(description="Whether reminders wait for the day.")
    quiet_hours_start = graphene.Time(description="When the shopper's night begins.")
    quiet_hours_end = graphene.Time(description="When it ends.")
    default_time_zone = graphene.String(description='An IANA zone such as "Europe/Berlin".')
    frequency_cap_hours = graphene.Float(description=f"0 to {MAX_FREQUENCY_CAP_HOURS}.")
    marketing_consent_required = graphene.Boolean(description="Whether consent is required.")
    marketing_consent_key = graphene.String(description="A metadata key.")
    storefront_checkout_urls = graphene.JSONString(description="See `RetentionSettings`.")
    max_idle_days = graphene.Int(description=f"1 to {MAX_IDLE_DAYS}.")
    exit_offer_policy_id = graphene.ID(description="A discount policy of the store; null: "
                                                   "the default.")
    welcome_discount_policy_id = graphene.ID(description="A discount policy of the store; "
                                                         "null: no welcome code.")


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def sender_address(value: str) -> str | None:
    """Returns one address with an optional display name, written out again, or None."""
    if "\n" in value or "\r" in value:
        return None
    addresses = getaddresses([value])
    if len(addresses) != 1 or not addresses[0][1]:
        return None
    name, address = addresses[0]
    try:
        validate_email(address)
        return str(Address(display_name=name, addr_spec=address))
    except (ValidationError, ValueError, HeaderParseError):
        return None


def checkout_url_problem(template: object) -> str:
    """Returns why ``template`` cannot be a storefront checkout URL, or ""."""
    if not isinstance(template, str):
        return "must be a URL"
    unknown = [found for found in PLACEHOLDER.findall(template) if found not in URL_PLACEHOLDERS]
    if unknown:
        return f"unknown placeholder {unknown[0]}; use {' and '.join(URL_PLACEHOLDERS)}"
    if set("{}") & set(PLACEHOLDER.sub("", template)):
        return f"a brace without its pair; the placeholders are {' and '.join(URL_PLACEHOLDERS)}"
    try:
        WEB_URL(template.replace("{checkout_id}", "id").replace("{token}", "token"))
    except ValidationError:
        return "must be an http or https URL"
    return ""


def _apply(settings: StoreSettings, data: dict, problems: Problems) -> None:
    def given(key: str, field: str) -> bool:
        if key in data and data[key] is None:
            problems.add(field, "required", "Give a value or leave it out.")
            return False
        return key in data

    if given("sender_email", "senderEmail"):
        value = data["sender_email"].strip()
        settings.sender_email = value and sender_address(value)
        if settings.sender_email is None:
            problems.add("senderEmail", "invalid", f"{value!r} is not one email address.")
    if given("channel_senders", "channelSenders"):
        senders = data["channel_senders"]
        if not isinstance(senders, dict) or not all(
                isinstance(slug, str) and slug.strip() and isinstance(sender, str)
                and sender_address(sender.strip()) for slug, sender in senders.items()):
            problems.add("channelSenders", "invalid",
                         'Give {"<channel slug>": "Shop <shop@example.com>"}.')
        else:
            settings.channel_senders = {slug.strip(): sender_address(sender.strip())
                                        for slug, sender in senders.items()}
    for key, (field, must_have) in TEXT_FIELDS.items():
        name = re.sub(r"_(\w)", lambda match: match[1].upper(), key)
        if given(key, name):
            value = data[key].strip()
            limit = StoreSettings._meta.get_field(field).max_length
            if len(value) > limit or (must_have and not value):
                problems.add(name, "invalid", f"Give 1 to {limit} characters."
                             if must_have else f"Give at most {limit} characters.")
            setattr(settings, field, value)
    if given("logo_url", "logoUrl"):
        settings.logo_url = data["logo_url"].strip()
        try:
            if settings.logo_url:
                WEB_URL(settings.logo_url)
            if len(settings.logo_url) > StoreSettings._meta.get_field("logo_url").max_length:
                raise ValidationError("too long")
        except ValidationError:
            problems.add("logoUrl", "invalid", "Give an http or https URL of at most 500 "
                                               "characters.")
    if given("contact_email", "contactEmail"):
        settings.contact_email = data["contact_email"].strip()
        try:
            if settings.contact_email:
                validate_email(settings.contact_email)
        except ValidationError:
            problems.add("contactEmail", "invalid",
                         f"{settings.contact_email!r} is not an email address.")
    for key, field in (("quiet_hours_enabled", "quietHoursEnabled"),
                       ("quiet_hours_start", "quietHoursStart"),
                       ("quiet_hours_end", "quietHoursEnd"),
                       ("marketing_consent_required", "marketingConsentRequired")):
        if given(key, field):
            if getattr(data[key], "tzinfo", None) is not None:
                problems.add(field, "invalid", "Give the shopper's local time, no offset.")
            setattr(settings, key, data[key])
    if given("default_time_zone", "defaultTimeZone"):
        settings.default_time_zone = data["default_time_zone"].strip()
        if settings.default_time_zone not in _time_zones():
            problems.add("defaultTimeZone", "invalid", f"{settings.default_time_zone!r} is not "
                         'an IANA time zone such as "Europe/Berlin".')
    if given("frequency_cap_hours", "frequencyCapHours"):
        hours = data["frequency_cap_hours"]
        if not 0 <= hours <= MAX_FREQUENCY_CAP_HOURS:
            problems.add("frequencyCapHours", "invalid",
                         f"Give 0 to {MAX_FREQUENCY_CAP_HOURS} hours.")
        else:
            settings.frequency_cap = timedelta(hours=hours)
    if given("storefront_checkout_urls", "storefrontCheckoutUrls"):
        urls = data["storefront_checkout_urls"]
        if not isinstance(urls, dict):
            problems.add("storefrontCheckoutUrls", "invalid",
                         'Give {"<channel slug>" or "*": "https://…{checkout_id}"}.')
        else:
            for slug, template in urls.items():
                problem = checkout_url_problem(template) or (
                    "" if slug.strip() else "the channel slug is empty")
                if problem:
                    problems.add("storefrontCheckoutUrls", "invalid", f"{slug!r}: {problem}.")
            settings.storefront_checkout_urls = {slug.strip(): template.strip()
                                                 for slug, template in urls.items()
                                                 if isinstance(template, str)}
    for key, field in (("exit_offer_policy_id", "exitOfferPolicyId"),
                       ("welcome_discount_policy_id", "welcomeDiscountPolicyId")):
        if key in data:
            policy_id = data[key]
            if policy_id is not None and not DiscountPolicy.objects.filter(
                    installation_id=settings.installation_id,
                    pk=int(policy_id) if str(policy_id).isdecimal() else None).exists():
                problems.add(field, "not_found", f"No discount policy {policy_id!r} here.")
            else:
                setattr(settings, key, None if policy_id is None else int(policy_id))
    if given("max_idle_days", "maxIdleDays"):
        if not 1 <= data["max_idle_days"] <= MAX_IDLE_DAYS:
            problems.add("maxIdleDays", "invalid", f"Give 1 to {MAX_IDLE_DAYS} days.")
        else:
            settings.max_idle = timedelta(days=data["max_idle_days"])


def _values(settings: StoreSettings) -> dict:
    return {field.name: getattr(settings, field.attname) for field in StoreSettings._meta.fields
            if not field.primary_key}


class StoreSettingsUpdate(StaffMutation):
    """Changes the store's settings; fields left out stay as they are. Reminders already
    planned follow the new policy when they are due. Requires MANAGE_CHECKOUTS."""

    class Meta:
        name = "RetentionSettingsUpdate"

    class Arguments:
        input = StoreSettingsInput(required=True, description="The settings to change.")

    settings = graphene.Field(StoreSettingsType, description="The settings as they are now.")
    permissions = (MANAGE_CHECKOUTS,)

    @classmethod
    def perform(cls, info, caller, input):
        installation = caller.installation
        settings_for(installation)  # the row exists from here on
        settings = StoreSettings.objects.select_for_update().get(installation=installation)
        before = _values(settings)
        problems = Problems()
        _apply(settings, input, problems)
        problems.raise_any()
        after = _values(settings)
        # Only what changed: beat tasks update other columns of this row.
        settings.save(update_fields=[name for name in after if after[name] != before[name]])
        forget_cached_settings(installation)
        # The webhook path caches installations with their settings.
        forget_installation(installation.saleor_api_url)
        return {"settings": settings}


class SettingsQueries(graphene.ObjectType):
    retention_settings = graphene.Field(
        StoreSettingsType, required=True,
        description="The calling store's settings. Requires MANAGE_CHECKOUTS.")

    @staticmethod
    def resolve_retention_settings(root, info):
        return settings_for(staff(info, MANAGE_CHECKOUTS).installation)


class SettingsMutations(graphene.ObjectType):
    retention_settings_update = StoreSettingsUpdate.Field(
        description="Changes the store's settings.")
