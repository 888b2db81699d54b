"""Admin for orders, their lines, events and payments, and the address book."""
