"""Turning a template and its variables into an email: subject, HTML and plain text.

MJML is compiled once per template version, with the template tags left in place (MJML
carries ``{{ … }}`` through as text and ``<mj-raw>`` keeps ``{% for %}`` between rows). The
compiled HTML is a Django template, cached per process under the template's version, so a
send only fills in variables and never recompiles. Each stage fails with its own
TemplateProblem, before anything is sent:

1. subject: the subject's template syntax and variables;
2. variables: the body's template syntax and variables (``emails.variables``);
3. mjml: MJML to HTML (mjml-python), and the HTML still a valid template;
4. render: filling in the variables;
5. text: the plain-text part, made once from the compiled HTML (``emails.text``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import mjml
from django.template import Context, Engine, Template, TemplateSyntaxError

from saleor_retention.emails.errors import TemplateProblem
from saleor_retention.emails.sources import Overrides, Source, load_source
from saleor_retention.emails.text import html_to_text, tidy_text
from saleor_retention.emails.variables import UnknownVariable, check_nodes

# Checking keeps token positions to name the line; rendering does without the cost.
CHECKING_ENGINE = Engine(debug=True, autoescape=True)
RENDERING_ENGINE = Engine(debug=False, autoescape=True)
TEXT_ENGINE = Engine(debug=False)  # rendered without escaping: plain text
MJML_POSITION = re.compile(r"position (\d+)")
# Compiled templates kept per process: (language, name, store versions) → CompiledEmail.
# A few hundred cover every language and step of many stores; each is some tens of KB.
CACHE_SIZE = 512


@dataclass(frozen=True)
class CompiledEmail:
    name: str
    language: str
    subject: Template
    html: Template
    text: Template


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    html: str
    text: str


_compiled: dict[tuple, CompiledEmail] = {}


def _checked(text: str, stage: str, source: Source, locate) -> Template:
    """Parses ``text`` and checks its variables; raises TemplateProblem at ``stage``."""
    try:
        template = CHECKING_ENGINE.from_string(text)
        check_nodes(template.nodelist)
    except TemplateSyntaxError as exc:
        origin, line = locate(getattr(exc, "template_debug", {}).get("start", 0))
        raise TemplateProblem(stage, origin, line, str(exc)) from exc
    except UnknownVariable as exc:
        origin, line = locate(exc.offset)
        raise TemplateProblem(stage, origin, line, str(exc)) from exc
    return template


def compile_source(source: Source) -> CompiledEmail:
    """Returns the compiled email of ``source``; raises TemplateProblem."""
    subject_line = lambda offset: (source.name, 1)  # noqa: E731
    _checked(source.subject, "subject", source, subject_line)
    if not source.subject:
        raise TemplateProblem("subject", source.name, 1, "the subject is empty")
    _checked(source.body, "variables", source, source.origin_of)
    try:
        html = mjml.mjml2html(source.body)
    except ValueError as exc:  # mjml-python reports MJML errors as ValueError
        raise TemplateProblem("mjml", *_mjml_error_origin(source, str(exc)), str(exc)) from exc
    try:
        html_template = RENDERING_ENGINE.from_string(html)
    except TemplateSyntaxError as exc:
        raise TemplateProblem("mjml", source.name, 0,
                              f"the HTML from MJML breaks a template tag: {exc}") from exc
    try:
        text_template = TEXT_ENGINE.from_string(html_to_text(html))
    except (TemplateSyntaxError, ValueError, AssertionError) as exc:
        raise TemplateProblem("text", source.name, 0, str(exc)) from exc
    return CompiledEmail(name=source.name, language=source.language,
                         subject=RENDERING_ENGINE.from_string(source.subject), html=html_template,
                         text=text_template)


def _mjml_error_origin(source: Source, message: str) -> tuple[str, int]:
    """Returns (template, line) of an MJML error. mjml-python counts positions in bytes of
    the UTF-8 text; an unclosed element is reported at the end."""
    position = MJML_POSITION.search(message)
    if position is not None:
        offset = len(source.body.encode()[:int(position[1])].decode(errors="ignore"))
    elif "end of stream" in message:
        offset = len(source.body.rstrip()) - 1
    else:
        return source.name, 0
    return source.origin_of(offset)


def compiled_email(overrides: Overrides, name: str) -> CompiledEmail:
    """Returns the compiled template ``name`` for the overrides' store, channel and language,
    compiling it only when this version was not compiled in this process yet."""
    key = (overrides.language, name, overrides.stamp)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = compile_source(load_source(overrides, name))
        if len(_compiled) >= CACHE_SIZE:
            _compiled.pop(next(iter(_compiled)))  # the oldest entry
        _compiled[key] = compiled
    return compiled


def forget_compiled() -> None:
    """Drops every compiled template of this process (benchmarks, tests)."""
    _compiled.clear()


def render(compiled: CompiledEmail, context: dict) -> RenderedEmail:
    """Returns the email with ``context`` filled in; raises TemplateProblem."""
    try:
        subject = " ".join(compiled.subject.render(Context(context)).split())
        html = compiled.html.render(Context(context))
        text = tidy_text(compiled.text.render(Context(context, autoescape=False)))
    except (TemplateSyntaxError, ValueError, TypeError, AttributeError, KeyError) as exc:
        raise TemplateProblem("render", compiled.name, 0, str(exc)) from exc
    if not subject:
        raise TemplateProblem("subject", compiled.name, 1, "the subject renders empty")
    return RenderedEmail(subject=subject, html=html, text=text)
