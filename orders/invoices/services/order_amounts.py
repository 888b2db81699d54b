"""What an invoice copies from its order: the lines with their tax, the tax breakdown and the totals.

The order froze its prices and taxes at checkout (one calculation for cart, checkout and order); the invoice
copies them, never recomputes them, so page, API, admin and invoice agree to the cent.
"""

from decimal import Decimal
from typing import Any

from orders.invoices.models import InvoiceLine, LineKind
from orders.models import Order

ZERO = Decimal("0.00")


def order_document_lines(order: Order) -> list[InvoiceLine]:
    """Unsaved invoice lines for ``order``'s lines, in order."""
    lines = []
    for line in order.lines.all().order_by("id"):
        title = line.product_title
        if line.attributes:
            title = f"{title} ({', '.join(str(value) for value in line.attributes.values())})"
        lines.append(
            InvoiceLine(
                order_line=line,
                kind=LineKind.PRODUCT,
                description=title[:255],
                sku=line.sku,
                quantity=line.quantity,
                unit_price=line.unit_price,
                tax_rate=getattr(line, "tax_rate", ZERO),
                net=getattr(line, "line_net", line.line_total),
                tax=getattr(line, "line_tax", ZERO),
                gross=line.line_total,
            )
        )
    return lines


def order_totals(order: Order) -> dict[str, Any]:
    """The invoice's amount fields, copied from ``order``."""
    return {
        "prices_include_tax": getattr(order, "prices_include_tax", True),
        "shipping_method_name": getattr(order, "shipping_method_name", ""),
        "voucher_code": getattr(order, "voucher_code", ""),
        "subtotal": order.subtotal,
        "discount_total": getattr(order, "discount_total", ZERO),
        "shipping_total": order.shipping_total,
        "net_total": getattr(order, "net_total", order.total),
        "tax_total": getattr(order, "tax_total", ZERO),
        "total": order.total,
        "tax_breakdown": list(
            getattr(order, "tax_breakdown", None)
            or [{"rate": "0.00", "net": str(order.total), "tax": "0.00", "gross": str(order.total)}]
        ),
    }
