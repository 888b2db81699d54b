"""Why a voucher code is refused. Clients and tests import these, not the strings."""

from enum import StrEnum

from django.utils.translation import gettext_lazy

from core.errors import DomainError


class VoucherErrorCode(StrEnum):
    NOT_FOUND = "voucher_not_found"
    EXPIRED = "voucher_expired"
    MIN_SPEND = "voucher_min_spend"
    USED_UP = "voucher_used_up"


class VoucherError(DomainError):
    status_code = 400


class VoucherNotFound(VoucherError):
    code = VoucherErrorCode.NOT_FOUND
    default_detail = gettext_lazy("There is no voucher with this code.")


class VoucherExpired(VoucherError):
    code = VoucherErrorCode.EXPIRED
    default_detail = gettext_lazy("This voucher is not valid at this time.")


class VoucherMinSpend(VoucherError):
    code = VoucherErrorCode.MIN_SPEND
    default_detail = gettext_lazy("Your order does not reach this voucher's minimum spend yet.")


class VoucherUsedUp(VoucherError):
    code = VoucherErrorCode.USED_UP
    default_detail = gettext_lazy("This voucher has been used as many times as it may be.")
