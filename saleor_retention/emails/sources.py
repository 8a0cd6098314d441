"""Where an email template's text comes from: the store's own versions in the database, else
the files shipped in ``email_templates/``.

A template is a subject (``<name>.subject.txt``) and an MJML body (``<name>.mjml``) in one
language folder. Bodies pull shared pieces in with MJML's ``<mj-include path="…" />``; a
partial is looked up in the language's folder first, then in the shared ``partials/``. A
store's version of a template or partial, for one channel or for all, replaces the shipped
one; a store can also add a language by saving templates in it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from saleor_retention.emails.errors import TemplateProblem
from saleor_retention.emails.models import EmailTemplate
from saleor_retention.installations.models import Installation

STEP_TEMPLATES = ("first_reminder", "follow_up", "last_chance")
DEFAULT_LANGUAGE = "en"
INCLUDE = re.compile(r'<mj-include\s+path="(?P<path>[^"]+)"\s*/>')
# Includes nest (cart → lines); deeper than this is a loop.
MAX_INCLUDE_DEPTH = 5
PARTIAL_NAME = re.compile(r"^partials/[a-z0-9_]+$")


def shipped_folder() -> Path:
    return Path(settings.EMAIL_TEMPLATES_DIR)


@lru_cache(maxsize=256)
def _shipped_text(path: Path) -> str | None:
    """Returns a shipped file's text, read once per process; None when there is none."""
    return path.read_text(encoding="utf-8") if path.is_file() else None


def is_shipped(language: str, name: str) -> bool:
    """Returns whether the app ships the template ``name`` in ``language``."""
    return _shipped_text(shipped_folder() / language / f"{name}.mjml") is not None


def language_of(language_code: str) -> str:
    """Returns the template language for a Saleor ``LanguageCodeEnum`` value ("PT_BR" →
    "pt_br", "RU" → "ru"); "" for none."""
    return (language_code or "").strip().lower().replace("-", "_")


def shipped_languages() -> tuple[str, ...]:
    return tuple(sorted(path.parent.name for path in shipped_folder().glob("*/first_reminder.mjml")))


def partial_name(include_path: str) -> str:
    """Returns the partial's name for an include path: "partials/cart.mjml" → "partials/cart"."""
    return include_path.removesuffix(".mjml")


class Overrides:
    """A store's saved templates that apply to one channel and language: the channel's own
    win over those for every channel. ``stamp`` changes whenever any of them changes, so it
    keys the compiled-template cache. Built by ``overrides_for``."""

    def __init__(self, language: str, rows: list[tuple[int, str, str, int]]):
        chosen: dict[str, tuple[int, int]] = {}
        # (pk, name, channel, version); the channel's own rows first
        for pk, name, channel, version in sorted(rows, key=lambda row: row[2] == ""):
            chosen.setdefault(name, (pk, version))
        self.language = language
        self._chosen = chosen
        self.stamp = tuple(sorted((name, pk, version) for name, (pk, version) in chosen.items()))
        self._rows: dict[int, EmailTemplate] | None = None

    def has(self, name: str) -> bool:
        return name in self._chosen

    def get(self, name: str) -> EmailTemplate | None:
        """Returns the store's version of ``name``, its text read on first need."""
        if name not in self._chosen:
            return None
        if self._rows is None:
            self._rows = EmailTemplate.objects.in_bulk([pk for pk, _ in self._chosen.values()])
        return self._rows.get(self._chosen[name][0])


@dataclass(frozen=True)
class Source:
    """One template ready to compile: the subject, and the body with its includes expanded.
    ``spans`` maps ranges of the expanded body back to where each piece came from, so an
    error can name the partial and its line."""

    name: str
    language: str
    subject: str
    body: str
    spans: tuple[tuple[int, int, str, int], ...]  # (start, end, origin, first line there)

    def origin_of(self, offset: int) -> tuple[str, int]:
        """Returns (origin, line) of a character offset of the expanded body."""
        for start, end, origin, first_line in self.spans:
            if start <= offset < end:
                return origin, first_line + self.body.count("\n", start, offset)
        return self.name, 1 + self.body.count("\n", 0, offset)


