"""Provider tracking webhooks through anymail's real URLs: a sent reminder's timeline, its
delivery state and the store's suppression list.

The payloads in tests/fixtures/tracking/ are Postmark's and Mailgun's documented webhook
formats with the providers' own sample ids; each test points them at its reminder. Postmark
names a message by its own id, so its events find the reminder through the metadata anymail
sent along; Mailgun echoes the Message-ID header the reminder was sent with."""

import base64
import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.core import mail

from saleor_retention.chains.models import ChainRun, Reminder
from saleor_retention.emails.models import EmailEvent
from saleor_retention.recipients.models import Recipient
from tests.fixtures.checkouts import T0, checkout_node, make_store, run_engine, track

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tracking"
WEBHOOK_SECRET = "anymail:Xq8vR2mT7kLp"
MAILGUN_SIGNING_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
HOUR = timedelta(hours=1)
DELIVERED_AT = datetime(2026, 11, 16, 16, 0, 4, 250000, tzinfo=timezone.utc)
OPENED_AT = datetime(2026, 11, 16, 16, 21, 40, 500000, tzinfo=timezone.utc)
CLICKED_AT = datetime(2026, 11, 16, 16, 22, 3, 750000, tzinfo=timezone.utc)
BOUNCED_AT = datetime(2026, 11, 16, 16, 0, 6, tzinfo=timezone.utc)
COMPLAINED_AT = datetime(2026, 11, 16, 18, 45, 10, tzinfo=timezone.utc)
# Each provider's fixture file, by the event type anymail makes of it.
EVENT_FILES = {
    "postmark": {"delivered": "postmark_delivery", "opened": "postmark_open",
                 "clicked": "postmark_click", "bounced": "postmark_bounce",
                 "complained": "postmark_spam_complaint",
                 "unsubscribed": "postmark_subscription_change"},
    "mailgun": {"delivered": "mailgun_delivered", "opened": "mailgun_opened",
                "clicked": "mailgun_clicked", "bounced": "mailgun_failed",
                "complained": "mailgun_complained"},
}
ESP_NAMES = {"postmark": "Postmark", "mailgun": "Mailgun"}


