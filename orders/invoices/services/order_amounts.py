"""What an invoice copies from its order: the lines with their tax, shipping, the breakdown and the totals.

The order froze its prices and taxes at checkout (the one pricing calculation that the cart, the checkout and
the order read); the invoice copies them and never recomputes them, so page, API, admin and invoice agree to the
cent. A product line is charged ``line_total - line_discount`` (its share of an order voucher), split into
``line_net + line_tax``; shipping is one more line, after any shipping voucher, at shipping's own rate.
"""

from typing import Any

from orders.invoices.models import InvoiceLine, LineKind
from orders.invoices.services.amounts import breakdown_as_json, breakdown_from_rows
from orders.models import Order


def _description(title: str, attributes: dict) -> str:
    if attributes:
        title = f"{title} ({', '.join(str(value) for value in attributes.values())})"
    return title[:255]


def order_document_lines(order: Order) -> list[InvoiceLine]:
    """Unsaved invoice lines for ``order``: its lines in order, then shipping when it costs anything."""
    lines = [
        InvoiceLine(
            order_line=line,
            kind=LineKind.PRODUCT,
            description=_description(line.product_title, line.attributes),
            sku=line.sku,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount=line.line_discount,
            tax_rate=line.tax_rate,
            net=line.line_net,
            tax=line.line_tax,
            gross=line.line_net + line.line_tax,
        )
        for line in order.lines.all().order_by("id")
    ]
    shipping_gross = order.shipping_net + order.shipping_tax
    if order.shipping_total:
        lines.append(
            InvoiceLine(
                kind=LineKind.SHIPPING,
                description=f"Shipping: {order.shipping_method_name}" if order.shipping_method_name else "Shipping",
                quantity=1,
                unit_price=order.shipping_total,
                discount=order.shipping_total - shipping_gross,
                tax_rate=order.shipping_tax_rate,
                net=order.shipping_net,
                tax=order.shipping_tax,
                gross=shipping_gross,
            )
        )
    return lines


def order_totals(order: Order, lines: list[InvoiceLine]) -> dict[str, Any]:
    """The invoice's amount fields, copied from ``order``. An order placed before tax was recorded has no
    breakdown; its lines (all at 0%) give it."""
    breakdown = list(order.tax_breakdown) or breakdown_as_json(
        breakdown_from_rows(
            {"rate": line.tax_rate, "net": line.net, "tax": line.tax, "gross": line.gross} for line in lines
        )
    )
    return {
        "prices_include_tax": order.prices_include_tax,
        "shipping_method_name": order.shipping_method_name,
        "voucher_code": order.voucher_code,
        "subtotal": order.subtotal,
        "discount_total": order.discount_total,
        "shipping_total": order.shipping_total,
        "net_total": order.net_total,
        "tax_total": order.tax_total,
        "total": order.total,
        "tax_breakdown": breakdown,
    }
