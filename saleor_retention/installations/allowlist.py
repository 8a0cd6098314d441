"""Which Saleor API URLs may install the app.

The registration request is not signed, so the ``Saleor-Api-Url`` it names is checked here
before the app sends anything to it. A pattern is a full URL; a ``*`` may stand for one
whole host label (``https://*.saleor.cloud/graphql/``) or for the port
(``http://127.0.0.1:*/graphql/``). Scheme and path must match exactly.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _split(url: str) -> SplitResult | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.netloc:
        return None
    if parts.username or parts.password or parts.query or parts.fragment:
        return None
    return parts


def _port_text(parts: SplitResult) -> str:
    """Returns the port as text; ``*`` is kept as written."""
    host_port = parts.netloc.rsplit("]", 1)[-1]
    if ":" in host_port:
        return host_port.rsplit(":", 1)[1]
    return str(_DEFAULT_PORTS[parts.scheme])


def pattern_problem(pattern: str) -> str | None:
    """Returns why ``pattern`` is not a valid allowlist entry, or None when it is."""
    parts = _split(pattern)
    if parts is None:
        return (f"Allowlist entry {pattern!r} must be an http(s) URL without user, query or "
                "fragment, e.g. https://shop.example.com/graphql/.")
    host = (parts.netloc.rsplit("@", 1)[-1]).split(":")[0].lower()
    labels = host.split(".")
    if not all(label == "*" or _LABEL.match(label) for label in labels):
        return f"Allowlist entry {pattern!r} has an invalid host."
    if labels[-1] == "*" or (labels.count("*") and len(labels) < 3):
        return f"Allowlist entry {pattern!r} is too broad: a * may not replace the domain itself."
    port = _port_text(parts)
    if port != "*" and not port.isdigit():
        return f"Allowlist entry {pattern!r} has an invalid port."
    return None


def _host_matches(pattern_host: str, host: str) -> bool:
    pattern_labels = pattern_host.split(".")
    labels = host.split(".")
    if len(pattern_labels) != len(labels):
        return False
    return all(
        expected == "*" and _LABEL.match(label) or expected == label
        for expected, label in zip(pattern_labels, labels)
    )


def is_allowed(api_url: str, patterns: tuple[str, ...]) -> bool:
    """Returns True when ``api_url`` matches one of ``patterns`` (see the module docstring)."""
    parts = _split(api_url)
    if parts is None or not parts.hostname:
        return False
    host = parts.hostname.lower()
    try:
        port = str(parts.port or _DEFAULT_PORTS[parts.scheme])
    except ValueError:
        return False
    for pattern in patterns:
        expected = _split(pattern)
        if expected is None or expected.scheme != parts.scheme or expected.path != parts.path:
            continue
        expected_port = _port_text(expected)
        if expected_port not in ("*", port):
            continue
        if _host_matches(expected.netloc.split(":")[0].lower(), host):
            return True
    return False
