"""The Saleor calls behind discount codes, each one document from ``graphql/saleor/``.

Failures follow the app's classes (``saleor.errors``): SaleorUnavailable to retry,
SaleorRejected to record. A mutation's own ``errors`` list is a rejection too, except
ALREADY_EXISTS on codes, which the caller answers by drawing new codes."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from saleor_retention.discounts.models import DiscountPolicy, DiscountVoucher
from saleor_retention.installations.models import Installation
from saleor_retention.saleor.client import SaleorClient
from saleor_retention.saleor.errors import SaleorRejected

# voucherCodeBulkDelete takes ids in one call; this many keep a call small.
DELETE_BATCH = 100
_channels: dict[tuple[int, str], tuple[str, str]] = {}


class CodesAlreadyExist(SaleorRejected):
    """Some codes of a batch exist elsewhere in Saleor (``codes``); none was added."""

    def __init__(self, codes: list[str]):
        super().__init__(f"{len(codes)} code(s) already exist in Saleor.", ("ALREADY_EXISTS",))
        self.codes = codes


def client_for(installation: Installation) -> SaleorClient:
    return SaleorClient(installation.saleor_api_url, installation.token)


def _payload(data: dict, field: str) -> dict:
    """Returns the mutation's payload; raises on its ``errors``."""
    payload = data.get(field) or {}
    errors = payload.get("errors") or []
    clashing = [code for error in errors if error.get("code") == "ALREADY_EXISTS"
                for code in error.get("voucherCodes") or []]
    if clashing:
        raise CodesAlreadyExist(clashing)
    if errors:
        raise SaleorRejected("; ".join(f"{error.get('field') or error.get('path')}: "
                                       f"{error.get('code')} {error.get('message')}"
                                       for error in errors),
                             tuple(str(error.get("code")) for error in errors))
    return payload


def _code_ids(voucher: dict | None) -> dict[str, str]:
    edges = (((voucher or {}).get("codes") or {}).get("edges")) or []
    return {edge["node"]["code"]: edge["node"]["id"] for edge in edges if edge.get("node")}


def channel_of(installation: Installation, slug: str) -> tuple[str, str]:
    """Returns (Saleor id, currency) of the channel ``slug``; kept per process (they never
    change). Raises SaleorRejected for a channel Saleor does not have."""
    key = (installation.pk, slug)
    if key not in _channels:
        data = client_for(installation).execute("queries/channels")
        for channel in data.get("channels") or []:
            _channels[(installation.pk, channel["slug"])] = (channel["id"],
                                                            channel["currencyCode"])
    if key not in _channels:
        raise SaleorRejected(f"Saleor has no channel {slug!r}.")
    return _channels[key]


def _amount(value: object) -> float:
    return float(Decimal(str(value)))


def create_voucher(installation: Installation, voucher: DiscountVoucher,
                   policy: DiscountPolicy, codes: list[str]) -> tuple[str, dict[str, str]]:
    """Creates the voucher with its first codes and its channel listing; returns (voucher id,
    {code: code id}). Raises CodesAlreadyExist, SaleorUnavailable or SaleorRejected."""
    specific = bool(policy.product_ids or policy.category_ids)
    voucher_input = {
        "name": f"saleor-retention: {policy.name} ({voucher.channel_slug}, "
                f"{voucher.bucket_start:%Y-%m-%d %H:%M})"[:255],
        "type": "SPECIFIC_PRODUCT" if specific else "ENTIRE_ORDER",
        "discountValueType": "PERCENTAGE" if policy.kind == policy.Kind.PERCENTAGE else "FIXED",
        "singleUse": True,
        "applyOncePerCustomer": policy.once_per_customer,
        "startDate": voucher.bucket_start.isoformat(),
        "endDate": voucher.ends_at.isoformat(),
        "addCodes": codes,
    }
    if specific:
        voucher_input["products"] = list(policy.product_ids)
        voucher_input["categories"] = list(policy.category_ids)
    # Looked up first: an unknown channel must not leave a voucher behind in Saleor.
    listed_channel, currency = channel_of(installation, voucher.channel_slug)
    client = client_for(installation)
    payload = _payload(client.execute("mutations/voucher_create", {"input": voucher_input}),
                       "voucherCreate")
    voucher_id = payload["voucher"]["id"]
    values = policy.terms_in(voucher.channel_slug, currency)
    listing = {"channelId": listed_channel, "discountValue": _amount(values["value"])}
    if values.get("minimum_spend") is not None:
        listing["minAmountSpent"] = _amount(values["minimum_spend"])
    _payload(client.execute("mutations/voucher_channel_listing_update",
                            {"id": voucher_id, "input": {"addChannels": [listing]}}),
             "voucherChannelListingUpdate")
    return voucher_id, _code_ids(payload["voucher"])


def add_codes(installation: Installation, voucher_id: str, codes: list[str]) -> dict[str, str]:
    """Adds ``codes`` to the voucher; returns {code: code id} for those the answer listed.
    Raises CodesAlreadyExist (nothing added), SaleorUnavailable or SaleorRejected."""
    payload = _payload(client_for(installation).execute(
        "mutations/voucher_add_codes", {"id": voucher_id, "codes": codes}), "voucherUpdate")
    return _code_ids(payload["voucher"])


def find_code_ids(installation: Installation, voucher_id: str,
                  codes: Iterable[str]) -> dict[str, str]:
    """Pages through the voucher's codes for the ids of ``codes``."""
    wanted, found, after = set(codes), {}, None
    client = client_for(installation)
    while wanted - found.keys():
        data = client.execute("queries/voucher_codes", {"id": voucher_id, "after": after})
        connection = ((data.get("voucher") or {}).get("codes")) or {}
        found.update({code: code_id for code, code_id in _code_ids(data.get("voucher")).items()
                      if code in wanted})
        page = connection.get("pageInfo") or {}
        if not page.get("hasNextPage"):
            break
        after = page.get("endCursor")
    return found


def delete_codes(installation: Installation, code_ids: list[str]) -> int:
    """Deletes codes by id in batches; returns how many Saleor still had."""
    client, deleted = client_for(installation), 0
    for start in range(0, len(code_ids), DELETE_BATCH):
        payload = _payload(client.execute("mutations/voucher_code_bulk_delete",
                                          {"ids": code_ids[start:start + DELETE_BATCH]}),
                           "voucherCodeBulkDelete")
        deleted += int(payload.get("count") or 0)
    return deleted


def delete_voucher(installation: Installation, voucher_id: str) -> None:
    """Deletes the voucher; one Saleor no longer has counts as deleted."""
    try:
        _payload(client_for(installation).execute("mutations/voucher_delete", {"id": voucher_id}),
                 "voucherDelete")
    except SaleorRejected as exc:
        if "NOT_FOUND" not in exc.codes:
            raise
