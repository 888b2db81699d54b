"""Invoices and credit notes: the accounting documents of paid and refunded orders (a sub-app of orders)."""
