"""The GraphQL documents of the Dashboard pages (saleor_retention/dashboard/frontend/src/
graphql/) are valid against the app's API schema, graphql/retention.graphql."""

from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "saleor_retention" / "dashboard" / "frontend" / "src"
DOCUMENTS = sorted((SOURCE / "graphql").glob("*.graphql"))


def test_every_document_is_used_by_a_screen():
    # given
    sources = "".join(path.read_text() for path in SOURCE.rglob("*.js*"))

    # when
    unused = [path.name for path in DOCUMENTS if f"graphql/{path.name}\"" not in sources]

    # then
    assert DOCUMENTS
    assert unused == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_each_document_is_valid_against_the_apps_schema(path):
    # given
    schema = build_schema((ROOT / "graphql" / "retention.graphql").read_text())

    # when
    errors = validate(schema, parse(path.read_text()))

    # then
    assert errors == []
