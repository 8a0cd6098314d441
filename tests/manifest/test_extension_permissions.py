"""Each Dashboard extension declares the permissions its page's operations need.

Saleor gives an extension's page a token that carries exactly the extension's declared
permissions (and shows the extension only to staff who hold them all; see
../shared/saleor/README.md, "Dashboard tokens"). An operation whose permission the
extension does not declare is refused on that page whoever opens it."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from graphql import OperationDefinitionNode, build_schema, parse

from saleor_retention.manifest.document import extensions

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "saleor_retention" / "dashboard" / "frontend" / "src"
SCHEMA = build_schema((ROOT / "graphql" / "retention.graphql").read_text())
# The screens each extension's page shows (frontend/src/App.jsx SCREENS), and the
# documents their source files import, followed through their imports.
PAGE_ENTRIES = {"/dashboard/": "screens/CartRecovery.jsx",
                "/dashboard/order-widget": "screens/OrderWidget.jsx",
                "/dashboard/customer": "screens/CustomerCheckouts.jsx"}
IMPORT = re.compile(r'from "(\.{1,2}/[^"]+)"')


def documents_of(entry: str) -> set[Path]:
    """Returns the .graphql files that ``entry`` (a source file under frontend/src) and the
    files it imports, transitively, use."""
    seen, documents, queue = set(), set(), [FRONTEND / entry]
    while queue:
        path = queue.pop().resolve()
        if path in seen:
            continue
        seen.add(path)
        for target in IMPORT.findall(path.read_text()):
            imported = (path.parent / target).resolve()
            if imported.suffix == ".graphql":
                documents.add(imported)
            elif imported.suffix in {".js", ".jsx"}:
                queue.append(imported)
    return documents


def required_permissions(document: Path) -> set[str]:
    """Returns the permissions the root fields of ``document``'s operations require, as
    the schema's descriptions state them ("Requires MANAGE_CHECKOUTS.")."""
    needed = set()
    for definition in parse(document.read_text()).definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        root = SCHEMA.get_root_type(definition.operation)
        for selection in definition.selection_set.selections:
            field = root.fields[selection.name.value]
            text = " ".join(filter(None, [field.description,
                                          getattr(field.type, "description", None)]))
            needed.update(re.findall(r"Requires\s+([A-Z_]+)", text))
    return needed


EXTENSIONS = extensions("https://retention.example.com", (3, 23))


@pytest.mark.parametrize("extension", EXTENSIONS, ids=lambda extension: extension["mount"])
def test_an_extension_declares_every_permission_its_page_needs(extension):
    # given
    documents = documents_of(PAGE_ENTRIES[urlsplit(extension["url"]).path])

    # when
    needed = set().union(*(required_permissions(document) for document in documents))

    # then
    assert documents
    assert needed <= set(extension["permissions"])


def test_the_permission_reading_sees_each_kind_of_operation():
    # given: the customer popup's document holds queries and mutations of two permissions
    documents = documents_of("screens/CustomerCheckouts.jsx")

    # when / then
    assert {path.name for path in documents} == {"AbandonedCheckouts.graphql"}
    assert set().union(*map(required_permissions, documents)) == {"MANAGE_CHECKOUTS",
                                                                  "MANAGE_USERS"}
