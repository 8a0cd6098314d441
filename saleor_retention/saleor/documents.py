"""GraphQL documents the app sends to Saleor, kept as files under ``graphql/saleor/``.

Each is loaded by its path without the extension, e.g. ``load_document("queries/app_identity")``.
Fragments live in ``graphql/saleor/fragments/<Name>.graphql``, one per file named after the
fragment; a document that spreads ``...Name`` gets it (and the fragments it spreads)
appended. The tests validate every document, with its fragments, against Saleor's schema.
"""

import re
from functools import lru_cache
from pathlib import Path

DOCUMENTS_DIR = Path(__file__).resolve().parents[2] / "graphql" / "saleor"
FRAGMENTS_DIR = DOCUMENTS_DIR / "fragments"
_SPREAD = re.compile(r"\.\.\.\s*(?!on\b)([A-Za-z_][A-Za-z0-9_]*)")
_DEFINED = re.compile(r"\bfragment\s+([A-Za-z_][A-Za-z0-9_]*)\s+on\b")


def _with_fragments(text: str) -> str:
    defined = set(_DEFINED.findall(text))
    pending = [name for name in _SPREAD.findall(text) if name not in defined]
    while pending:
        name = pending.pop()
        if name in defined:
            continue
        fragment = (FRAGMENTS_DIR / f"{name}.graphql").read_text()
        defined.add(name)
        text = text.rstrip() + "\n\n" + fragment
        pending.extend(n for n in _SPREAD.findall(fragment) if n not in defined)
    return text


@lru_cache(maxsize=None)
def load_document(name: str) -> str:
    """Returns the text of ``graphql/saleor/<name>.graphql`` with the fragments it uses;
    raises FileNotFoundError."""
    path = (DOCUMENTS_DIR / f"{name}.graphql").resolve()
    if DOCUMENTS_DIR not in path.parents:
        raise FileNotFoundError(name)
    return _with_fragments(path.read_text())


def all_document_paths() -> list[Path]:
    """Returns every document file (not fragments), for validation and listing."""
    return sorted(path for path in DOCUMENTS_DIR.rglob("*.graphql")
                  if FRAGMENTS_DIR not in path.parents)
