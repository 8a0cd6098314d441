"""What every query and mutation of the API shares: who is calling, and the shape of a
mutation's answer."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.db import transaction
from graphql import GraphQLError

from saleor_retention.api.auth import READ_PERMISSION, PermissionDenied, Staff, staff_of
from saleor_retention.api.errors import MutationError, RetentionError


def permission_error(denied: PermissionDenied) -> GraphQLError:
    return GraphQLError(str(denied), extensions={"exception": {
        "code": "PermissionDenied", "permissions": list(denied.permissions)}})


def staff(info, *permissions: str) -> Staff:
    """Returns the verified staff caller holding ``permissions`` (reading needs
    MANAGE_CHECKOUTS); raises a PermissionDenied GraphQL error otherwise."""
    request = info.context
    try:
        caller = getattr(request, "_retention_staff", None) or staff_of(request)
        request._retention_staff = caller
        caller.require(*(permissions or (READ_PERMISSION,)))
    except PermissionDenied as denied:
        raise permission_error(denied) from denied
    return caller


def validation_errors(error: ValidationError) -> list[RetentionError]:
    """Returns a model's ValidationError as API errors (code INVALID)."""
    if hasattr(error, "message_dict"):
        return [RetentionError(field=field if field != "__all__" else None, code="invalid",
                               message=" ".join(messages))
                for field, messages in error.message_dict.items()]
    return [RetentionError(field=None, code="invalid", message=" ".join(error.messages))]


class StaffMutation(graphene.Mutation):
    """A mutation for staff. Subclasses set ``permissions`` and implement
    ``perform(cls, info, staff, **input)`` returning the payload's other fields as a dict.
    It runs in a transaction; a MutationError or ValidationError rolls it back and answers
    ``errors``."""

    class Meta:
        abstract = True

    errors = graphene.List(graphene.NonNull(RetentionError), required=True, description=(
        "Why nothing was changed; empty when the mutation did what was asked."))
    permissions: tuple[str, ...] = ()

    @classmethod
    def perform(cls, info, caller: Staff, **data) -> dict:
        raise NotImplementedError

    @classmethod
    def mutate(cls, root, info, **data):
        caller = staff(info, *cls.permissions)
        try:
            with transaction.atomic():
                return cls(errors=[], **cls.perform(info, caller, **data))
        except MutationError as error:
            return cls(errors=error.errors)
        except ValidationError as error:
            return cls(errors=validation_errors(error))
