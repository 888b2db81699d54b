"""Order lifecycle tasks: auto-cancel unpaid orders, auto-complete delivered ones, notification emails."""
