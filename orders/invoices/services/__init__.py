"""Invoice and credit-note services: numbering, issuing, crediting.

What other code calls: ``invoice_issue(order_id=...)`` when an order is paid, and, when money is given back,
``credit_note_issue(order_id=..., lines=[CreditLine(order_line_id, quantity)], amount=..., reason=...,
idempotency_key=...)`` (a refund of chosen lines and/or an amount) or ``credit_note_issue_for_refund(order_id=...,
reason=...)`` (a full refund: all that is left to credit).
"""

from orders.invoices.services.credit_notes import CreditLine, credit_note_issue, credit_note_issue_for_refund
from orders.invoices.services.issuing import invoice_issue

__all__ = ["CreditLine", "credit_note_issue", "credit_note_issue_for_refund", "invoice_issue"]
