"""Talking to Saleor: GraphQL documents, the HTTP client, JWKS and signatures."""