@pytest.fixture(autouse=True)
def anymail_secrets(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET,
                        "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_SIGNING_KEY}


def basic_auth(user_and_password: str) -> str:
    return "Basic " + base64.b64encode(user_and_password.encode()).decode()


def sent_reminder() -> Reminder:
    """Returns the first reminder of a store's default chain, sent by the engine an hour
    after the shopper left (with the locmem backend, message_id is our Message-ID)."""
    store = make_store()
    track(store, checkout_node(1))
    run_engine(T0)
    run_engine(T0 + HOUR)
    return Reminder.objects.get(state="sent")


def metadata_of(reminder: Reminder) -> dict:
    """The metadata the reminder was sent with (emails.messages.reminder_email)."""
    return {"installation": str(reminder.installation_id), "chain": str(reminder.run.chain_id),
            "step": str(reminder.position), "reminder": str(reminder.pk)}


def load(provider: str, kind: str) -> dict:
    return json.loads((FIXTURES / f"{EVENT_FILES[provider][kind]}.json").read_text())


def postmark_event(kind: str, metadata: dict) -> dict:
    payload = load("postmark", kind)
    payload["Metadata"] = metadata
    return payload


def mailgun_event(kind: str, message_id: str, metadata: dict) -> dict:
    """Mailgun's webhook: the Message-ID without angle brackets, as Mailgun sends it, signed
    as Mailgun signs (HMAC-SHA256 of timestamp and token with the webhook signing key)."""
    payload = load("mailgun", kind)
    payload["event-data"]["message"]["headers"]["message-id"] = message_id.strip("<>")
    payload["event-data"]["user-variables"] = metadata
    signature = payload["signature"]
    signature["signature"] = hmac.new(
        MAILGUN_SIGNING_KEY.encode(), f"{signature['timestamp']}{signature['token']}".encode(),
        hashlib.sha256).hexdigest()
    return payload


def event_for(provider: str, kind: str, reminder: Reminder) -> dict:
    if provider == "postmark":
        return postmark_event(kind, metadata_of(reminder))
    return mailgun_event(kind, reminder.message_id, metadata_of(reminder))


def post(client, provider: str, payload: dict, authorization: str | None = None):
    authorization = basic_auth(WEBHOOK_SECRET) if authorization is None else authorization
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    return client.post(f"/anymail/{provider}/tracking/", data=json.dumps(payload),
                       content_type="application/json", **headers)


def timeline(reminder: Reminder) -> list[tuple[str, str, datetime]]:
    return list(EmailEvent.objects.filter(reminder=reminder)
                .values_list("kind", "esp_name", "occurred_at"))


def recipient_state(reminder: Reminder) -> tuple:
    recipient = Recipient.objects.get(installation=reminder.installation, email=reminder.email)
    return recipient.suppressed_at, recipient.suppression_reason, recipient.unsubscribed_at


def steps(reminder: Reminder) -> list[tuple[int, str, str]]:
    return list(Reminder.objects.filter(run=reminder.run).order_by("position")
                .values_list("position", "state", "reason"))


@pytest.mark.parametrize("provider", ["postmark", "mailgun"])
def test_delivered_then_opened_then_clicked_move_the_reminder_and_fill_its_timeline(
        db, client, provider):
    # given
    reminder = sent_reminder()

    # when
    states = []
    for kind in ("delivered", "opened", "clicked"):
        answer = post(client, provider, event_for(provider, kind, reminder))
        reminder.refresh_from_db()
        states.append((answer.status_code, reminder.delivery, reminder.opened_at,
                       reminder.clicked_at))

    # then
    assert states == [(200, "delivered", None, None),
                      (200, "delivered", OPENED_AT, None),
                      (200, "delivered", OPENED_AT, CLICKED_AT)]
    name = ESP_NAMES[provider]
    assert timeline(reminder) == [("delivered", name, DELIVERED_AT), ("opened", name, OPENED_AT),
                                  ("clicked", name, CLICKED_AT)]
    assert (reminder.state, recipient_state(reminder)) == ("sent", (None, "", None))


@pytest.mark.parametrize("provider", ["postmark", "mailgun"])
def test_a_replayed_event_is_recorded_once(db, client, provider):
    # given: Mailgun names each event (its token); Postmark's deliveries carry no id at all
    reminder = sent_reminder()
    delivered = event_for(provider, "delivered", reminder)
    post(client, provider, delivered)

    # when
    answer = post(client, provider, delivered)

    # then
    assert answer.status_code == 200
    assert timeline(reminder) == [("delivered", ESP_NAMES[provider], DELIVERED_AT)]


def test_a_second_open_is_on_the_timeline_but_the_first_open_time_stays(db, client):
    # given
    reminder = sent_reminder()
    post(client, "postmark", event_for("postmark", "opened", reminder))
    later_open = {**event_for("postmark", "opened", reminder), "FirstOpen": False,
                  "ReceivedAt": "2026-11-17T08:02:00.0000000Z"}

    # when
    answer = post(client, "postmark", later_open)

    # then
    reminder.refresh_from_db()
    assert (answer.status_code, reminder.opened_at) == (200, OPENED_AT)
    assert timeline(reminder) == [
        ("opened", "Postmark", OPENED_AT),
        ("opened", "Postmark", datetime(2026, 11, 17, 8, 2, tzinfo=timezone.utc))]


@pytest.mark.parametrize("provider, kind, at", [
    ("postmark", "bounced", BOUNCED_AT), ("postmark", "complained", COMPLAINED_AT),
    ("mailgun", "bounced", BOUNCED_AT), ("mailgun", "complained", COMPLAINED_AT),
])
def test_a_hard_bounce_or_a_complaint_suppresses_the_address_and_no_reminder_follows(
        db, client, provider, kind, at):
    # given
    reminder = sent_reminder()

    # when: the provider reports, then the next step falls due
    answer = post(client, provider, event_for(provider, kind, reminder))
    run_engine(T0 + 24 * HOUR)

    # then
    reminder.refresh_from_db()
    assert (answer.status_code, reminder.delivery) == (200, kind)
    assert recipient_state(reminder) == (at, kind, None)
    assert timeline(reminder) == [(kind, ESP_NAMES[provider], at)]
    assert steps(reminder) == [(1, "sent", ""), (2, "skipped", "suppressed"),
                               (3, "skipped", "suppressed")]
    assert ChainRun.objects.values_list("state", "end_reason").get() == ("stopped", "suppressed")
    assert len(mail.outbox) == 1


def test_a_soft_bounce_is_on_the_timeline_but_does_not_suppress(db, client):
    # given: a full mailbox (Postmark reports it as a bounce of type SoftBounce)
    reminder = sent_reminder()
    payload = postmark_event("bounced", metadata_of(reminder))
    payload.update({"Type": "SoftBounce", "TypeCode": 4096})

    # when
    answer = post(client, "postmark", payload)
    run_engine(T0 + 24 * HOUR)

    # then
    reminder.refresh_from_db()
    assert (answer.status_code, reminder.delivery) == (200, "bounced")
    assert recipient_state(reminder) == (None, "", None)
    assert [state for _, state, _ in steps(reminder)] == ["sent", "sent", "planned"]
    assert len(mail.outbox) == 2


def test_a_late_delivery_report_does_not_undo_a_bounce(db, client):
    # given
    reminder = sent_reminder()
    post(client, "postmark", event_for("postmark", "bounced", reminder))

    # when
    answer = post(client, "postmark", event_for("postmark", "delivered", reminder))

    # then
    reminder.refresh_from_db()
    assert (answer.status_code, reminder.delivery) == (200, "bounced")
    assert timeline(reminder) == [("delivered", "Postmark", DELIVERED_AT),
                                  ("bounced", "Postmark", BOUNCED_AT)]
    assert recipient_state(reminder) == (BOUNCED_AT, "bounced", None)


def test_an_unsubscribe_at_the_provider_unsubscribes_the_address(db, client):
    # given
    reminder = sent_reminder()

    # when
    answer = post(client, "postmark", event_for("postmark", "unsubscribed", reminder))
    run_engine(T0 + 24 * HOUR)

    # then
    reminder.refresh_from_db()
    assert (answer.status_code, reminder.delivery) == (200, "unsubscribed")
    assert recipient_state(reminder) == (
        None, "", datetime(2026, 11, 16, 17, 3, 12, tzinfo=timezone.utc))
    assert steps(reminder) == [(1, "sent", ""), (2, "skipped", "unsubscribed"),
                               (3, "skipped", "unsubscribed")]
    assert len(mail.outbox) == 1


def test_a_mailgun_event_finds_the_reminder_by_its_message_id_alone(db, client):
    # given
    reminder = sent_reminder()

    # when
    answer = post(client, "mailgun", mailgun_event("delivered", reminder.message_id, {}))

    # then
    reminder.refresh_from_db()
    assert (answer.status_code, reminder.delivery) == (200, "delivered")
    assert timeline(reminder) == [("delivered", "Mailgun", DELIVERED_AT)]


@pytest.mark.parametrize("provider", ["postmark", "mailgun"])
def test_an_event_about_an_unknown_message_is_answered_200_and_changes_nothing(
        db, client, provider):
    # given: a bounce of some other email sent through the same provider account
    reminder = sent_reminder()
    payload = (postmark_event("bounced", {}) if provider == "postmark"
               else mailgun_event("bounced", "<20261116160003.9.FFFF@mg.example.com>", {}))

    # when
    answer = post(client, provider, payload)

    # then
    reminder.refresh_from_db()
    assert (answer.status_code, reminder.delivery) == (200, "")
    assert EmailEvent.objects.count() == 0
    assert recipient_state(reminder) == (None, "", None)


def test_metadata_naming_a_reminder_of_another_store_is_ignored(db, client):
    # given
    reminder = sent_reminder()
    other_store = make_store(api_url="https://other.example.com/graphql/")
    forged = postmark_event("bounced", {**metadata_of(reminder),
                                        "installation": str(other_store.pk)})

    # when
    answer = post(client, "postmark", forged)

    # then
    reminder.refresh_from_db()
    assert (answer.status_code, reminder.delivery) == (200, "")
    assert EmailEvent.objects.count() == 0
    assert recipient_state(reminder) == (None, "", None)


@pytest.mark.parametrize("provider, authorization", [
    ("postmark", ""), ("postmark", basic_auth("anymail:guessed")), ("mailgun", ""),
])
def test_a_request_without_the_webhook_secret_is_refused_and_changes_nothing(
        db, client, provider, authorization):
    # given
    reminder = sent_reminder()

    # when
    answer = post(client, provider, event_for(provider, "bounced", reminder), authorization)

    # then
    reminder.refresh_from_db()
    assert (answer.status_code, reminder.delivery) == (400, "")
    assert EmailEvent.objects.count() == 0
    assert recipient_state(reminder) == (None, "", None)


def test_a_mailgun_event_with_a_wrong_signature_is_refused_and_changes_nothing(db, client):
    # given
    reminder = sent_reminder()
    payload = event_for("mailgun", "bounced", reminder)
    payload["signature"]["token"] = "a-token-the-signature-was-not-made-for-0123456789"

    # when
    answer = post(client, "mailgun", payload)

    # then
    reminder.refresh_from_db()
    assert (answer.status_code, reminder.delivery) == (400, "")
    assert EmailEvent.objects.count() == 0
    assert recipient_state(reminder) == (None, "", None)
