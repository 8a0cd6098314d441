"""A template edit previewed before it is saved (retentionEmailPreview's ``draft``), and the
texts and languages the Templates tab edits (retentionEmailTemplateSources,
retentionEmailLanguages)."""

import pytest

from saleor_retention.emails.models import EmailTemplate
from saleor_retention.emails.samples import SAMPLE_LINES
from saleor_retention.emails.store_templates import save_template
from tests.api.test_configuration_templates import GOOD_BODY
from tests.fixtures.api import graphql, permission_denied, refused_callers, staff_headers
from tests.fixtures.checkouts import T0, checkout_node, make_store, track

DRAFT_PREVIEW = ("query($draft: RetentionEmailDraftInput, $checkout: ID, $language: String, "
                 "$channel: String) { retentionEmailPreview(template: FIRST_REMINDER, "
                 "draft: $draft, checkoutId: $checkout, language: $language, channel: $channel) "
                 "{ subject html text } }")
SOURCES = ("query($language: String!, $channel: String) { retentionEmailTemplateSources("
           "language: $language, channel: $channel) { name subject shipped } }")
CASES = ["no token", "another app", "another Saleor", "expired", "missing permission",
         "not a Dashboard token"]


def draft(**fields) -> dict:
    return {"draft": {"subject": "Still yours, {{ customer.first_name }}", "body": GOOD_BODY,
                      **fields}}


def refusal_of(answer: dict) -> tuple:
    """Returns the preview's one top-level error as (message, extensions.exception)."""
    assert answer["data"] == {"retentionEmailPreview": None}
    ((error),) = answer["errors"]
    return error["message"], error["extensions"]["exception"]


def test_a_draft_is_previewed_with_the_sample_cart_and_nothing_is_stored(db, client):
    # given: the store saved its own version, which the draft replaces in the preview
    store = make_store()
    save_template(store, "first_reminder", "en", GOOD_BODY.replace("kept", "saved"), T0,
                  subject="Saved subject")

    # when
    answer = graphql(client, DRAFT_PREVIEW, draft(), **staff_headers(store))

    # then
    preview = answer["data"]["retentionEmailPreview"]
    assert preview["subject"] == "Still yours, Alex"
    assert "Example Shop kept 5 items for Alex" in preview["html"]
    for product_name, _variant, _thumbnail, quantity, _price in SAMPLE_LINES:
        assert f"{quantity} × {product_name}" in preview["text"]
    assert list(EmailTemplate.objects.values_list("subject", "version")) == [
        ("Saved subject", 1)]


def test_a_draft_of_a_partial_shows_in_the_steps_email(db, client):
    # given
    store = make_store()
    footer = "<mj-section><mj-column><mj-text>Draft footer of {{ shop.name }}</mj-text>" \
             "</mj-column></mj-section>"

    # when
    answer = graphql(client, DRAFT_PREVIEW, {"draft": {"name": "partials/footer",
                                                       "body": footer}},
                     **staff_headers(store))

    # then
    preview = answer["data"]["retentionEmailPreview"]
    assert "Draft footer of Example Shop" in preview["text"]
    assert "You left these items in your cart at Example Shop" in preview["text"]
    assert EmailTemplate.objects.count() == 0


def test_a_draft_is_previewed_with_a_real_checkout(db, client):
    # given
    store = make_store()
    node = checkout_node(7, first_name="Ada", lines=[("UHJvZHVjdDo3", 3, "12.50")])
    track(store, node)

    # when
    answer = graphql(client, DRAFT_PREVIEW, {**draft(), "checkout": node["id"]},
                     **staff_headers(store))

    # then
    preview = answer["data"]["retentionEmailPreview"]
    assert preview["subject"] == "Still yours, Ada"
    assert "3 × Product UHJvZHVjdDo3" in preview["text"]
    assert "Example Shop kept 1 items for Ada" in preview["text"]


@pytest.mark.parametrize("fields, problem", [
    ({"body": GOOD_BODY.replace("    </mj-section>\n", "")}, (
        "MJML failed (first_reminder, line 13): unexpected end of stream in root template",
        {"code": "TEMPLATE_MJML", "field": "body", "line": 13})),
    ({"body": GOOD_BODY.replace("{{ line.product_name }}", "{{ line.prodct_name }}")}, (
        "template variables failed (first_reminder, line 7): unknown variable "
        "'line.prodct_name'", {"code": "TEMPLATE_VARIABLES", "field": "body", "line": 7})),
    ({"subject": "{{ shop.nme }}"}, (
        "subject failed (first_reminder, line 1): unknown variable 'shop.nme'",
        {"code": "TEMPLATE_SUBJECT", "field": "subject", "line": 1})),
    ({"subject": " "}, (
        "A step template needs a subject.", {"code": "INVALID", "field": "subject",
                                             "line": None})),
    ({"name": "welcome"}, (
        "'welcome' is neither a step template (first_reminder, follow_up, last_chance) nor a "
        "partial (partials/…).", {"code": "INVALID", "field": "name", "line": None})),
])
def test_a_broken_draft_is_refused_as_a_save_would_be_and_nothing_is_stored(db, client, fields,
                                                                            problem):
    # given
    store = make_store()

    # when
    answer = graphql(client, DRAFT_PREVIEW, draft(**fields), **staff_headers(store))

    # then
    assert refusal_of(answer) == problem
    assert EmailTemplate.objects.count() == 0


