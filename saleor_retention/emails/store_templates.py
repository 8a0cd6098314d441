"""A store's own email templates: saving one only after it is proven to make an email.

A store may replace any shipped template or partial, for every channel or one, or add a
language by saving templates in it. Before a template is saved, every step template it
affects is compiled with it (template syntax, known variables, MJML) and rendered with the
sample cart; a template that fails is refused with the stage and line, and nothing is
stored. The app's GraphQL mutations call these functions."""

from __future__ import annotations

import re
from datetime import datetime

from django.db import transaction
from zoneinfo import ZoneInfo

from saleor_retention.emails.context import email_context
from saleor_retention.emails.models import EmailTemplate
from saleor_retention.emails.rendering import compile_source, render
from saleor_retention.emails.samples import sample_content
from saleor_retention.emails.sources import (
    PARTIAL_NAME,
    STEP_TEMPLATES,
    is_shipped,
    language_of,
    load_source,
    overrides_in,
)
from saleor_retention.installations.models import Installation
from saleor_retention.stores.services import settings_for

LANGUAGE = re.compile(r"^[a-z]{2,3}(_[a-z0-9]{2,4})?$")


class TemplateRefused(ValueError):
    """The request names something that cannot be a template (``field`` says which)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _affected_steps(installation: Installation, channel_slug: str, language: str,
                    name: str) -> list[str]:
    """Returns the step templates an edit of ``name`` changes in ``language``."""
    if name in STEP_TEMPLATES:
        return [name]
    overrides = overrides_in(installation, channel_slug, language)
    return [step for step in STEP_TEMPLATES
            if overrides.has(step) or is_shipped(language, step)]


def check_template(installation: Installation, name: str, language: str, channel_slug: str,
                   subject: str, body: str, now: datetime) -> str:
    """Returns the normalised language when the template may be saved. Raises
    TemplateRefused for a bad name, language or subject, TemplateProblem (stage and line)
    when a template it affects would not make an email."""
    language = language_of(language)
    if name not in STEP_TEMPLATES and not PARTIAL_NAME.match(name):
        raise TemplateRefused("name", f"{name!r} is neither a step template "
                              f"({', '.join(STEP_TEMPLATES)}) nor a partial (partials/…).")
    if not LANGUAGE.match(language):
        raise TemplateRefused("language", f"{language!r} is not a language code such as "
                              "\"en\" or \"pt_br\".")
    if name in STEP_TEMPLATES and not subject.strip():
        raise TemplateRefused("subject", "A step template needs a subject.")
    if name not in STEP_TEMPLATES and subject.strip():
        raise TemplateRefused("subject", "A partial has no subject.")
    overrides = overrides_in(installation, channel_slug, language)
    context = email_context(sample_content(language, now=now), settings_for(installation),
                            installation, "https://example.com/unsubscribe/", ZoneInfo("UTC"))
    for step in _affected_steps(installation, channel_slug, language, name):
        render(compile_source(load_source(overrides, step, {name: (subject, body)})), context)
    return language


def save_template(installation: Installation, name: str, language: str, body: str,
                  now: datetime, subject: str = "", channel_slug: str = "") -> EmailTemplate:
    """Checks and stores the store's version of ``name``; returns the row with its new
    version. Raises as ``check_template``; nothing is stored then."""
    language = check_template(installation, name, language, channel_slug, subject, body, now)
    with transaction.atomic():
        row, created = EmailTemplate.objects.select_for_update().get_or_create(
            installation=installation, channel_slug=channel_slug, language=language, name=name,
            defaults={"subject": subject.strip(), "body": body})
        if not created:
            row.subject, row.body, row.version = subject.strip(), body, row.version + 1
            row.save(update_fields=["subject", "body", "version", "updated_at"])
    return row


def delete_template(installation: Installation, name: str, language: str,
                    channel_slug: str = "") -> bool:
    """Goes back to the shipped template (or the every-channel one); returns whether the
    store had its own. Raises TemplateRefused for a partial of the store's own that its
    other templates still include."""
    language = language_of(language)
    rows = EmailTemplate.objects.filter(installation=installation, language=language)
    if name.startswith("partials/") and not is_shipped(language, name) and not is_shipped(
            "", name):
        users = [row.name for row in rows.exclude(name=name)
                 if f'path="{name}.mjml"' in row.body]
        if users:
            raise TemplateRefused("name", f"{name!r} is still included by {', '.join(users)}.")
    deleted, _ = rows.filter(channel_slug=channel_slug, name=name).delete()
    return deleted > 0
