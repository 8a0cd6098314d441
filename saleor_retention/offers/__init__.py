"""What the app offers a shopper on the storefront, through its API: the exit-intent offer
(the cart's items and a code that expires soon), a welcome code for leaving an email, and
the reminder link's checkout restored for a headless storefront. The API edge
(``api/storefront_*.py``) checks who is asking and how often; these services decide."""
