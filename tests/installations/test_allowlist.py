import pytest

from saleor_retention.installations.allowlist import is_allowed, pattern_problem

PATTERNS = ("https://shop.example.com/graphql/", "https://*.saleor.cloud/graphql/",
            "http://127.0.0.1:*/graphql/")


@pytest.mark.parametrize("api_url, allowed", [
    ("https://shop.example.com/graphql/", True),
    ("https://shop.example.com:443/graphql/", True),
    ("https://SHOP.example.com/graphql/", True),
    ("https://acme.saleor.cloud/graphql/", True),
    ("http://127.0.0.1:8000/graphql/", True),
    ("http://shop.example.com/graphql/", False),
    ("https://shop.example.com:8443/graphql/", False),
    ("https://shop.example.com/graphql", False),
    ("https://shop.example.com/graphql/?x=1", False),
    ("https://user@shop.example.com/graphql/", False),
    ("https://a.b.saleor.cloud/graphql/", False),
    ("https://evil.com/x.saleor.cloud/graphql/", False),
    ("https://saleor.cloud/graphql/", False),
    ("http://127.0.0.2:8000/graphql/", False),
    ("http://127.0.0.1:notaport/graphql/", False),
    ("ftp://shop.example.com/graphql/", False),
    ("", False),
])
def test_only_urls_matching_a_pattern_are_allowed(api_url, allowed):
    # when / then
    assert is_allowed(api_url, PATTERNS) is allowed


@pytest.mark.parametrize("pattern, problem", [
    ("https://shop.example.com/graphql/", None),
    ("https://*.saleor.cloud/graphql/", None),
    ("https://*.com/graphql/", "Allowlist entry 'https://*.com/graphql/' is too broad: a * may "
                               "not replace the domain itself."),
    ("https://shop.*/graphql/", "Allowlist entry 'https://shop.*/graphql/' is too broad: a * "
                                "may not replace the domain itself."),
    ("shop.example.com", "Allowlist entry 'shop.example.com' must be an http(s) URL without "
                         "user, query or fragment, e.g. https://shop.example.com/graphql/."),
    ("https://sh_op.example.com/graphql/", "Allowlist entry 'https://sh_op.example.com/graphql/' "
                                           "has an invalid host."),
])
def test_a_bad_pattern_is_explained(pattern, problem):
    # when / then
    assert pattern_problem(pattern) == problem
