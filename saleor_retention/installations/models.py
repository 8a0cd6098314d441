from django.db import models

from saleor_retention.installations.tokens import decrypt_token, encrypt_token


class InstallationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Installation(models.Model):
    """One Saleor store that installed the app. Every other row belongs to one of these.

    A Saleor can install the app once at a time, so ``saleor_api_url`` is unique; installing
    again (a new ``app_id``) replaces the token, keys and id in place."""

    saleor_api_url = models.CharField(max_length=500, unique=True)
    saleor_domain = models.CharField(max_length=255, blank=True)
    app_id = models.CharField(max_length=100)
    encrypted_token = models.TextField(blank=True)
    jwks = models.JSONField(default=dict)
    jwks_fetched_at = models.DateTimeField(null=True)
    is_active = models.BooleanField(default=True)
    installed_at = models.DateTimeField()
    deactivated_at = models.DateTimeField(null=True)
    webhooks_digest = models.CharField(max_length=64, blank=True)
    webhooks_synced_at = models.DateTimeField(null=True)
    webhooks_sync_error = models.TextField(blank=True)

    objects = InstallationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["is_active", "webhooks_digest"])]

    def __str__(self) -> str:
        return f"{self.saleor_api_url} ({self.app_id})"

    @property
    def token(self) -> str:
        """Returns the decrypted app token; empty once the app was deleted."""
        return decrypt_token(self.encrypted_token) if self.encrypted_token else ""

    @token.setter
    def token(self, value: str) -> None:
        self.encrypted_token = encrypt_token(value) if value else ""
