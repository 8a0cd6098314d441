"""The variables an email template may use, and the check that a template uses no other.

A template names variables with Django's template language. A typo (``line.prodct_name``)
would otherwise render as nothing and reach shoppers unnoticed, so every template is checked
against ``VARIABLES`` before it is saved or compiled, and tags that reach outside the
email (``load``, ``include``, ``extends``, ``url``, ``debug``…) are refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.template import Node, NodeList
from django.template.base import FilterExpression, Variable, VariableNode
from django.template.defaulttags import (
    CsrfTokenNode,
    DebugNode,
    ForNode,
    IfNode,
    LoadNode,
    URLNode,
    WithNode,
)
from django.template.loader_tags import BlockNode, ExtendsNode, IncludeNode

# A scalar has no attributes; a set lists an object's fields; a one-item list is a list of
# objects of that shape.
LINE_FIELDS = frozenset({"product_name", "variant_name", "thumbnail_url", "quantity",
                         "unit_price", "total_price"})
VARIABLES: dict[str, object] = {
    "shop": frozenset({"name", "logo_url", "contact_email", "contact_phone", "contact_address"}),
    "customer": frozenset({"first_name", "last_name"}),
    "lines": [LINE_FIELDS],
    "line_count": None,
    "total": None,
    "currency": None,
    "checkout_url": None,
    "discount": frozenset({"code", "value", "expires_at"}),
    "unsubscribe_url": None,
    "language": None,
}
FORLOOP = frozenset({"counter", "counter0", "revcounter", "revcounter0", "first", "last"})
FORBIDDEN_TAGS = {LoadNode: "load", IncludeNode: "include", ExtendsNode: "extends",
                  BlockNode: "block", DebugNode: "debug", CsrfTokenNode: "csrf_token",
                  URLNode: "url"}
ANYTHING = object()  # what the check cannot type (a loop over something unknown)


class UnknownVariable(Exception):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset  # in the template text


def _schema_of(variable: Variable, scope: dict, offset: int) -> object:
    """Returns the shape of ``variable`` in ``scope``; raises UnknownVariable."""
    lookups = variable.lookups
    if lookups is None:  # a literal
        return None
    name = ".".join(lookups)
    if lookups[0] not in scope:
        raise UnknownVariable(f"unknown variable {name!r}", offset)
    schema = scope[lookups[0]]
    for part in lookups[1:]:
        if schema is ANYTHING:
            return ANYTHING
        if isinstance(schema, list) and part.isdigit():
            schema = schema[0]
        elif isinstance(schema, frozenset) and part in schema:
            schema = None
        elif isinstance(schema, dict) and part in schema:
            schema = schema[part]
        else:
            raise UnknownVariable(f"unknown variable {name!r}", offset)
    return schema


def _check_expression(expression: FilterExpression, scope: dict, offset: int) -> object:
    for _filter, arguments in expression.filters:
        for is_variable, argument in arguments:
            if is_variable:
                _schema_of(argument, scope, offset)
    if isinstance(expression.var, Variable):
        return _schema_of(expression.var, scope, offset)
    return None


def _condition_expressions(condition) -> Iterator[FilterExpression]:
    """Yields the expressions of an {% if %} condition (a tree of operators)."""
    if condition is None:
        return
    if isinstance(getattr(condition, "value", None), FilterExpression):
        yield condition.value
    for side in ("first", "second"):
        yield from _condition_expressions(getattr(condition, side, None))


def _offset(node: Node) -> int:
    token = getattr(node, "token", None)
    return token.position[0] if token is not None and token.position else 0


def check_nodes(nodelist: NodeList, scope: dict | None = None) -> None:
    """Raises UnknownVariable for the first unknown variable or forbidden tag."""
    scope = dict(VARIABLES) if scope is None else scope
    for node in nodelist:
        _check_node(node, scope)


def _check_node(node: Node, scope: dict) -> None:
    offset = _offset(node)
    check: Callable[[FilterExpression], object] = (
        lambda expression: _check_expression(expression, scope, offset))
    for node_class, tag in FORBIDDEN_TAGS.items():
        if isinstance(node, node_class):
            raise UnknownVariable(f"the {{% {tag} %}} tag is not allowed in an email", offset)
    if isinstance(node, VariableNode):
        check(node.filter_expression)
    elif isinstance(node, ForNode):
        sequence = check(node.sequence)
        element = sequence[0] if isinstance(sequence, list) else ANYTHING
        inner = dict(scope, forloop=FORLOOP)
        for name in node.loopvars:
            inner[name] = element if len(node.loopvars) == 1 else ANYTHING
        check_nodes(node.nodelist_loop, inner)
        check_nodes(node.nodelist_empty, scope)
    elif isinstance(node, IfNode):
        for condition, nodelist in node.conditions_nodelists:
            for expression in _condition_expressions(condition):
                check(expression)
            check_nodes(nodelist, scope)
    elif isinstance(node, WithNode):
        inner = dict(scope)
        for name, expression in node.extra_context.items():
            inner[name] = check(expression)
        check_nodes(node.nodelist, inner)
    else:
        for expression in (getattr(node, "vars", None) or getattr(node, "cyclevars", None) or ()):
            if isinstance(expression, FilterExpression):
                check(expression)
        for attribute in node.child_nodelists:
            check_nodes(getattr(node, attribute, None) or [], scope)