def _override_rows(installation: Installation | None, channel_slug: str,
                   languages: list[str]) -> list[tuple[int, str, str, str, int]]:
    if installation is None:
        return []
    return list(EmailTemplate.objects.filter(
        installation=installation, channel_slug__in={channel_slug, ""}, language__in=languages,
    ).values_list("pk", "language", "name", "channel_slug", "version"))


def _overrides(language: str, rows: list[tuple[int, str, str, str, int]]) -> Overrides:
    return Overrides(language, [(pk, name, channel, version)
                                for pk, row_language, name, channel, version in rows
                                if row_language == language])


def overrides_in(installation: Installation | None, channel_slug: str,
                 language: str) -> Overrides:
    """Returns the store's templates for exactly ``language`` (no fallback)."""
    return _overrides(language, _override_rows(installation, channel_slug, [language]))


def overrides_for(installation: Installation | None, channel_slug: str, language_code: str,
                  name: str) -> Overrides:
    """Returns the store's templates in the shopper's language if ``name`` exists in it (the
    store's or shipped), else in its base language ("pt_br" → "pt"), else in English. One
    query."""
    language = language_of(language_code)
    candidates = list(dict.fromkeys(
        code for code in (language, language.split("_")[0], DEFAULT_LANGUAGE) if code))
    rows = _override_rows(installation, channel_slug, candidates)
    for candidate in candidates:
        overrides = _overrides(candidate, rows)
        if overrides.has(name) or is_shipped(candidate, name):
            return overrides
    raise LookupError(f"There is no template {name!r} in {', '.join(candidates)}.")


def _partial_text(overrides: Overrides, name: str, drafts: dict[str, tuple[str, str]]) -> str | None:
    if name in drafts:
        return drafts[name][1]
    row = overrides.get(name)
    if row is not None:
        return row.body
    # A language the app does not ship borrows the English partials the store has not
    # translated yet.
    for folder in (overrides.language, "", DEFAULT_LANGUAGE):
        text = _shipped_text(shipped_folder() / folder / f"{name}.mjml")
        if text is not None:
            return text
    return None


def load_source(overrides: Overrides, name: str,
                drafts: dict[str, tuple[str, str]] | None = None) -> Source:
    """Returns the template ``name`` in the overrides' language with its includes expanded.
    ``drafts`` ({name: (subject, body)}) stand in for stored or shipped templates and
    partials, to check an edit before it is saved. Raises LookupError when ``name`` does not
    exist, TemplateProblem for an include that does not."""
    drafts = drafts or {}
    if name in drafts:
        subject, body = drafts[name]
    else:
        row = overrides.get(name)
        if row is not None:
            subject, body = row.subject, row.body
        else:
            folder = shipped_folder() / overrides.language
            body = _shipped_text(folder / f"{name}.mjml")
            subject = _shipped_text(folder / f"{name}.subject.txt") or ""
    if body is None:
        raise LookupError(f"There is no template {name!r} in {overrides.language!r}.")
    pieces: list[str] = []
    spans: list[tuple[int, int, str, int]] = []

    def add(text: str, start: int, end: int, origin: str) -> None:
        length = spans[-1][1] if spans else 0
        spans.append((length, length + end - start, origin, 1 + text.count("\n", 0, start)))
        pieces.append(text[start:end])

    def expand(text: str, origin: str, depth: int) -> None:
        position = 0
        for match in INCLUDE.finditer(text):
            add(text, position, match.start(), origin)
            partial = partial_name(match["path"])
            line = 1 + text.count("\n", 0, match.start())
            if depth >= MAX_INCLUDE_DEPTH:
                raise TemplateProblem("mjml", origin, line, "includes nest too deep (a loop?)")
            included = (_partial_text(overrides, partial, drafts) if PARTIAL_NAME.match(partial)
                        else None)
            if included is None:
                raise TemplateProblem("mjml", origin, line, f"unknown include {match['path']!r}")
            expand(included, partial, depth + 1)
            position = match.end()
        add(text, position, len(text), origin)

    expand(body, name, 0)
    return Source(name=name, language=overrides.language, subject=(subject or "").strip(),
                  body="".join(pieces), spans=tuple(spans))
