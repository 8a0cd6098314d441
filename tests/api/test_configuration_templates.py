"""Email templates through the API: saved only when they make an email, previewed and sent
as a test by the code of a real send."""

import pytest
from django.core import mail

from saleor_retention.emails.models import EmailTemplate
from saleor_retention.emails.samples import SAMPLE_LINES
from saleor_retention.emails.store_templates import save_template
from tests.fixtures.api import graphql, staff_headers
from tests.fixtures.checkouts import T0, checkout_node, make_store, track

GOOD_BODY = """<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>{{ shop.name }} kept {{ line_count }} items for {{ customer.first_name }}</mj-text>
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
SAVE = ("mutation($input: RetentionEmailTemplateInput!) { retentionEmailTemplateSave("
        "input: $input) { errors { field code message line } template { name language "
        "channel subject body version } } }")
DELETE = ("mutation($name: String!, $channel: String) { retentionEmailTemplateDelete(name: $name, "
          'language: "EN", channel: $channel) { errors { field code message } deleted } }')
PREVIEW = ("query($currency: String, $checkout: ID, $language: String) { retentionEmailPreview("
           "template: FIRST_REMINDER, currency: $currency, checkoutId: $checkout, "
           "language: $language) { subject html text } }")
SEND_TEST = ('mutation($to: String!) { retentionEmailSendTest(to: $to, template: FOLLOW_UP, '
             'language: "ru", currency: "EUR", channel: "de") { errors { field code message } '
             "messageId } }")


def template_input(**fields) -> dict:
    return {"input": {"name": "first_reminder", "language": "EN", "subject": "Your cart",
                      "body": GOOD_BODY, **fields}}


def test_a_good_template_is_saved_and_a_second_save_is_a_new_version(db, client):
    # given
    store = make_store()
    graphql(client, SAVE, template_input(), **staff_headers(store))

    # when
    answer = graphql(client, SAVE, template_input(subject="Still yours", channel="de"),
                     **staff_headers(store))
    again = graphql(client, SAVE, template_input(subject="Still yours!", channel="de"),
                    **staff_headers(store))

    # then
    assert answer == {"data": {"retentionEmailTemplateSave": {"errors": [], "template": {
        "name": "first_reminder", "language": "en", "channel": "de", "subject": "Still yours",
        "body": GOOD_BODY, "version": 1}}}}
    assert again["data"]["retentionEmailTemplateSave"]["template"]["version"] == 2
    assert list(EmailTemplate.objects.order_by("channel_slug").values_list(
        "channel_slug", "subject", "version")) == [("", "Your cart", 1),
                                                  ("de", "Still yours!", 2)]


@pytest.mark.parametrize("fields, error", [
    ({"body": GOOD_BODY.replace("    </mj-section>\n", "")},
     {"field": "body", "code": "TEMPLATE_MJML", "line": 13, "message": (
         "MJML failed (first_reminder, line 13): unexpected end of stream in root template")}),
    ({"body": GOOD_BODY.replace("{{ line.product_name }}", "{{ line.prodct_name }}")},
     {"field": "body", "code": "TEMPLATE_VARIABLES", "line": 7, "message": (
         "template variables failed (first_reminder, line 7): unknown variable "
         "'line.prodct_name'")}),
    ({"subject": "{{ shop.nme }}"},
     {"field": "subject", "code": "TEMPLATE_SUBJECT", "line": 1, "message": (
         "subject failed (first_reminder, line 1): unknown variable 'shop.nme'")}),
    ({"name": "welcome"},
     {"field": "name", "code": "INVALID", "line": None, "message": (
         "'welcome' is neither a step template (first_reminder, follow_up, last_chance) nor a "
         "partial (partials/…).")}),
    ({"language": "english"},
     {"field": "language", "code": "INVALID", "line": None, "message": (
         "'english' is not a language code such as \"en\" or \"pt_br\".")}),
    ({"subject": " "},
     {"field": "subject", "code": "INVALID", "line": None,
      "message": "A step template needs a subject."}),
])
def test_a_broken_template_is_refused_with_the_stage_and_line_and_not_saved(db, client, fields,
                                                                             error):
    # given
    store = make_store()

    # when
    answer = graphql(client, SAVE, template_input(**fields), **staff_headers(store))

    # then
    assert answer == {"data": {"retentionEmailTemplateSave": {"errors": [error],
                                                              "template": None}}}
    assert EmailTemplate.objects.count() == 0


def test_the_stores_templates_are_listed_by_language_and_channel(db, client):
    # given
    store = make_store()
    for language, channel in (("en", ""), ("en", "de"), ("ru", "")):
        save_template(store, "partials/banner", language, "<mj-text>Hi</mj-text>", T0,
                      channel_slug=channel)
    query = ('query($language: String, $channel: String) { retentionEmailTemplates(language: '
             "$language, channel: $channel) { name language channel } }")

    # when
    every = graphql(client, query, **staff_headers(store))
    english_everywhere = graphql(client, query, {"language": "EN", "channel": ""},
                                 **staff_headers(store))

    # then
    assert every == {"data": {"retentionEmailTemplates": [
        {"name": "partials/banner", "language": "en", "channel": ""},
        {"name": "partials/banner", "language": "en", "channel": "de"},
        {"name": "partials/banner", "language": "ru", "channel": ""}]}}
    assert english_everywhere == {"data": {"retentionEmailTemplates": [
        {"name": "partials/banner", "language": "en", "channel": ""}]}}


def test_deleting_a_template_goes_back_to_the_shipped_one(db, client):
    # given
    store = make_store()
    save_template(store, "first_reminder", "en", GOOD_BODY, T0, subject="Mine",
                  channel_slug="de")

    # when
    answer = graphql(client, DELETE, {"name": "first_reminder", "channel": "de"},
                     **staff_headers(store))
    again = graphql(client, DELETE, {"name": "first_reminder", "channel": "de"},
                    **staff_headers(store))

    # then
    assert answer == {"data": {"retentionEmailTemplateDelete": {"errors": [], "deleted": True}}}
    assert again == {"data": {"retentionEmailTemplateDelete": {"errors": [{
        "field": "name", "code": "NOT_FOUND",
        "message": "The store has no 'first_reminder' of its own in this language and channel."
    }], "deleted": None}}}
    assert EmailTemplate.objects.count() == 0


def test_a_partial_still_included_cannot_be_deleted(db, client):
    # given
    store = make_store()
    save_template(store, "partials/promo", "en", "<mj-text>Sale</mj-text>", T0)
    save_template(store, "first_reminder", "en", GOOD_BODY.replace(
        "<mj-raw>{% for", '<mj-include path="partials/promo.mjml" />\n        <mj-raw>{% for'),
        T0, subject="Mine")

    # when
    answer = graphql(client, DELETE, {"name": "partials/promo"}, **staff_headers(store))

    # then
    assert answer == {"data": {"retentionEmailTemplateDelete": {"errors": [{
        "field": "name", "code": "INVALID",
        "message": "'partials/promo' is still included by first_reminder."}], "deleted": None}}}
    assert EmailTemplate.objects.count() == 2


def test_the_preview_shows_the_sample_cart_in_the_stores_template(db, client):
    # given
    store = make_store()
    save_template(store, "first_reminder", "en", GOOD_BODY, T0,
                  subject="For {{ customer.first_name }}")

    # when
    answer = graphql(client, PREVIEW, {"currency": "jpy"}, **staff_headers(store))

    # then
    preview = answer["data"]["retentionEmailPreview"]
    assert preview["subject"] == "For Alex"
    assert "Example Shop kept 5 items for Alex" in preview["html"]
    for product_name, _variant, _thumbnail, quantity, _price in SAMPLE_LINES:
        assert f"{quantity} × {product_name}" in preview["text"]
    assert "Stop (#)" in preview["text"]


def test_the_preview_shows_a_real_checkout_of_the_store(db, client):
    # given
    store = make_store()
    node = checkout_node(7, first_name="Ada", language="RU", currency="EUR",
                         lines=[("UHJvZHVjdDo3", 3, "12.50")])
    track(store, node)

    # when
    answer = graphql(client, PREVIEW, {"checkout": node["id"], "language": "EN"},
                     **staff_headers(store))

    # then: in the checkout's own language and currency, with its storefront link
    preview = answer["data"]["retentionEmailPreview"]
    assert preview["subject"] == "Ada, вы кое-что оставили в корзине"
    assert "3 × 12,50\xa0€ = 37,50\xa0€" in preview["text"]
    assert "Product UHJvZHVjdDo3" in preview["html"]
    assert f"https://shop.example.com/checkout/{node['id'].replace('=', '%3D')}" in preview["html"]


@pytest.mark.parametrize("variables, code, field, message", [
    ({"currency": "EURO"}, "INVALID", "currency", "'EURO' is not an ISO 4217 currency code."),
    ({"checkout": "Q2hlY2tvdXQ6bm9uZQ=="}, "NOT_FOUND", "checkoutId",
     "This store has no tracked checkout 'Q2hlY2tvdXQ6bm9uZQ=='."),
])
def test_a_preview_that_cannot_be_made_says_why(db, client, variables, code, field, message):
    # given
    store = make_store()

    # when
    answer = graphql(client, PREVIEW, variables, **staff_headers(store))

    # then
    assert answer["data"] == {"retentionEmailPreview": None}
    assert [(error["message"], error["extensions"]["exception"]) for error in answer["errors"]] == [
        (message, {"code": code, "field": field, "line": None})]


def test_a_preview_of_a_stored_template_that_broke_names_the_stage_and_line(db, client):
    # given: saved before a check existed (written directly)
    store = make_store()
    EmailTemplate.objects.create(installation=store, language="en", name="first_reminder",
                                 subject="Hi", body="<mjml>\n<mj-body>\n<mj-section>\n</mjml>")

    # when
    answer = graphql(client, PREVIEW, **staff_headers(store))

    # then
    assert answer["data"] == {"retentionEmailPreview": None}
    assert [(error["message"], error["extensions"]["exception"]) for error in answer["errors"]] == [
        ("MJML failed (first_reminder, line 4): unexpected end of stream in root template",
         {"code": "TEMPLATE_MJML", "field": "body", "line": 4})]


def test_a_preview_never_shows_another_stores_checkout(db, client):
    # given
    store, other = make_store(), make_store()
    node = checkout_node(8)
    track(other, node)

    # when
    answer = graphql(client, PREVIEW, {"checkout": node["id"]}, **staff_headers(store))

    # then
    assert answer["errors"][0]["extensions"]["exception"]["code"] == "NOT_FOUND"


def test_a_test_email_goes_to_the_given_address_through_the_backend(db, client):
    # given
    store = make_store(sender_email="Shop <shop@example.com>",
                       channel_senders={"de": "Laden <laden@example.de>"})

    # when
    answer = graphql(client, SEND_TEST, {"to": "owner@example.com"}, **staff_headers(store))

    # then
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert answer == {"data": {"retentionEmailSendTest": {
        "errors": [], "messageId": message.extra_headers["Message-ID"]}}}
    assert (message.to, message.from_email) == (["owner@example.com"], "Laden <laden@example.de>")
    assert message.subject == "[TEST] Ваша корзина в Example Shop всё ещё ждёт вас"
    assert sorted(message.extra_headers) == ["Message-ID"]  # no List-Unsubscribe
    assert "€" in message.body


def test_a_test_email_to_a_bad_address_is_refused_and_not_sent(db, client):
    # given
    store = make_store()

    # when
    answer = graphql(client, SEND_TEST, {"to": "owner at example.com"}, **staff_headers(store))

    # then
    assert answer == {"data": {"retentionEmailSendTest": {"errors": [{
        "field": "to", "code": "INVALID",
        "message": "'owner at example.com' is not an email address."}], "messageId": None}}}
    assert mail.outbox == []


def test_test_emails_are_limited_to_30_an_hour_per_store(db, client):
    # given
    store = make_store()
    for _ in range(30):
        graphql(client, SEND_TEST, {"to": "owner@example.com"}, **staff_headers(store))

    # when
    answer = graphql(client, SEND_TEST, {"to": "owner@example.com"}, **staff_headers(store))

    # then
    assert answer == {"data": {"retentionEmailSendTest": {"errors": [{
        "field": None, "code": "RATE_LIMITED", "message": "At most 30 test emails an hour."}],
        "messageId": None}}}
    assert len(mail.outbox) == 30
