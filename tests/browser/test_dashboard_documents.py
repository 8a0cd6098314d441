"""The GraphQL documents of the Dashboard pages (saleor_retention/dashboard/frontend/src/
graphql/) are valid against the app's API schema, graphql/retention.graphql."""

from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted((ROOT / "saleor_retention" / "dashboard" / "frontend" / "src" / "graphql")
                   .glob("*.graphql"))


def test_the_pages_have_documents():
    # given / when / then
    assert [path.name for path in DOCUMENTS] == [
        "AbandonedCheckouts.graphql", "CheckoutActions.graphql", "Overview.graphql",
        "RecoveredOrders.graphql"]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_each_document_is_valid_against_the_apps_schema(path):
    # given
    schema = build_schema((ROOT / "graphql" / "retention.graphql").read_text())

    # when
    errors = validate(schema, parse(path.read_text()))

    # then
    assert errors == []
