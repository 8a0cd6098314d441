"""Codes in Saleor: issued in batches, held once, deleted at expiry, redeemed by orders."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail

from saleor_retention.chains.models import ChainRun, RecoveredOrder, Reminder
from saleor_retention.checkouts.conversion import PlacedOrder, record_order
from saleor_retention.discounts import issuing
from saleor_retention.discounts.expiry import clean_up, expire_codes
from saleor_retention.discounts.issuing import hold_code
from saleor_retention.discounts.models import DiscountCode, DiscountPolicy, DiscountVoucher
from saleor_retention.saleor.errors import SaleorRejected
from tests.fixtures.checkouts import T0, checkout_id, checkout_node, make_store, run_engine, track

HOUR = timedelta(hours=1)


def store_on(saleor, **settings):
    saleor.now = T0
    return make_store(saleor=saleor, **settings)


def policy_of(store) -> DiscountPolicy:
    return DiscountPolicy.objects.get(installation=store)


def saleor_codes(saleor) -> set[str]:
    return {code["code"] for voucher in saleor.vouchers.values() for code in voucher["codes"]}


def test_issuing_1000_codes_takes_one_saleor_call_per_45_codes(db, fake_saleor):
    # given
    store = store_on(fake_saleor)
    policy = policy_of(store)

    # when
    codes = [hold_code(store, policy, "default-channel", f"reminder:{number}", T0)
             for number in range(1000)]

    # then
    assert Counter(fake_saleor.root_fields()) == {
        "channels": 1, "voucherCreate": 1, "voucherChannelListingUpdate": 1,
        "voucherUpdate": 19}
    assert len({code.code for code in codes}) == 1000
    assert {code.code for code in codes} == saleor_codes(fake_saleor)
    assert all(code.saleor_id == fake_saleor.code(code.code)["id"] for code in codes)
    voucher = fake_saleor.vouchers[DiscountVoucher.objects.get().saleor_id]
    assert (voucher["singleUse"], voucher["endDate"]) == (True, "2026-11-17T16:00:00+00:00")
    assert [(listing["channel"]["slug"], listing["discountValue"])
            for listing in voucher["channelListings"]] == [("default-channel", 10.0)]
    assert {code.expires_at for code in codes} == {T0 + timedelta(hours=24)}


def test_a_code_is_easy_to_type_and_unguessable():
    # given / when
    codes = {issuing.new_code() for _ in range(2000)}

    # then
    assert len(codes) == 2000
    assert all(len(code) == 9 and code[4] == "-" for code in codes)
    assert set("".join(codes).replace("-", "")) <= set(issuing.CODE_ALPHABET)
    assert not set("01IOLAEU") & set(issuing.CODE_ALPHABET)


def test_a_retried_send_never_gets_a_second_code(db, fake_saleor):
    # given: step 3 is claimed, its code held, then the worker dies before sending
    store = store_on(fake_saleor)
    track(store, checkout_node(1))
    for hour in (1, 24):
        run_engine(T0 + hour * HOUR)
    reminder = Reminder.objects.get(position=3)
    first = hold_code(store, policy_of(store), "default-channel", f"reminder:{reminder.pk}",
                      T0 + 47 * HOUR, reminder_id=reminder.pk)

    # when: the step falls due and is sent (twice asked, once held)
    fake_saleor.now = T0 + 48 * HOUR
    run_engine(T0 + 48 * HOUR)

    # then
    assert DiscountCode.objects.filter(holder=f"reminder:{reminder.pk}").count() == 1
    assert first.code in mail.outbox[-1].body
    assert Reminder.objects.get(pk=reminder.pk).state == "sent"


def test_the_code_is_recorded_before_the_email_that_shows_it(db, fake_saleor):
    # given
    store = store_on(fake_saleor)
    track(store, checkout_node(1))

    # when
    for hour in (1, 24, 48):
        fake_saleor.now = T0 + hour * HOUR
        run_engine(T0 + hour * HOUR)

    # then
    held = DiscountCode.objects.get(state="held")
    assert held.reminder == Reminder.objects.get(position=3)
    assert f"Your personal code for 10% off:\n\n{held.code}\n" in mail.outbox[2].body
    assert fake_saleor.code(held.code)["isActive"] is True


def test_codes_saleor_already_has_are_drawn_again(db, fake_saleor, monkeypatch):
    # given: the first two codes drawn exist already (a gift card, another app's voucher)
    store = store_on(fake_saleor)
    draws = iter(["GIFT-CARD", "TAKN-2222"] + [f"NEW{n:02d}-XYZ" for n in range(60)])
    monkeypatch.setattr(issuing, "new_code", lambda: next(draws))
    fake_saleor.taken_codes.update({"GIFT-CARD", "TAKN-2222"})

    # when
    code = hold_code(store, policy_of(store), "default-channel", "reminder:1", T0)

    # then
    stored = set(DiscountCode.objects.values_list("code", flat=True))
    assert len(stored) == 50
    assert not stored & {"GIFT-CARD", "TAKN-2222"}
    assert stored == saleor_codes(fake_saleor)
    assert code.code in stored
    assert fake_saleor.root_fields().count("voucherCreate") == 2  # refused, then accepted


def test_a_saleor_outage_postpones_the_step_and_it_goes_once_saleor_is_back(db, fake_saleor):
    # given
    store = store_on(fake_saleor)
    track(store, checkout_node(1))
    for hour in (1, 24):
        run_engine(T0 + hour * HOUR)
    fake_saleor.now = T0 + 48 * HOUR

    # when: Saleor answers 503 when step 3 needs its code
    fake_saleor.unavailable_for = 1
    run_engine(T0 + 48 * HOUR)
    postponed = Reminder.objects.get(position=3)
    run_engine(T0 + 48 * HOUR + timedelta(minutes=5))

    # then
    assert (postponed.state, postponed.due_at) == ("planned", T0 + 48 * HOUR + timedelta(minutes=5))
    assert len(mail.outbox) == 3
    assert DiscountCode.objects.get(state="held").code in mail.outbox[2].body


def test_a_saleor_refusal_is_recorded_and_nothing_is_sent(db, fake_saleor):
    # given: the app lost MANAGE_DISCOUNTS
    store = store_on(fake_saleor)
    track(store, checkout_node(1))
    for hour in (1, 24):
        run_engine(T0 + hour * HOUR)
    fake_saleor.now = T0 + 48 * HOUR

    # when
    fake_saleor.reject_next_with_status = 403
    run_engine(T0 + 48 * HOUR)

    # then
    reminder = Reminder.objects.get(position=3)
    assert reminder.state == "failed"
    assert reminder.reason == f"discount: Saleor at {store.saleor_api_url} answered HTTP 403."
    assert len(mail.outbox) == 2
    assert DiscountCode.objects.count() == 0


def test_an_expired_code_is_deleted_from_saleor_within_the_next_run(db, fake_saleor):
    # given
    store = store_on(fake_saleor)
    held = [hold_code(store, policy_of(store), "default-channel", f"reminder:{n}", T0)
            for n in range(3)]
    calls_before = len(fake_saleor.calls)

    # when: just before, then just after the 24 hours
    before = expire_codes(T0 + timedelta(hours=24) - timedelta(seconds=1))
    after = expire_codes(T0 + timedelta(hours=24, seconds=30))
    again = expire_codes(T0 + timedelta(hours=25))

    # then
    assert (before, after, again) == (0, 3, 0)
    assert fake_saleor.root_fields()[calls_before:] == ["voucherCodeBulkDelete"]
    assert {code.code for code in held} & saleor_codes(fake_saleor) == set()
    assert len(saleor_codes(fake_saleor)) == 47  # the rest of the batch, never handed out
    assert set(DiscountCode.objects.filter(code__in=[c.code for c in held])
               .values_list("state", flat=True)) == {"deleted"}


def test_codes_never_handed_out_and_empty_vouchers_are_cleaned_up(db, fake_saleor):
    # given: one code held at T0, the other 49 of its batch never handed out
    store = store_on(fake_saleor)
    hold_code(store, policy_of(store), "default-channel", "reminder:1", T0)

    # when: the hour is over; then the held code expires; then the voucher has ended
    first = clean_up(T0 + HOUR)
    expire_codes(T0 + 25 * HOUR)
    second = clean_up(T0 + 25 * HOUR + timedelta(minutes=2))

    # then
    assert first == {"unheld_codes": 49, "vouchers": 0}
    assert second == {"unheld_codes": 0, "vouchers": 1}
    assert fake_saleor.vouchers == {}
    assert DiscountVoucher.objects.get().deleted_at == T0 + 25 * HOUR + timedelta(minutes=2)


def test_an_order_that_used_a_code_credits_the_reminder_that_showed_it(db, fake_saleor):
    # given: step 3's code, used on an order from another cart and another address
    store = store_on(fake_saleor)
    track(store, checkout_node(1))
    for hour in (1, 24, 48):
        fake_saleor.now = T0 + hour * HOUR
        run_engine(T0 + hour * HOUR)
    code = DiscountCode.objects.get(state="held")
    order = PlacedOrder(order_id="T3JkZXI6OQ==", number="109", checkout_id=checkout_id(9),
                        email="someone.else@example.com", voucher_code=code.code.lower(),
                        total=Decimal("36.00"), currency="USD", created_at=T0 + 50 * HOUR)

    # when
    credited = record_order(store, order, T0 + 50 * HOUR)
    replayed = record_order(store, order, T0 + 51 * HOUR)

    # then
    code.refresh_from_db()
    assert (credited, replayed) == (1, 0)
    assert (code.state, code.order_id, code.used_at) == ("used", "T3JkZXI6OQ==",
                                                        T0 + 50 * HOUR)
    recovered = RecoveredOrder.objects.get()
    assert (recovered.matched_by, recovered.reminder) == ("code", code.reminder)
    assert ChainRun.objects.get().state == "finished"


def test_every_beat_task_names_a_registered_task():
    # given
    from django.conf import settings

    from saleor_retention.celery import app

    # when
    app.loader.import_default_modules()

    # then
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(app.tasks)


def test_holding_refuses_when_saleor_has_no_such_channel(db, fake_saleor):
    # given
    store = store_on(fake_saleor)

    # when
    with pytest.raises(SaleorRejected) as caught:
        hold_code(store, policy_of(store), "no-such-channel", "reminder:1", T0)

    # then
    assert str(caught.value) == "Saleor has no channel 'no-such-channel'."
    assert DiscountCode.objects.count() == 0
    assert fake_saleor.vouchers == {}


def test_expiry_waits_out_a_saleor_outage_and_records_a_refusal(db, fake_saleor):
    # given
    store = store_on(fake_saleor)
    code = hold_code(store, policy_of(store), "default-channel", "reminder:1", T0)
    expired_at = T0 + timedelta(hours=24, seconds=1)

    # when: 503, then 403, then Saleor is well again
    fake_saleor.unavailable_for = 1
    during_outage = expire_codes(expired_at)
    fake_saleor.reject_next_with_status = 403
    during_refusal = expire_codes(expired_at)
    refusal = DiscountVoucher.objects.get().last_error
    afterwards = expire_codes(expired_at)

    # then
    assert (during_outage, during_refusal, afterwards) == (0, 0, 1)
    assert refusal == f"Saleor at {store.saleor_api_url} answered HTTP 403."
    assert fake_saleor.code(code.code) is None
