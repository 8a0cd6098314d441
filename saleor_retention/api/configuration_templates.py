"""A store's email templates: listing, their texts, saving (only once proven to make an
email), deleting, a preview rendered by the code of a real send (of a saved template or of a
draft), and a test email to staff."""

from __future__ import annotations

import smtplib
from dataclasses import replace
from datetime import timedelta

import graphene
from anymail.exceptions import AnymailError
from babel.numbers import is_currency
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from graphql import GraphQLError

from saleor_retention.api.auth import Staff
from saleor_retention.api.base import StaffMutation, staff
from saleor_retention.api.configuration_chains import StepTemplate
from saleor_retention.api.configuration_common import (
    MANAGE_CHECKOUTS,
    enum_value,
)
from saleor_retention.api.errors import TEMPLATE_STAGE_CODES, MutationError
from saleor_retention.api.ratelimit import within_limit
from saleor_retention.chains.models import ChainRun
from saleor_retention.chains.quiet_hours import shopper_zone
from saleor_retention.chains.subjects import MessageContent
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.checkouts.subject import CheckoutSubject
from saleor_retention.emails.errors import TemplateProblem
from saleor_retention.emails.messages import compose, email_message, new_message_id, sender_for
from saleor_retention.emails.models import EmailTemplate
from saleor_retention.emails.rendering import RenderedEmail
from saleor_retention.emails.samples import sample_content
from saleor_retention.emails.sources import language_of
from saleor_retention.emails.store_templates import (
    Draft,
    TemplateRefused,
    delete_template,
    render_draft,
    save_template,
    template_languages,
    template_sources,
)
from saleor_retention.stores.services import settings_for

TEST_SUBJECT_PREFIX = "[TEST] "
# A preview or test email has no recipient of the store, so its unsubscribe link goes nowhere.
NO_UNSUBSCRIBE_PAGE = "#"
# Test emails go to any address from the store's sender: enough for a day of editing, too
# few to make the app a spam relay with a leaked Dashboard token.
TEST_EMAILS_PER_HOUR = 30


class EmailTemplateType(graphene.ObjectType):
    """A store's own version of an email template or partial, for every channel or one."""

    class Meta:
        name = "RetentionEmailTemplate"

    id = graphene.ID(required=True, description="The saved template's id.")
    name = graphene.String(required=True, description=(
        "A step template (first_reminder, follow_up, last_chance) or a partial (partials/…)."))
    language = graphene.String(required=True, description='Its language: "en", "pt_br".')
    channel = graphene.String(required=True,
                              description="Its channel's slug; empty: every channel.")
    subject = graphene.String(required=True, description="The subject; empty for a partial.")
    body = graphene.String(required=True, description="MJML with template variables.")
    version = graphene.Int(required=True, description="Grows with every save.")
    updated_at = graphene.DateTime(required=True, description="When it was last saved.")

    @staticmethod
    def resolve_channel(template, info):
        return template.channel_slug


class EmailTemplateSourceType(graphene.ObjectType):
    """The text of a template or partial as the store's emails use it now."""

    class Meta:
        name = "RetentionEmailTemplateSource"

    name = graphene.String(required=True, description=(
        "A step template (first_reminder, follow_up, last_chance) or a partial (partials/…)."))
    subject = graphene.String(required=True, description="The subject; empty for a partial.")
    body = graphene.String(required=True, description="MJML with template variables.")
    shipped = graphene.Boolean(required=True, description=(
        "Whether the text is the app's shipped one rather than a version the store saved."))


class EmailPreviewType(graphene.ObjectType):
    """An email as a shopper would receive it."""

    class Meta:
        name = "RetentionEmailPreview"

    subject = graphene.String(required=True, description="The subject line.")
    html = graphene.String(required=True, description="The HTML part.")
    text = graphene.String(required=True, description="The plain-text part.")


