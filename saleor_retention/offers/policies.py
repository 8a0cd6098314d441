"""Which discount policy each storefront offer uses, as the store chose in its settings."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from saleor_retention.discounts.models import DiscountPolicy
from saleor_retention.installations.models import Installation
from saleor_retention.stores.models import StoreSettings
from saleor_retention.stores.services import forget_cached_settings, settings_for

DEFAULT_EXIT_OFFER_NAME = "Exit offer: 10% for 1 hour"
DEFAULT_EXIT_OFFER_VALUE = Decimal("10")
# The case study's popup: a discount "that expires in 1 hour", to finish the order now.
DEFAULT_EXIT_OFFER_VALIDITY = timedelta(hours=1)


def _policy(installation: Installation, policy_id: int | None) -> DiscountPolicy | None:
    if policy_id is None:
        return None
    return DiscountPolicy.objects.filter(pk=policy_id, installation=installation).first()


def exit_offer_policy(installation: Installation) -> DiscountPolicy:
    """Returns the store's exit-offer policy; a store that chose none gets the default one,
    created and chosen on the first call (one per store, even when calls race)."""
    chosen = _policy(installation, settings_for(installation).exit_offer_policy_id)
    if chosen is not None:
        return chosen
    with transaction.atomic():
        # Settings are cached per process for seconds: the locked row is the truth.
        store = StoreSettings.objects.select_for_update().get(installation=installation)
        chosen = _policy(installation, store.exit_offer_policy_id)
        if chosen is None:
            chosen = DiscountPolicy.objects.create(
                installation=installation, name=DEFAULT_EXIT_OFFER_NAME,
                kind=DiscountPolicy.Kind.PERCENTAGE, value=DEFAULT_EXIT_OFFER_VALUE,
                validity=DEFAULT_EXIT_OFFER_VALIDITY)
            store.exit_offer_policy = chosen
            store.save(update_fields=["exit_offer_policy"])
    forget_cached_settings(installation)
    return chosen


def welcome_policy(installation: Installation) -> DiscountPolicy | None:
    """Returns the policy of the code for leaving an email, or None: the store gives none."""
    return _policy(installation, settings_for(installation).welcome_discount_policy_id)
