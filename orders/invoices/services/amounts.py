"""Cent arithmetic of invoices and credit notes on the shop's one money rule (``core.money``): proportional
splits that add up exactly, and tax breakdowns keyed by rate."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from core.money import CENT, ZERO, money_round


def rate_key(rate: Decimal | int | str) -> Decimal:
    """A tax rate (percent) as the key of a breakdown: two decimals, so ``"13"`` and ``"13.00"`` match."""
    return Decimal(str(rate)).quantize(CENT)


def split_proportionally(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``amount`` split in cents in proportion to ``weights``; the parts add up to ``amount`` exactly (the
    rounding remainder goes to the largest weight). All-zero weights put everything on the first."""
    if not weights:
        return []
    total_weight = sum(weights, ZERO)
    if total_weight == 0:
        return [money_round(amount)] + [ZERO] * (len(weights) - 1)
    parts = [money_round(amount * weight / total_weight) for weight in weights]
    largest = max(range(len(weights)), key=lambda index: abs(weights[index]))
    parts[largest] += money_round(amount) - sum(parts, ZERO)
    return parts


def breakdown_from_rows(rows: Iterable[dict]) -> dict[Decimal, dict[str, Decimal]]:
    """``{rate: {"net", "tax", "gross"}}`` from breakdown rows or line-like dicts of strings or Decimals."""
    totals: dict[Decimal, dict[str, Decimal]] = defaultdict(lambda: {"net": ZERO, "tax": ZERO, "gross": ZERO})
    for row in rows:
        bucket = totals[rate_key(row["rate"])]
        for key in ("net", "tax", "gross"):
            bucket[key] += Decimal(str(row[key]))
    return dict(totals)


def breakdown_as_json(breakdown: dict[Decimal, dict[str, Decimal]]) -> list[dict[str, str]]:
    """The breakdown as stored on documents (and orders): rows of strings, highest rate first, zero rows left out."""
    return [
        {"rate": str(rate), **{key: str(money_round(values[key])) for key in ("net", "tax", "gross")}}
        for rate, values in sorted(breakdown.items(), reverse=True)
        if any(values[key] for key in ("net", "tax", "gross"))
    ]
