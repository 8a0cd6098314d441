"""How the API reports problems, as Saleor does: a mutation answers ``errors { field code
message }`` with a code from one enum; a caller without permission gets a top-level error
with ``extensions.exception.code = "PermissionDenied"`` and nothing changes."""

from __future__ import annotations

import graphene


class RetentionErrorCode(graphene.Enum):
    """Why a mutation did not do what was asked."""

    INVALID = "invalid"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    TEMPLATE_SUBJECT = "template_subject"
    TEMPLATE_VARIABLES = "template_variables"
    TEMPLATE_MJML = "template_mjml"
    TEMPLATE_RENDER = "template_render"
    TEMPLATE_TEXT = "template_text"
    RATE_LIMITED = "rate_limited"
    SALEOR_UNAVAILABLE = "saleor_unavailable"
    SALEOR_REJECTED = "saleor_rejected"


class RetentionError(graphene.ObjectType):
    """One problem with a mutation's input."""

    field = graphene.String(description="The input field at fault; null for the whole input.")
    code = graphene.Field(RetentionErrorCode, required=True, description="What went wrong.")
    message = graphene.String(required=True, description="Why, for a human.")
    line = graphene.Int(description="For a template: the line at fault, when known.")


class MutationError(Exception):
    """Raised by a service call inside a mutation to answer with ``errors``; nothing the
    mutation did is kept (it runs in a transaction)."""

    def __init__(self, field: str | None, code: str, message: str, line: int | None = None):
        super().__init__(message)
        self.errors = [RetentionError(field=field, code=code, message=message, line=line)]


TEMPLATE_STAGE_CODES = {"subject": "template_subject", "variables": "template_variables",
                        "mjml": "template_mjml", "render": "template_render",
                        "text": "template_text"}
