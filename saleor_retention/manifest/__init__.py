"""The app manifest Saleor reads at install, and the webhooks it declares."""
