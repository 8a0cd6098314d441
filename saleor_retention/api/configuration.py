"""Configuration: what staff set up (store settings; chains, steps, policies and templates
are added next to these)."""

from __future__ import annotations

import graphene

from saleor_retention.api.base import staff
from saleor_retention.stores.services import settings_for


class StoreSettingsType(graphene.ObjectType):
    """A store's sending policy, sender and storefront addresses."""

    class Meta:
        name = "RetentionSettings"

    sender_email = graphene.String(required=True, description="The From address of reminders.")
    shop_name = graphene.String(required=True, description="The shop's name in emails.")
    quiet_hours_enabled = graphene.Boolean(required=True,
                                           description="Whether reminders wait for the day.")
    frequency_cap_hours = graphene.Float(
        required=True, description="At most one reminder per address in this many hours.")
    marketing_consent_required = graphene.Boolean(
        required=True, description="Whether shoppers without consent get only the first step.")

    @staticmethod
    def resolve_frequency_cap_hours(settings, info):
        return settings.frequency_cap.total_seconds() / 3600


class ConfigurationQueries(graphene.ObjectType):
    retention_settings = graphene.Field(
        StoreSettingsType, required=True,
        description="The calling store's settings. Requires MANAGE_CHECKOUTS.")

    @staticmethod
    def resolve_retention_settings(root, info):
        return settings_for(staff(info).installation)


class ConfigurationMutations(graphene.ObjectType):
    pass
