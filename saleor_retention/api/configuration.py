"""Configuration: what staff set up for their store (settings, chains and their steps,
discount policies, email templates), composed from one module per concern:

- ``configuration_settings``: the store's settings;
- ``configuration_chains`` and ``configuration_steps``: chains and their steps (every
  change re-plans pending reminders);
- ``configuration_discounts``: discount policies (changes need MANAGE_DISCOUNTS);
- ``configuration_templates``: email templates, previews and test emails.

Reading needs MANAGE_CHECKOUTS. Every operation sees only the caller's store: an id of
another store's row answers NOT_FOUND."""

from __future__ import annotations

import graphene

from saleor_retention.api.configuration_chains import ChainMutations, ChainQueries
from saleor_retention.api.configuration_discounts import DiscountMutations, DiscountQueries
from saleor_retention.api.configuration_settings import SettingsMutations, SettingsQueries
from saleor_retention.api.configuration_steps import StepMutations
from saleor_retention.api.configuration_templates import TemplateMutations, TemplateQueries


class ConfigurationQueries(SettingsQueries, ChainQueries, DiscountQueries, TemplateQueries,
                           graphene.ObjectType):
    pass


class ConfigurationMutations(SettingsMutations, ChainMutations, StepMutations,
                             DiscountMutations, TemplateMutations, graphene.ObjectType):
    pass