class EmailTemplateInput(graphene.InputObjectType):
    """A template to save."""

    class Meta:
        name = "RetentionEmailTemplateInput"

    name = graphene.String(required=True, description=(
        "first_reminder, follow_up, last_chance, or a partial such as partials/footer."))
    language = graphene.String(required=True, description='A language code: "en", "pt-BR".')
    channel = graphene.String(description="A channel's slug; empty or null: every channel.")
    subject = graphene.String(description="The subject of a step template; none for a partial.")
    body = graphene.String(required=True, description="MJML with template variables.")


class EmailDraftInput(graphene.InputObjectType):
    """An edit of a template or partial to preview before it is saved."""

    class Meta:
        name = "RetentionEmailDraftInput"

    name = graphene.String(description=(
        "The template or partial the draft stands in for (partials/…); default: the "
        "previewed step's template."))
    subject = graphene.String(description="The subject of a step template; none for a partial.")
    body = graphene.String(required=True, description="MJML with template variables.")


def template_problem_error(problem: TemplateProblem) -> MutationError:
    return MutationError("subject" if problem.stage == "subject" else "body",
                         TEMPLATE_STAGE_CODES[problem.stage], str(problem), problem.line or None)


def _query_error(code: str, field: str, message: str, line: int | None = None) -> GraphQLError:
    """A query's refusal as a top-level error; ``extensions.exception`` names the code (a
    RetentionErrorCode name), the argument and, for a template, the line."""
    return GraphQLError(message, extensions={"exception": {
        "code": code, "field": field, "line": line}})


def _sample_currency(currency: str) -> str:
    code = (currency or "").strip().upper()
    if not is_currency(code):
        raise MutationError("currency", "invalid",
                            f"{currency!r} is not an ISO 4217 currency code.")
    return code


def _compose(caller: Staff, content: MessageContent, template: str,
             countries: tuple[str, ...], draft: Draft | None = None) -> RenderedEmail:
    """Renders as a real send does, with an unsubscribe link that goes nowhere, and
    ``draft`` in place of its template or partial; raises MutationError for a template or
    draft that cannot make the email."""
    store = settings_for(caller.installation)
    zone = shopper_zone(countries, store.default_time_zone)
    try:
        if draft is not None:
            return render_draft(caller.installation, store, content, template, zone,
                                NO_UNSUBSCRIBE_PAGE, draft, timezone.now())
        return compose(caller.installation, store, content, template, zone,
                       NO_UNSUBSCRIBE_PAGE)
    except TemplateRefused as refused:
        raise MutationError(refused.field, "invalid", str(refused)) from refused
    except TemplateProblem as problem:
        raise template_problem_error(problem) from problem
    except LookupError as exc:
        raise MutationError("template", "not_found", str(exc)) from exc


def _render_sample(caller: Staff, template: str, language: str, currency: str,
                   channel: str, draft: Draft | None = None) -> RenderedEmail:
    """Returns the sample cart in the store's template as a real send renders it; raises
    MutationError."""
    content = sample_content((language or "EN").strip().upper().replace("-", "_"),
                             _sample_currency(currency), channel_slug=channel or "")
    return _compose(caller, content, template, (), draft)


def _render_checkout(caller: Staff, template: str, checkout_id: str,
                     draft: Draft | None = None) -> RenderedEmail:
    """Returns a tracked checkout of the store in its own language, currency and channel;
    raises MutationError."""
    snapshot = CheckoutSnapshot.objects.filter(installation=caller.installation,
                                               checkout_id=checkout_id).first()
    if snapshot is None:
        raise MutationError("checkoutId", "not_found",
                            f"This store has no tracked checkout {checkout_id!r}.")
    # The content of a checkout does not depend on a run; the preview has none.
    run = ChainRun(installation=caller.installation, subject_kind=ChainRun.SubjectKind.CHECKOUT,
                   subject_id=snapshot.checkout_id, email=snapshot.email)
    subject = CheckoutSubject(snapshot, run, settings_for(caller.installation))
    return _compose(caller, subject.content(), template, subject.countries, draft)


