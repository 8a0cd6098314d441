"""The Dashboard pages' texts and their translations (frontend/src/locales/): every message
the code defines (``id`` and English ``defaultMessage``) is translated, in the catalog of its
screen family, with the same placeholders; and no catalog holds a message the code lost."""

import json
import re
from pathlib import Path

import pytest

SOURCE = (Path(__file__).resolve().parents[2] / "saleor_retention" / "dashboard" / "frontend"
          / "src")
LANGUAGES = sorted(path.name for path in (SOURCE / "locales").iterdir() if path.is_dir())
FAMILIES = sorted(path.stem for path in (SOURCE / "locales" / "ru").glob("*.json"))
# A message id starts with its family ("chains.stepSaved"); the enum labels are common.
FAMILY_OF_PREFIX = {"enum": "common"}
# `id: "…", defaultMessage: "…"` (a message descriptor) or `id="…" defaultMessage="…"` (JSX).
MESSAGE = re.compile(
    r'id[:=]\s*"(?P<id>[\w.-]+)",?\s*defaultMessage[:=]\s*(?:\{\s*)?"(?P<text>(?:[^"\\]|\\.)*)"',
    re.S)
ARGUMENT = re.compile(r"\{\s*(\w+)\s*[,}]")


def code_messages() -> dict[str, str]:
    """Returns {id: English} of every message in the sources; fails on an id defined twice
    with two texts."""
    messages: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.js*")):
        if "locales" in path.parts:
            continue
        for match in MESSAGE.finditer(path.read_text()):
            text = json.loads(f'"{match["text"]}"')
            assert messages.setdefault(match["id"], text) == text, (
                f"{match['id']} has two English texts ({path.name})")
    return messages


def family_of(message_id: str) -> str:
    prefix = message_id.split(".", 1)[0]
    return FAMILY_OF_PREFIX.get(prefix, prefix)


def catalog(language: str, family: str) -> dict[str, str]:
    return json.loads((SOURCE / "locales" / language / f"{family}.json").read_text())


def test_the_pages_define_their_texts_as_messages():
    # given / when
    messages = code_messages()

    # then: every screen family has messages, each filed under a catalog that exists
    assert {family_of(message_id) for message_id in messages} == set(FAMILIES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("family", FAMILIES)
def test_each_message_is_translated_with_its_placeholders(language, family):
    # given
    english = {message_id: text for message_id, text in code_messages().items()
               if family_of(message_id) == family}
    translated = catalog(language, family)

    # when
    missing = sorted(set(english) - set(translated))
    unused = sorted(set(translated) - set(english))
    other_placeholders = sorted(
        message_id for message_id in set(english) & set(translated)
        if set(ARGUMENT.findall(english[message_id]))
        != set(ARGUMENT.findall(translated[message_id])))

    # then
    assert missing == []
    assert unused == []
    assert other_placeholders == []
