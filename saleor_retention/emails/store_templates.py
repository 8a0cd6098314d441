"""A store's own email templates: saving one only after it is proven to make an email.

A store may replace any shipped template or partial, for every channel or one, or add a
language by saving templates in it. Before a template is saved, every step template it
affects is compiled with it (template syntax, known variables, MJML) and rendered with the
sample cart; a template that fails is refused with the stage and line, and nothing is
stored. A draft (an edit not saved yet) is checked the same way and rendered for a preview.
The app's GraphQL API calls these functions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from zoneinfo import ZoneInfo

from saleor_retention.chains.subjects import MessageContent
from saleor_retention.emails.context import email_context
from saleor_retention.emails.models import EmailTemplate
from saleor_retention.emails.rendering import RenderedEmail, compile_source, render
from saleor_retention.emails.samples import sample_content
from saleor_retention.emails.sources import (
    DEFAULT_LANGUAGE,
    PARTIAL_NAME,
    STEP_TEMPLATES,
    is_shipped,
    language_of,
    load_source,
    overrides_for,
    overrides_in,
    shipped_folder,
    shipped_languages,
)
from saleor_retention.installations.models import Installation
from saleor_retention.stores.models import StoreSettings
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


@dataclass(frozen=True)
class Draft:
    """An edit of the template or partial ``name`` that is not saved: what a save of it in
    ``language`` and ``channel_slug`` would store."""

    name: str
    language: str
    channel_slug: str
    subject: str
    body: str


def render_draft(installation: Installation, store: StoreSettings, content: MessageContent,
                 template_name: str, zone: ZoneInfo, unsubscribe_link: str, draft: Draft,
                 now: datetime) -> RenderedEmail:
    """Returns the email of ``template_name`` for ``content`` as a real send renders it
    (``messages.compose``), with ``draft`` in place of the stored or shipped version of its
    name. Stores nothing, and compiles outside the cache of saved versions. Raises as
    ``check_template`` when the draft could not be saved, LookupError when the template
    exists in no candidate language."""
    check_template(installation, draft.name, draft.language, draft.channel_slug,
                   draft.subject, draft.body, now)
    overrides = overrides_for(installation, content.channel_slug, content.language,
                              template_name)
    source = load_source(overrides, template_name, {draft.name: (draft.subject, draft.body)})
    context = email_context(content, store, installation, unsubscribe_link, zone)
    return render(compile_source(source), context)


@dataclass(frozen=True)
class TemplateSource:
    """The text of a template or partial as it applies now; ``shipped`` when it is the app's
    own rather than a version the store saved."""

    name: str
    subject: str
    body: str
    shipped: bool


def _shipped_file(folders: tuple[str, ...], file_name: str) -> str | None:
    for folder in folders:
        path = shipped_folder() / folder / file_name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def template_sources(installation: Installation, language_code: str,
                     channel_slug: str = "") -> list[TemplateSource]:
    """Returns the step templates, then the partials by name, that the emails in a language
    and channel are made from, each with the text that applies: the store's version for the
    channel, else for every channel, else the shipped one. A language the app does not ship
    shows the text its emails fall back to (the base language's, else English)."""
    language = language_of(language_code)
    candidates = tuple(dict.fromkeys(
        code for code in (language, language.split("_")[0], DEFAULT_LANGUAGE) if code))
    overrides = {code: overrides_in(installation, channel_slug, code) for code in candidates}
    sources = []
    for name in STEP_TEMPLATES:
        for code in candidates:
            row = overrides[code].get(name)
            if row is not None:
                sources.append(TemplateSource(name, row.subject, row.body, shipped=False))
                break
            if is_shipped(code, name):
                sources.append(TemplateSource(
                    name, (_shipped_file((code,), f"{name}.subject.txt") or "").strip(),
                    _shipped_file((code,), f"{name}.mjml"), shipped=True))
                break
    # A partial is looked up as an include is: the language's folder, the shared one, English.
    folders = (language, "", DEFAULT_LANGUAGE)
    shipped_partials = {f"partials/{path.stem}" for folder in folders
                        for path in (shipped_folder() / folder / "partials").glob("*.mjml")}
    own_partials = set(EmailTemplate.objects.filter(
        installation=installation, language=language, channel_slug__in={channel_slug, ""},
        name__startswith="partials/").values_list("name", flat=True))
    for name in sorted(shipped_partials | own_partials):
        row = overrides[language].get(name)
        if row is not None:
            sources.append(TemplateSource(name, "", row.body, shipped=False))
        else:
            sources.append(TemplateSource(name, "", _shipped_file(folders, f"{name}.mjml"),
                                          shipped=True))
    return sources


def template_languages(installation: Installation) -> list[str]:
    """Returns the languages the store's emails can be in: those the app ships and those the
    store saved templates in."""
    own = EmailTemplate.objects.filter(installation=installation).values_list(
        "language", flat=True)
    return sorted(set(shipped_languages()) | set(own))
