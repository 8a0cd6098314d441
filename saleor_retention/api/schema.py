"""The app's GraphQL schema: configuration, review and storefront operations, composed from
their rooms. The printed schema is committed as ``graphql/retention.graphql``
(``saleor-retention export_schema``); a test fails when they differ."""

import graphene

from saleor_retention.api.configuration import ConfigurationMutations, ConfigurationQueries
from saleor_retention.api.review import ReviewMutations, ReviewQueries
from saleor_retention.api.storefront import StorefrontMutations, StorefrontQueries


class Query(ConfigurationQueries, ReviewQueries, StorefrontQueries, graphene.ObjectType):
    pass


class Mutation(ConfigurationMutations, ReviewMutations, StorefrontMutations,
               graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
