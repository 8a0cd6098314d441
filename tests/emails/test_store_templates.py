"""A store's own templates: refused with the stage and the line when broken, used when good."""

from datetime import timedelta

import pytest
from django.core import mail

from saleor_retention.chains.models import Reminder
from saleor_retention.emails.errors import TemplateProblem
from saleor_retention.emails.models import EmailTemplate
from saleor_retention.emails.sources import shipped_folder
from saleor_retention.emails.store_templates import (
    TemplateRefused,
    delete_template,
    save_template,
)
from tests.fixtures.checkouts import T0, checkout_node, make_store, run_engine, track

SHIPPED_FIRST = (shipped_folder() / "en" / "first_reminder.mjml").read_text()
GOOD_BODY = """<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>Dear {{ customer.first_name|default:"friend" }}, {{ shop.name }} kept:</mj-text>
        <mj-raw>{% for line in lines %}</mj-raw>
        <mj-text>{{ line.quantity }} × {{ line.product_name }}</mj-text>
        <mj-raw>{% endfor %}</mj-raw>
        <mj-button href="{{ checkout_url }}">Finish</mj-button>
        <mj-text><a href="{{ unsubscribe_url }}">Stop</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
"""


def refusal(store, **template) -> TemplateProblem:
    template.setdefault("name", "first_reminder")
    template.setdefault("language", "en")
    template.setdefault("subject", "Your cart")
    with pytest.raises(TemplateProblem) as caught:
        save_template(store, now=T0, **template)
    return caught.value


def send_first_reminder(store, language="EN", channel="default-channel"):
    track(store, checkout_node(1, language=language, channel=channel, first_name="Ada"))
    run_engine(T0 + timedelta(hours=1))


def test_broken_mjml_is_refused_with_the_stage_and_the_line(db):
    # given
    store = make_store()
    body = GOOD_BODY.replace("    </mj-section>\n", "")  # the section is never closed

    # when
    problem = refusal(store, body=body)

    # then
    assert (problem.stage, problem.template) == ("mjml", "first_reminder")
    assert problem.line == 13
    assert str(problem).startswith("MJML failed (first_reminder, line 13): ")
    assert EmailTemplate.objects.count() == 0


def test_an_unknown_variable_is_refused_with_its_line(db):
    # given
    store = make_store()
    body = GOOD_BODY.replace("{{ line.product_name }}", "{{ line.prodct_name }}")

    # when
    problem = refusal(store, body=body)

    # then
    assert (problem.stage, problem.line) == ("variables", 7)
    assert str(problem) == ("template variables failed (first_reminder, line 7): "
                            "unknown variable 'line.prodct_name'")
    assert EmailTemplate.objects.count() == 0


@pytest.mark.parametrize("body, line, message", [
    (GOOD_BODY.replace("{% endfor %}", ""), 6, "Unclosed tag on line 6: 'for'"),
    (GOOD_BODY.replace("{{ shop.name }}", "{{ shop.nmae }}"), 5, "unknown variable 'shop.nmae'"),
    (GOOD_BODY.replace("Dear", "{% load static %}Dear"), 5,
     "'static' is not a registered tag library"),
    (GOOD_BODY.replace("Dear", "{% debug %}Dear"), 5,
     "the {% debug %} tag is not allowed in an email"),
    (GOOD_BODY.replace("Dear", "{{ settings.SECRET_KEY }}"), 5,
     "unknown variable 'settings.SECRET_KEY'"),
])
def test_template_syntax_and_forbidden_tags_are_refused(db, body, line, message):
    # given
    store = make_store()

    # when
    problem = refusal(store, body=body)

    # then
    assert (problem.stage, problem.line) == ("variables", line)
    assert message in problem.message
    assert EmailTemplate.objects.count() == 0


def test_a_broken_subject_is_refused_as_the_subject(db):
    # given
    store = make_store()

    # when
    problem = refusal(store, body=GOOD_BODY, subject="{{ customer.name }}, your cart")

    # then
    assert (problem.stage, problem.line) == ("subject", 1)
    assert problem.message == "unknown variable 'customer.name'"


def test_a_broken_partial_is_refused_naming_the_partial_and_its_line(db):
    # given
    store = make_store()
    footer = (shipped_folder() / "en" / "partials" / "footer.mjml").read_text()
    broken = footer.replace("{{ unsubscribe_url }}", "{{ unsubscribe_link }}")

    # when
    problem = refusal(store, name="partials/footer", subject="", body=broken)

    # then
    assert (problem.stage, problem.template, problem.line) == ("variables", "partials/footer", 7)
    assert problem.message == "unknown variable 'unsubscribe_link'"


