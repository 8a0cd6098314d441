"""Review: what the app did and earned (abandoned checkouts, recovered orders, funnels) and
staff actions on one checkout or address."""

from __future__ import annotations

import graphene


class ReviewQueries(graphene.ObjectType):
    pass


class ReviewMutations(graphene.ObjectType):
    pass
