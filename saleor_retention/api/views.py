"""``/graphql/``: the app's GraphQL API over HTTP (POST JSON, as Saleor's). Storefronts call
it from the browser on another origin, so it answers CORS; it never uses cookies, so any
origin may call it (authority comes from tokens in headers and arguments)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from saleor_retention.api.schema import schema

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Authorization, Saleor-Api-Url",
    "Access-Control-Max-Age": "86400",
}


def _answer(body: dict, status: int = 200) -> HttpResponse:
    response = JsonResponse(body, status=status)
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


@csrf_exempt
def graphql_view(request: HttpRequest) -> HttpResponse:
    if request.method == "OPTIONS":
        return _answer({}, 200)
    if request.method != "POST":
        return _answer({"errors": [{"message": "Send a POST with a JSON body."}]}, 405)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return _answer({"errors": [{"message": "The body is not JSON."}]}, 400)
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return _answer({"errors": [{"message": "The body must hold a query."}]}, 400)
    variables = body.get("variables") or {}
    if not isinstance(variables, dict):
        return _answer({"errors": [{"message": "variables must be an object."}]}, 400)
    result = schema.execute(body["query"], variables=variables, context_value=request,
                            operation_name=body.get("operationName"))
    answer: dict = {"data": result.data}
    if result.errors:
        answer["errors"] = [error.formatted for error in result.errors]
    return _answer(answer, 200 if result.data is not None or not result.errors else 400)
