from django.contrib import admin
from django.urls import include, path

from saleor_retention.api.views import graphql_view
from saleor_retention.dashboard import views as dashboard_views
from saleor_retention.emails import views as email_views
from saleor_retention.health.views import health
from saleor_retention.recovery.views import follow_link
from saleor_retention.manifest import views as manifest_views
from saleor_retention.manifest.document import PATHS
from saleor_retention.manifest.webhooks import WEBHOOKS
from saleor_retention.webhooks.app import AppWebhookView
from saleor_retention.webhooks.checkout import CheckoutWebhookView
from saleor_retention.webhooks.customer import CustomerWebhookView
from saleor_retention.webhooks.order import OrderWebhookView

WEBHOOK_VIEWS = {
    "checkout": CheckoutWebhookView,
    "order": OrderWebhookView,
    "customer": CustomerWebhookView,
    "app": AppWebhookView,
}


def _route(name: str) -> str:
    """Django routes have no leading slash; the manifest's paths do."""
    return PATHS[name].lstrip("/")


# Webhooks first: they are nearly every request, and Django tries patterns in order.
urlpatterns = [
    path(spec.path.lstrip("/"), WEBHOOK_VIEWS[spec.family].as_view(), name=f"webhook-{spec.family}")
    for spec in WEBHOOKS
] + [
    path("anymail/", include("anymail.urls")),  # the email provider's tracking webhooks
    path(_route("homepage"), manifest_views.homepage, name="homepage"),
    path(_route("manifest"), manifest_views.manifest, name="manifest"),
    path(_route("register"), manifest_views.register, name="register"),
    # Stores installed before the Dashboard pages were built open /app.
    path("app", dashboard_views.page_view("overview"), name="dashboard-app"),
    path(_route("logo"), manifest_views.logo, name="logo"),
    path(_route("privacy"), manifest_views.privacy, name="privacy"),
    path(_route("support"), manifest_views.support, name="support"),
    path("health", health, name="health"),
    path("graphql/", graphql_view, name="graphql"),
    path("dashboard/", include("saleor_retention.dashboard.urls")),  # pages inside the Dashboard
    path("r/<str:token>", follow_link, name="recovery-link"),
    path("unsubscribe/<str:token>/", email_views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/undo/", email_views.resubscribe, name="resubscribe"),
    path("admin/", admin.site.urls),
]
