"""What the engine needs from a subject, whatever its kind.

A subject kind (``checkout`` today) registers a loader that, for a run, returns a
``Subject``: it says whether a reminder may go now (its own reasons: bought, emptied, shopper
active) and what the message shows. The engine never reads checkout fields itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from importlib import import_module
from typing import Protocol

from saleor_retention.chains.models import ChainRun


@dataclass(frozen=True)
class Verdict:
    """May the reminder go now? Exactly one of: send, skip (for good), postpone (until)."""

    skip_reason: str = ""
    postpone_until: datetime | None = None

    @property
    def may_send(self) -> bool:
        return not self.skip_reason and self.postpone_until is None


SEND = Verdict()


def skip(reason: str) -> Verdict:
    return Verdict(skip_reason=reason)


def postpone(until: datetime) -> Verdict:
    return Verdict(postpone_until=until)


@dataclass(frozen=True)
class MessageLine:
    product_name: str
    variant_name: str
    thumbnail_url: str
    quantity: int
    unit_price: Decimal
    total_price: Decimal


@dataclass(frozen=True)
class MessageDiscount:
    code: str
    kind: str  # DiscountPolicy.Kind: "percentage" or "fixed"
    value: Decimal
    expires_at: datetime


@dataclass(frozen=True)
class MessageContent:
    first_name: str
    language: str  # Saleor's LanguageCodeEnum value, e.g. "EN_US"
    currency: str
    total: Decimal
    link_url: str
    lines: tuple[MessageLine, ...] = field(default_factory=tuple)
    channel_slug: str = ""
    last_name: str = ""
    discount: MessageDiscount | None = None


class Subject(Protocol):
    email: str
    countries: tuple[str, ...]  # for the shopper's time zone, most specific first
    marketing_consent: bool | None  # None: the subject does not say

    def verdict(self, now: datetime) -> Verdict: ...

    def content(self) -> MessageContent: ...


# kind → "module:function" of its loader; imported on first use to keep rooms independent.
LOADERS = {ChainRun.SubjectKind.CHECKOUT: "saleor_retention.checkouts.subject:load_subject"}


def load_subject(run: ChainRun, now: datetime) -> Subject | None:
    """Returns the run's subject, or None when it no longer exists in the app."""
    module_name, function_name = LOADERS[run.subject_kind].split(":")
    loader: Callable[[ChainRun, datetime], Subject | None] = getattr(
        import_module(module_name), function_name)
    return loader(run, now)
