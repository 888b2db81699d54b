"""The tax app holds the merchant's configuration only: tax classes and rates."""

from privacy.registry import exempt

exempt("tax.TaxClass", "name", "slug", reason="The merchant's tax classes (standard, reduced, zero).")
