"""The one checkout calculation: every total the cart, the checkout, the order and the invoice show."""
