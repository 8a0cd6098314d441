"""Whether a shopper bought before: asked of Saleor once per checkout, only when a chain's
conditions care, and remembered on the snapshot."""

from __future__ import annotations

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.saleor.client import SaleorClient


def is_returning_customer(snapshot: CheckoutSnapshot) -> bool:
    """Returns True when Saleor has an order by the checkout's email (guest orders count).

    Raises SaleorUnavailable or SaleorRejected; the caller looks again later."""
    if snapshot.is_returning_customer is not None:
        return snapshot.is_returning_customer
    installation = snapshot.installation
    data = SaleorClient(installation.saleor_api_url, installation.token).execute(
        "queries/customer_order_count", {"email": snapshot.email})
    returning = bool(((data.get("orders") or {}).get("totalCount") or 0) > 0)
    CheckoutSnapshot.objects.filter(pk=snapshot.pk).update(is_returning_customer=returning)
    snapshot.is_returning_customer = returning
    return returning
