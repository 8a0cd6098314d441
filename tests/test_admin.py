from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from saleor_retention.chains.models import Reminder
from saleor_retention.checkouts.abandonment import detect_abandoned_checkouts
from tests.fixtures.checkouts import checkout_node, make_store, track


def test_editing_a_step_in_the_admin_replans_running_reminders(client, db):
    # given: a running chain, and an operator logged in to /admin/
    store = make_store()
    now = timezone.now()
    track(store, checkout_node(1, updated_at=now - timedelta(hours=2)), now=now)
    detect_abandoned_checkouts(now)
    chain = store.chains.get()
    steps = list(chain.steps.all())
    client.force_login(User.objects.create_superuser("operator", "op@example.com", "pw"))
    form = {"name": chain.name, "installation": store.pk, "trigger": chain.trigger,
            "is_enabled": "on", "priority": chain.priority, "channels": "[]",
            "abandon_after": "01:00:00", "conditions": "{}",
            "steps-TOTAL_FORMS": "3", "steps-INITIAL_FORMS": "3",
            "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000"}
    for index, step in enumerate(steps):
        form.update({f"steps-{index}-id": step.pk, f"steps-{index}-chain": chain.pk,
                     f"steps-{index}-position": step.position,
                     f"steps-{index}-delay": "30:00:00" if step.position == 2 else str(step.delay),
                     f"steps-{index}-delay_from": step.delay_from,
                     f"steps-{index}-template": step.template,
                     f"steps-{index}-discount_policy": step.discount_policy_id or ""})

    # when
    response = client.post(f"/admin/saleor_retention/chain/{chain.pk}/change/", form)

    # then
    assert response.status_code == 302, response.content[:2000]
    step_two = Reminder.objects.get(position=2)
    assert step_two.due_at == step_two.run.triggered_at + timedelta(hours=30)


def test_the_admin_lists_checkouts_and_reminders(client, db):
    # given
    store = make_store()
    now = timezone.now()
    track(store, checkout_node(1, updated_at=now - timedelta(hours=2)), now=now)
    detect_abandoned_checkouts(now)
    client.force_login(User.objects.create_superuser("operator", "op@example.com", "pw"))

    # when
    checkouts = client.get("/admin/saleor_retention/checkoutsnapshot/")
    reminders = client.get("/admin/saleor_retention/reminder/")

    # then
    assert (checkouts.status_code, reminders.status_code) == (200, 200)
    assert b"shopper@example.com" in checkouts.content
    assert reminders.content.count(b'name="_selected_action"') == 3  # a row per step of the run