class EmailTemplateSave(StaffMutation):
    """Saves the store's version of a template or partial once every email it affects is
    shown to compile and render with the sample cart; otherwise answers the stage and line
    at fault and saves nothing. Requires MANAGE_CHECKOUTS."""

    class Meta:
        name = "RetentionEmailTemplateSave"

    class Arguments:
        input = EmailTemplateInput(required=True, description="The template.")

    template = graphene.Field(EmailTemplateType, description="The saved template.")
    permissions = (MANAGE_CHECKOUTS,)

    @classmethod
    def perform(cls, info, caller, input):
        try:
            row = save_template(caller.installation, input.name, input.language, input.body,
                                timezone.now(), subject=input.subject or "",
                                channel_slug=(input.channel or "").strip())
        except TemplateRefused as refused:
            raise MutationError(refused.field, "invalid", str(refused)) from refused
        except TemplateProblem as problem:
            raise template_problem_error(problem) from problem
        return {"template": row}


class EmailTemplateDelete(StaffMutation):
    """Deletes the store's version of a template, so the shipped one (or the every-channel
    one) applies again. A partial the store's templates include cannot be deleted.
    Requires MANAGE_CHECKOUTS."""

    class Meta:
        name = "RetentionEmailTemplateDelete"

    class Arguments:
        name = graphene.String(required=True, description="The template's name.")
        language = graphene.String(required=True, description="Its language.")
        channel = graphene.String(description="Its channel's slug; empty: every channel.")

    deleted = graphene.Boolean(description="Whether the store's version was deleted.")
    permissions = (MANAGE_CHECKOUTS,)

    @classmethod
    def perform(cls, info, caller, name, language, channel=None):
        try:
            deleted = delete_template(caller.installation, name, language,
                                      (channel or "").strip())
        except TemplateRefused as refused:
            raise MutationError(refused.field, "invalid", str(refused)) from refused
        if not deleted:
            raise MutationError("name", "not_found",
                                f"The store has no {name!r} of its own in this language and "
                                "channel.")
        return {"deleted": True}


class EmailSendTest(StaffMutation):
    """Sends one email of the sample cart, its subject marked "[TEST] ", through the
    app's email backend from the store's sender, without unsubscribe headers. At most
    30 an hour per store. Requires MANAGE_CHECKOUTS."""

    class Meta:
        name = "RetentionEmailSendTest"

    class Arguments:
        to = graphene.String(required=True, description="Who receives it.")
        template = StepTemplate(required=True, description="The step's email.")
        language = graphene.String(description='The shopper\'s language ("EN", "pt-BR"); '
                                               "default EN.")
        currency = graphene.String(description="An ISO 4217 code; default USD.")
        channel = graphene.String(description="The channel whose templates and sender apply.")

    message_id = graphene.String(description="The email's Message-ID.")
    permissions = (MANAGE_CHECKOUTS,)

    @classmethod
    def perform(cls, info, caller, to, template, language=None, currency=None, channel=None):
        to = to.strip()
        try:
            validate_email(to)
        except ValidationError as exc:
            raise MutationError("to", "invalid", f"{to!r} is not an email address.") from exc
        rendered = _render_sample(caller, enum_value(template), language or "EN",
                                  currency or "USD", channel or "")
        key = f"api:email_send_test:{caller.installation.pk}"
        if not within_limit(key, TEST_EMAILS_PER_HOUR, timedelta(hours=1), timezone.now()):
            raise MutationError(None, "rate_limited",
                                f"At most {TEST_EMAILS_PER_HOUR} test emails an hour.")
        rendered = replace(rendered, subject=TEST_SUBJECT_PREFIX + rendered.subject)
        sender = sender_for(settings_for(caller.installation), channel or "")
        message_id = new_message_id("test")
        message = email_message(rendered, to, sender, message_id, unsubscribe_link="")
        try:
            message.send()
        except (AnymailError, smtplib.SMTPException, OSError) as exc:
            raise MutationError(None, "invalid", f"Sending failed: {exc}") from exc
        return {"message_id": message_id}


