import pytest

from tests.fixtures.fake_saleor import FakeSaleor
from tests.fixtures.installations import make_installation  # noqa: F401  (re-exported)
from tests.fixtures.recordings import RECORDED_API_URL, RECORDED_APP_ID, recorded_jwks


@pytest.fixture
def fake_saleor():
    with FakeSaleor() as saleor:
        yield saleor


@pytest.fixture
def recorded_installation(db):
    """The installation that received the recorded webhooks (same API URL, app id, JWKS)."""
    return make_installation(api_url=RECORDED_API_URL, app_id=RECORDED_APP_ID,
                             jwks=recorded_jwks())


@pytest.fixture(autouse=True)
def _fresh_installation_cache():
    """Each test has its own installations; the web process cache must not carry them over."""
    from saleor_retention.installations.lookup import forget_installations

    forget_installations()
    yield
    forget_installations()
