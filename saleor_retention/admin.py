"""Django admin for operators: read-mostly lists of checkouts, runs and reminders.

Staff of a store use the pages inside the Saleor Dashboard; the admin is for the people who
run the app (``saleor-retention createsuperuser``, then /admin/)."""

from django.contrib import admin
from django.utils import timezone

from saleor_retention.chains.planning import chain_changed

from saleor_retention.chains.models import Chain, ChainRun, ChainStep, RecoveredOrder, Reminder
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.discounts.models import DiscountCode, DiscountPolicy, DiscountVoucher
from saleor_retention.emails.models import EmailEvent, EmailTemplate
from saleor_retention.installations.models import Installation
from saleor_retention.recipients.models import Recipient
from saleor_retention.stores.models import StoreSettings
from saleor_retention.webhooks.models import WebhookEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Installation)
class InstallationAdmin(ReadOnlyAdmin):
    list_display = ["saleor_api_url", "app_id", "is_active", "installed_at", "webhooks_synced_at"]
    exclude = ["encrypted_token", "jwks"]


@admin.register(CheckoutSnapshot)
class CheckoutSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["checkout_id", "installation", "email", "channel_slug", "total", "currency",
                    "line_count", "saleor_updated_at", "next_check_at", "converted_at"]
    list_filter = ["installation", "channel_slug", "conversion"]
    search_fields = ["checkout_id", "email"]
    ordering = ["-saleor_updated_at"]
    show_full_result_count = False


class ChainStepInline(admin.TabularInline):
    model = ChainStep
    extra = 0


@admin.register(Chain)
class ChainAdmin(admin.ModelAdmin):
    list_display = ["name", "installation", "is_enabled", "priority", "abandon_after"]
    list_filter = ["installation", "is_enabled"]
    inlines = [ChainStepInline]

    def save_related(self, request, form, formsets, change) -> None:
        """After a chain and its steps are saved, its running reminders follow the change."""
        super().save_related(request, form, formsets, change)
        changed = chain_changed(form.instance, timezone.now())
        self.message_user(request, f"{changed} pending reminder(s) re-planned.")


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    fields = ["position", "template", "due_at", "state", "reason", "sent_at", "message_id"]
    readonly_fields = fields
    can_delete = False


@admin.register(ChainRun)
class ChainRunAdmin(ReadOnlyAdmin):
    list_display = ["subject_id", "chain_name", "email", "state", "triggered_at", "end_reason"]
    list_filter = ["installation", "state", "chain_name"]
    search_fields = ["subject_id", "email"]
    inlines = [ReminderInline]
    show_full_result_count = False


class EmailEventInline(admin.TabularInline):
    model = EmailEvent
    extra = 0
    fields = ["occurred_at", "kind", "esp_name", "description"]
    readonly_fields = fields
    can_delete = False


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["pk", "run", "position", "state", "reason", "due_at", "sent_at", "delivery",
                    "opened_at", "clicked_at", "email"]
    inlines = [EmailEventInline]
    list_filter = ["installation", "state", "reason"]
    search_fields = ["email", "run__subject_id", "message_id"]
    ordering = ["-due_at"]
    show_full_result_count = False


@admin.register(RecoveredOrder)
class RecoveredOrderAdmin(ReadOnlyAdmin):
    list_display = ["order_number", "installation", "total", "currency", "matched_by",
                    "ordered_at", "cancelled_at"]
    list_filter = ["installation", "matched_by"]


@admin.register(Recipient)
class RecipientAdmin(ReadOnlyAdmin):
    """The addresses a store has mailed, with its unsubscribe and suppression lists."""

    list_display = ["email", "installation", "last_reminded_at", "unsubscribed_at",
                    "suppressed_at", "suppression_reason"]
    list_filter = ["installation", "suppression_reason"]
    search_fields = ["email"]
    show_full_result_count = False


@admin.register(EmailTemplate)
class EmailTemplateAdmin(ReadOnlyAdmin):
    """Stores edit their templates through the app's API, which validates them first."""

    list_display = ["name", "language", "channel_slug", "installation", "version", "updated_at"]
    list_filter = ["installation", "language", "name"]


@admin.register(DiscountPolicy)
class DiscountPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "installation", "kind", "value", "validity", "once_per_customer"]
    list_filter = ["installation", "kind"]


@admin.register(DiscountVoucher)
class DiscountVoucherAdmin(ReadOnlyAdmin):
    list_display = ["saleor_id", "installation", "policy", "channel_slug", "bucket_start",
                    "ends_at", "deleted_at", "last_error"]
    list_filter = ["installation", "channel_slug"]


@admin.register(DiscountCode)
class DiscountCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "installation", "state", "holder", "expires_at", "used_at",
                    "order_id"]
    list_filter = ["installation", "state"]
    search_fields = ["code", "order_id"]
    show_full_result_count = False


admin.site.register(StoreSettings)
admin.site.register(WebhookEvent, ReadOnlyAdmin)
