"""``retentionFunnel``: each chain's funnel for a period (``chains.funnel``)."""

from __future__ import annotations

import graphene

from saleor_retention.api.base import staff
from saleor_retention.api.review_common import RecoveredRevenue, api_chain_id, chain_pk
from saleor_retention.chains.funnel import retention_funnel


class RetentionStepFunnel(graphene.ObjectType):
    """One step of a chain, for the runs of the period."""

    position = graphene.Int(required=True, description="The step's position in its chain.")
    template = graphene.String(required=True, description="The step's template.")
    eligible = graphene.Int(required=True, description=(
        "Runs still going when this step fell due (not ended by an order, staff or an "
        "unsubscribe before it)."))
    sent = graphene.Int(required=True, description="Emails of this step sent.")
    opened = graphene.Int(required=True, description="Of those, opened at least once.")
    clicked = graphene.Int(required=True, description="Of those, clicked at least once.")
    ordered = graphene.Int(required=True,
                           description="Recovered orders credited to this step, not cancelled.")
    revenue = graphene.List(graphene.NonNull(RecoveredRevenue), required=True,
                            description="Those orders' total, per currency.")


class RetentionChainFunnel(graphene.ObjectType):
    """One chain, for the runs triggered in the period."""

    chain_id = graphene.ID(description="The chain; null for the runs of chains deleted since.")
    chain_name = graphene.String(required=True, description="The chain's name.")
    eligible = graphene.Int(required=True, description="Runs started (checkouts that entered "
                                                       "the chain).")
    sent = graphene.Int(required=True, description="Emails sent, every step together.")
    opened = graphene.Int(required=True, description="Emails opened at least once.")
    clicked = graphene.Int(required=True, description="Emails clicked at least once.")
    ordered = graphene.Int(required=True, description="Recovered orders, not cancelled.")
    revenue = graphene.List(graphene.NonNull(RecoveredRevenue), required=True,
                            description="Those orders' total, per currency.")
    steps = graphene.List(graphene.NonNull(RetentionStepFunnel), required=True,
                          description="Each step, by position.")

    @staticmethod
    def resolve_chain_id(funnel, info):
        return api_chain_id(funnel.chain_id)


class FunnelQueries(graphene.ObjectType):
    retention_funnel = graphene.List(
        graphene.NonNull(RetentionChainFunnel), required=True,
        from_=graphene.DateTime(name="from", description="Runs triggered at or after this time."),
        to=graphene.DateTime(description="Runs triggered before this time."),
        chain_id=graphene.ID(description="Only this chain."),
        description="Each chain's funnel (eligible, sent, opened, clicked, ordered, revenue) "
                    "for the runs triggered in the period, followed to their end. Requires "
                    "MANAGE_CHECKOUTS.")

    @staticmethod
    def resolve_retention_funnel(root, info, from_=None, to=None, chain_id=None):
        caller = staff(info)
        return retention_funnel(caller.installation, from_, to, chain_pk(chain_id))
