"""What a new installation starts with: the "Forgotten cart" chain of the case studies
(1 h with the items, the next day, then the second day with a discount)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Min

from saleor_retention.chains.models import Chain, ChainStep
from saleor_retention.discounts.models import DiscountPolicy
from saleor_retention.installations.models import Installation
from saleor_retention.stores.models import StoreSettings
from saleor_retention.stores.services import forget_cached_settings, settings_for

DEFAULT_CHAIN_NAME = "Forgotten cart"
DEFAULT_ABANDON_AFTER = timedelta(minutes=60)


def ensure_default_chain(installation: Installation) -> Chain | None:
    """Creates the default chain for an installation that has no chain yet; returns it, or
    None when the store already has chains (a reinstall keeps the owner's work)."""
    with transaction.atomic():
        settings_for(installation)
        StoreSettings.objects.select_for_update().filter(installation=installation).first()
        if installation.chains.exists():
            return None
        policy = DiscountPolicy.objects.create(
            installation=installation, name="10% for 24 hours",
            kind=DiscountPolicy.Kind.PERCENTAGE, value=Decimal("10"),
            validity=timedelta(hours=24))
        chain = Chain.objects.create(installation=installation, name=DEFAULT_CHAIN_NAME,
                                     priority=100, abandon_after=DEFAULT_ABANDON_AFTER)
        ChainStep.objects.bulk_create([
            ChainStep(chain=chain, position=1, delay=timedelta(hours=1),
                      template=ChainStep.Template.FIRST_REMINDER),
            ChainStep(chain=chain, position=2, delay=timedelta(hours=24),
                      template=ChainStep.Template.FOLLOW_UP),
            ChainStep(chain=chain, position=3, delay=timedelta(hours=48),
                      template=ChainStep.Template.LAST_CHANCE, discount_policy=policy),
        ])
    refresh_earliest_abandonment(installation)
    return chain


def refresh_earliest_abandonment(installation: Installation) -> None:
    """Stores the shortest idle threshold of the enabled chains, which the webhook path uses
    to plan each checkout's first abandonment check. Call after any chain change."""
    shortest = installation.chains.filter(is_enabled=True).aggregate(
        shortest=Min("abandon_after"))["shortest"]
    StoreSettings.objects.filter(installation=installation).update(
        earliest_abandonment=shortest or DEFAULT_ABANDON_AFTER)
    forget_cached_settings(installation)
