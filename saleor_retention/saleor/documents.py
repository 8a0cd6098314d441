"""GraphQL documents the app sends to Saleor, kept as files under ``graphql/saleor/``.

Each is loaded by its path without the extension, e.g. ``load_document("queries/app_identity")``.
The tests validate every file there against Saleor's real schema.
"""

from functools import lru_cache
from pathlib import Path

DOCUMENTS_DIR = Path(__file__).resolve().parents[2] / "graphql" / "saleor"


@lru_cache(maxsize=None)
def load_document(name: str) -> str:
    """Returns the text of ``graphql/saleor/<name>.graphql``; raises FileNotFoundError."""
    path = (DOCUMENTS_DIR / f"{name}.graphql").resolve()
    if DOCUMENTS_DIR not in path.parents:
        raise FileNotFoundError(name)
    return path.read_text()


def all_document_paths() -> list[Path]:
    """Returns every document file, for validation and listing."""
    return sorted(DOCUMENTS_DIR.rglob("*.graphql"))