class TemplateQueries(graphene.ObjectType):
    retention_email_templates = graphene.List(
        graphene.NonNull(EmailTemplateType), required=True,
        language=graphene.String(description="Only this language."),
        channel=graphene.String(description="Only this channel's own; empty: the "
                                            "every-channel ones."),
        description="The store's own templates by name, language and channel. Requires "
                    "MANAGE_CHECKOUTS.")
    retention_email_preview = graphene.Field(
        EmailPreviewType,
        template=StepTemplate(required=True, description="The step's email."),
        language=graphene.String(description='The sample shopper\'s language ("EN", '
                                             '"pt-BR"); default EN.'),
        currency=graphene.String(description="The sample cart's currency; default USD."),
        channel=graphene.String(description="The channel whose templates apply."),
        checkout_id=graphene.ID(description=(
            "A tracked checkout of the store (Saleor's id) to show instead of the sample "
            "cart, in its own language, currency and channel.")),
        draft=EmailDraftInput(description=(
            "An edit to show in place of the saved or shipped template or partial, checked "
            "as a save in `language` and `channel` would check it; nothing is stored.")),
        description=("An email rendered by the code of a real send, with the sample cart or "
                     "a real checkout; refusals are top-level errors whose "
                     "`extensions.exception` gives code, field and line. Requires "
                     "MANAGE_CHECKOUTS."))
    retention_email_template_sources = graphene.List(
        graphene.NonNull(EmailTemplateSourceType), required=True,
        language=graphene.String(required=True, description='The language: "en", "pt-BR".'),
        channel=graphene.String(description="A channel's slug; empty: every channel."),
        description=("The step templates, then the partials, that the emails in a language "
                     "and channel are made from, with the text that applies now: the store's "
                     "version for the channel, else for every channel, else the shipped one "
                     "(a language the app does not ship shows the text its emails fall back "
                     "to). Requires MANAGE_CHECKOUTS."))
    retention_email_languages = graphene.List(
        graphene.NonNull(graphene.String), required=True,
        description=("The languages the store's emails can be in: those the app ships and "
                     "those the store saved templates in. Requires MANAGE_CHECKOUTS."))

    @staticmethod
    def resolve_retention_email_templates(root, info, language=None, channel=None):
        caller = staff(info, MANAGE_CHECKOUTS)
        rows = EmailTemplate.objects.filter(installation=caller.installation)
        if language is not None:
            rows = rows.filter(language=language_of(language))
        if channel is not None:
            rows = rows.filter(channel_slug=channel.strip())
        return list(rows.order_by("name", "language", "channel_slug"))

    @staticmethod
    def resolve_retention_email_template_sources(root, info, language, channel=None):
        caller = staff(info, MANAGE_CHECKOUTS)
        return template_sources(caller.installation, language, (channel or "").strip())

    @staticmethod
    def resolve_retention_email_languages(root, info):
        caller = staff(info, MANAGE_CHECKOUTS)
        return template_languages(caller.installation)

    @staticmethod
    def resolve_retention_email_preview(root, info, template, language=None, currency=None,
                                        channel=None, checkout_id=None, draft=None):
        caller = staff(info, MANAGE_CHECKOUTS)
        if draft is not None:
            draft = Draft(name=draft.name or enum_value(template), language=language or "EN",
                          channel_slug=(channel or "").strip(), subject=draft.subject or "",
                          body=draft.body)
        try:
            if checkout_id:
                return _render_checkout(caller, enum_value(template), checkout_id, draft)
            return _render_sample(caller, enum_value(template), language or "EN",
                                  currency or "USD", channel or "", draft)
        except MutationError as error:
            (problem,) = error.errors
            raise _query_error(problem.code.upper(), problem.field, problem.message,
                               problem.line) from error


class TemplateMutations(graphene.ObjectType):
    retention_email_template_save = EmailTemplateSave.Field(
        description="Saves a store's template.")
    retention_email_template_delete = EmailTemplateDelete.Field(
        description="Deletes a store's template.")
    retention_email_send_test = EmailSendTest.Field(description="Sends a test email.")
