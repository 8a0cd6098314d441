from django.apps import AppConfig


class SaleorRetentionConfig(AppConfig):
    name = "saleor_retention"
    label = "saleor_retention"
    verbose_name = "Saleor Retention"

    def ready(self) -> None:
        from saleor_retention import checks  # noqa: F401  (registers the system checks)
        from saleor_retention.emails import tracking  # noqa: F401  (receives anymail's signal)
