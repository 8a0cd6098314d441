from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from saleor_retention.health.checks import health_report


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database, broker and beat are all well; 503 with the details otherwise."""
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)