def test_a_broken_partial_draft_names_the_partial_and_its_line(db, client):
    # given
    store = make_store()

    # when
    answer = graphql(client, DRAFT_PREVIEW, {"draft": {
        "name": "partials/footer", "body": "<mj-section>\n<mj-column>\n{% if %}\n</mj-column>"}},
        **staff_headers(store))

    # then
    message, extensions = refusal_of(answer)
    assert message.startswith("template variables failed (partials/footer, line 3): ")
    assert extensions == {"code": "TEMPLATE_VARIABLES", "field": "body", "line": 3}


def test_a_draft_is_checked_in_the_language_it_would_be_saved_in(db, client):
    # given
    store = make_store()

    # when
    answer = graphql(client, DRAFT_PREVIEW, {**draft(), "language": "english"},
                     **staff_headers(store))

    # then
    assert refusal_of(answer) == ("'english' is not a language code such as \"en\" or "
                                  "\"pt_br\".", {"code": "INVALID", "field": "language",
                                                 "line": None})


@pytest.mark.parametrize("case", CASES)
def test_a_draft_preview_refuses_every_other_caller_and_stores_nothing(db, client, case):
    # given
    store = make_store()

    # when
    answer = graphql(client, DRAFT_PREVIEW, draft(),
                     **refused_callers(store, "MANAGE_CHECKOUTS")[case])

    # then
    assert permission_denied(answer)
    assert answer["data"] == {"retentionEmailPreview": None}
    assert EmailTemplate.objects.count() == 0


def test_the_sources_are_the_shipped_texts_until_the_store_saves_its_own(db, client):
    # given
    store = make_store()
    save_template(store, "follow_up", "en", GOOD_BODY, T0, subject="Every channel")
    save_template(store, "follow_up", "en", GOOD_BODY, T0, subject="Only de",
                  channel_slug="de")
    save_template(store, "partials/promo", "en", "<mj-text>Sale</mj-text>", T0)

    # when
    everywhere = graphql(client, SOURCES, {"language": "EN"}, **staff_headers(store))
    in_de = graphql(client, SOURCES, {"language": "EN", "channel": "de"},
                    **staff_headers(store))

    # then
    shipped = {"name": "first_reminder", "shipped": True,
               "subject": "{% if customer.first_name %}{{ customer.first_name }}, you{% else %}"
                          "You{% endif %} left something in your cart"}
    partials = [{"name": f"partials/{name}", "subject": "", "shipped": name != "promo"}
                for name in ("cart", "discount", "footer", "head", "header", "lines", "promo")]
    assert everywhere["data"]["retentionEmailTemplateSources"] == [
        shipped, {"name": "follow_up", "subject": "Every channel", "shipped": False},
        {"name": "last_chance", "shipped": True,
         "subject": "{% if discount %}{{ discount.value }} off your cart, until "
                    "{{ discount.expires_at }}{% else %}Last chance: your cart at "
                    "{{ shop.name }}{% endif %}"}, *partials]
    assert [source["subject"] for source in in_de["data"]["retentionEmailTemplateSources"]
            if source["name"] == "follow_up"] == ["Only de"]


def test_a_language_the_app_does_not_ship_starts_from_the_english_texts(db, client):
    # given
    store = make_store()
    query = ('{ retentionEmailTemplateSources(language: "de") { name body shipped } '
             'english: retentionEmailTemplateSources(language: "en") { name body shipped } }')

    # when
    answer = graphql(client, query, **staff_headers(store))

    # then
    assert answer["data"]["retentionEmailTemplateSources"] == answer["data"]["english"]
    assert len(answer["data"]["english"]) == 9


def test_the_languages_are_the_shipped_ones_and_those_the_store_added(db, client):
    # given
    store = make_store()
    save_template(store, "first_reminder", "de", GOOD_BODY, T0, subject="Dein Warenkorb")
    save_template(make_store(), "first_reminder", "fr", GOOD_BODY, T0, subject="Panier")

    # when
    answer = graphql(client, "{ retentionEmailLanguages }", **staff_headers(store))

    # then
    assert answer == {"data": {"retentionEmailLanguages": ["de", "en", "ru"]}}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("query", ['retentionEmailTemplateSources(language: "en") { name }',
                                   "retentionEmailLanguages"])
def test_the_texts_and_languages_refuse_every_other_caller(db, client, query, case):
    # given
    store = make_store()

    # when
    answer = graphql(client, f"{{ {query} }}",
                     **refused_callers(store, "MANAGE_CHECKOUTS")[case])

    # then
    assert permission_denied(answer)
