"""A store that requires marketing consent: without it, only the first reminder, no code."""

from datetime import timedelta

import pytest
from django.core import mail

from saleor_retention.chains.models import Reminder
from saleor_retention.checkouts.models import CheckoutSnapshot
from tests.fixtures.checkouts import T0, checkout_node, make_store, run_engine, track

HOURS = (1, 24, 48)


def walk_the_chain(store, **checkout):
    track(store, checkout_node(1, **checkout))
    for hour in HOURS:
        run_engine(T0 + timedelta(hours=hour))


def states() -> list[tuple[str, str]]:
    return list(Reminder.objects.order_by("position").values_list("state", "reason"))


@pytest.mark.parametrize("metadata", [None, {"marketing_consent": "false"},
                                      {"other_key": "true"}])
def test_without_consent_only_the_first_reminder_goes(db, metadata):
    # given
    store = make_store(marketing_consent_required=True)

    # when
    walk_the_chain(store, metadata=metadata)

    # then
    assert len(mail.outbox) == 1
    assert states() == [("sent", ""), ("skipped", "no_marketing_consent"),
                        ("skipped", "no_marketing_consent")]


@pytest.mark.parametrize("value", ["true", "Yes", "1", "granted"])
def test_with_consent_in_the_checkout_metadata_the_whole_chain_goes(db, value):
    # given
    store = make_store(marketing_consent_required=True, marketing_consent_key="newsletter")

    # when
    walk_the_chain(store, metadata={"newsletter": value})

    # then
    assert len(mail.outbox) == 3
    assert CheckoutSnapshot.objects.get().marketing_consent is True


def test_consent_on_the_customer_counts_too(db):
    # given: the customer's own metadata carries it (Saleor's user.metadata)
    store = make_store(marketing_consent_required=True)
    node = checkout_node(1, first_name="Ada")
    node["user"]["metadata"] = [{"key": "marketing_consent", "value": "true"}]

    # when
    track(store, node)
    for hour in HOURS:
        run_engine(T0 + timedelta(hours=hour))

    # then
    assert len(mail.outbox) == 3


def test_a_store_that_does_not_require_consent_sends_the_whole_chain(db):
    # given
    store = make_store()

    # when
    walk_the_chain(store, metadata={"marketing_consent": "false"})

    # then
    assert len(mail.outbox) == 3
    assert CheckoutSnapshot.objects.get().marketing_consent is False
