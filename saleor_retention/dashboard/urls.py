"""The Dashboard pages' URLs, under ``/dashboard/`` (the manifest's extensions point here)."""

from django.urls import path

from saleor_retention.dashboard import views

urlpatterns = [
    path("", views.page_view("overview"), name="dashboard-overview"),
    path("order-widget", views.page_view("order-widget"), name="dashboard-order-widget"),
    path("customer", views.page_view("customer"), name="dashboard-customer"),
    path("bundle/<str:name>", views.bundle, name="dashboard-bundle"),
]
