"""Why a voucher code is refused. The codes live with the shop's others (``shop/codes.py``)."""

from django.utils.translation import gettext_lazy

from core.errors import DomainError
from shop.codes import VoucherErrorCode


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