@pytest.mark.parametrize("template, field", [
    ({"name": "welcome_back"}, "name"),
    ({"name": "partials/../../etc/passwd"}, "name"),
    ({"language": "english!"}, "language"),
    ({"subject": "  "}, "subject"),
    ({"name": "partials/footer", "subject": "A partial has none"}, "subject"),
])
def test_a_request_that_cannot_name_a_template_is_refused(db, template, field):
    # given
    store = make_store()
    template = {"name": "first_reminder", "language": "en", "subject": "Your cart",
                "body": GOOD_BODY, **template}

    # when
    with pytest.raises(TemplateRefused) as caught:
        save_template(store, now=T0, **template)

    # then
    assert caught.value.field == field
    assert EmailTemplate.objects.count() == 0


def test_a_saved_template_is_used_and_an_edit_takes_effect_at_the_next_send(db):
    # given
    store = make_store()
    save_template(store, "first_reminder", "en", GOOD_BODY, T0, subject="{{ shop.name }} kept it")

    # when
    send_first_reminder(store)

    # then
    assert [message.subject for message in mail.outbox] == ["Example Shop kept it"]
    assert "Dear Ada, Example Shop kept:" in mail.outbox[0].body
    # when the store edits it again
    edited = save_template(store, "first_reminder", "en", GOOD_BODY.replace("Dear", "Hey"), T0,
                           subject="Still here")
    track(store, checkout_node(2, email="other@example.com", first_name="Bo"))
    run_engine(T0 + timedelta(hours=1, minutes=15))

    # then
    assert edited.version == 2
    assert [message.subject for message in mail.outbox] == ["Example Shop kept it", "Still here"]
    assert "Hey Bo, Example Shop kept:" in mail.outbox[1].body


def test_a_channels_own_template_wins_over_the_store_wide_one(db):
    # given
    store = make_store()
    save_template(store, "first_reminder", "en", GOOD_BODY, T0, subject="Store-wide")
    save_template(store, "first_reminder", "en", GOOD_BODY, T0, subject="For the outlet",
                  channel_slug="outlet")

    # when
    send_first_reminder(store, channel="outlet")

    # then
    assert [message.subject for message in mail.outbox] == ["For the outlet"]


def test_a_store_adds_a_language_and_the_rest_falls_back_to_english(db):
    # given: German for the first reminder only
    store = make_store()
    german = SHIPPED_FIRST.replace("Hi {{", "Hallo {{").replace('lang="en"', 'lang="de"')
    save_template(store, "first_reminder", "DE", german, T0,
                  subject="{{ customer.first_name }}, Ihr Warenkorb wartet")

    # when: a German shopper goes through the whole chain
    send_first_reminder(store, language="DE")
    run_engine(T0 + timedelta(hours=24))

    # then
    assert [message.subject for message in mail.outbox] == [
        "Ada, Ihr Warenkorb wartet", "Your cart at Example Shop is still waiting for you"]
    assert "Hallo Ada," in mail.outbox[0].body
    assert "40,00\u00a0$" in mail.outbox[0].body  # German money format


def test_a_send_with_a_broken_stored_template_never_happens(db):
    # given: a row that skipped validation (written before an upgrade, or by hand)
    store = make_store()
    EmailTemplate.objects.create(installation=store, language="en", name="first_reminder",
                                 subject="Hi", body="<mjml><mj-body><mj-section></mjml>")

    # when
    send_first_reminder(store)

    # then
    assert mail.outbox == []
    reminder = Reminder.objects.get(position=1)
    assert reminder.state == "failed"
    assert reminder.reason.startswith("template: MJML failed (first_reminder, line 1): ")


def test_deleting_a_template_goes_back_to_the_shipped_one(db):
    # given
    store = make_store()
    save_template(store, "first_reminder", "en", GOOD_BODY, T0, subject="Mine")

    # when
    deleted = delete_template(store, "first_reminder", "en")
    send_first_reminder(store)

    # then
    assert deleted is True
    assert [message.subject for message in mail.outbox] == ["Ada, you left something in your cart"]


def test_a_partial_the_stores_templates_include_cannot_be_deleted(db):
    # given
    store = make_store()
    save_template(store, "partials/banner", "en", "<mj-text>Free shipping</mj-text>", T0)
    body = GOOD_BODY.replace("<mj-raw>{% for", '<mj-include path="partials/banner.mjml" />\n'
                             "        <mj-raw>{% for")
    save_template(store, "first_reminder", "en", body, T0, subject="Yours")

    # when
    with pytest.raises(TemplateRefused) as caught:
        delete_template(store, "partials/banner", "en")

    # then
    assert str(caught.value) == "'partials/banner' is still included by first_reminder."
    assert EmailTemplate.objects.count() == 2
