"""Why a voucher code is refused. The codes live with the shop's others (``shop/codes.py``)."""

from core.errors import DomainError
from shop.codes import VoucherErrorCode


class VoucherError(DomainError):
    status_code = 400


class VoucherNotFound(VoucherError):
    code = VoucherErrorCode.NOT_FOUND
    default_detail = "There is no voucher with this code."


class VoucherExpired(VoucherError):
    code = VoucherErrorCode.EXPIRED
    default_detail = "This voucher is not valid at this time."


class VoucherMinSpend(VoucherError):
    code = VoucherErrorCode.MIN_SPEND
    default_detail = "Your order does not reach this voucher's minimum spend yet."


class VoucherUsedUp(VoucherError):
    code = VoucherErrorCode.USED_UP
    default_detail = "This voucher has been used as many times as it may be."
