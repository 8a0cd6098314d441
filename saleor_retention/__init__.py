"""saleor-retention: a Saleor App that wins back shoppers who leave."""

__version__ = "0.1.0"
