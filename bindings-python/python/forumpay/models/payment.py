"""Result models: payment."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Mapping, Optional, Tuple

from ._base import Model


class StartedPayment(Model):
    """A started payment (StartPayment): the address and amount to show the payer. ``access_token``, ``access_url`` (which embeds the token) and ``stats_token`` are secrets of the payer's page: they print as ``***``."""

    payment_id: str
    """The payment's id: use it for every later call."""
    address: str
    """Address the payer sends crypto to."""
    invoice_currency: str
    """Fiat currency of the invoice."""
    invoice_amount: Decimal
    """Fiat amount of the invoice."""
    currency: str
    """Cryptocurrency to pay in."""
    rate: Optional[Decimal]
    """Exchange rate."""
    amount_exchange: Optional[Decimal]
    """Crypto amount to exchange."""
    network_processing_fee: Optional[Decimal]
    """Network fee in crypto."""
    amount: Decimal
    """Total crypto amount to pay."""
    min_confirmations: Optional[int]
    """Confirmations the payment waits for (informational)."""
    wait_time: Optional[str]
    """Expected time to confirm, as prose."""
    sid: Optional[str]
    """Session id."""
    fast_transaction_fee: Optional[Decimal]
    """Minimum fee for a fast transaction."""
    fast_transaction_fee_currency: Optional[str]
    """Unit of ``fast_transaction_fee``."""
    qr: Optional[str]
    """QR code text (currency, address and amount)."""
    qr_alt: Optional[str]
    """QR code text with the address only, for legacy wallets."""
    qr_img: Optional[str]
    """URL of the QR image."""
    qr_alt_img: Optional[str]
    """URL of the address-only QR image."""
    print_string: Optional[str]
    """Receipt markup for POS printers."""
    access_token: Optional[str]
    """Token of the payer's payment page (secret)."""
    access_url: Optional[str]
    """Public URL of the payer's payment page; embeds the token (secret)."""
    stats_token: Optional[str]
    """Token for the statistics collector (secret)."""
    notices: Tuple[Notice, ...]
    """Notices from the API."""
    item_name: Optional[str]
    """Item name shown to the payer."""
    reference_no: Optional[str]
    """The merchant's reference, when echoed back."""
    cancelled: Optional[bool]
    """A cancellation flag some answers carry."""
    invoice_surcharge_amount: Optional[Decimal]
    """Surcharge added to the invoice, in fiat."""
    invoice_amount_with_surcharge: Optional[Decimal]
    """Invoice amount including the surcharge."""
    invoice_surcharge_percent: Optional[Decimal]
    """Surcharge in percent."""
    beneficiary_vasp_details: Any
    """Travel-rule details of the beneficiary's VASP, as sent."""
    recovered: bool
    """True when the answer was lost and the outcome was learned by asking the API again."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""


class Notice(Model):
    """A notice attached to a started payment."""

    code: Optional[str]
    """Machine code of the notice."""
    message: Optional[str]
    """Text of the notice."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""


class PaymentStatus(Model):
    """Where a payment stands (CheckPayment). Drive logic from ``state``; ``status`` is display text."""

    _renames = {"payment_type": "type"}

    state: str
    """Machine state."""
    status: Optional[str]
    """Display text of the state."""
    confirmed: bool
    """Whether the payment is confirmed."""
    confirmed_time: Optional[datetime]
    """When it was confirmed."""
    cancelled: bool
    """Whether the payment is cancelled."""
    cancelled_time: Optional[datetime]
    """When it was cancelled."""
    reference_no: Optional[str]
    """The merchant's reference."""
    inserted: Optional[datetime]
    """When the payment was created."""
    invoice_currency: str
    """Fiat currency of the invoice."""
    invoice_amount: Decimal
    """Fiat amount of the invoice (changed by an accepted underpayment)."""
    payment_type: Optional[str]
    """Payment type (``Sell``)."""
    currency: str
    """Cryptocurrency."""
    amount: Decimal
    """Crypto amount due."""
    original_amount: Optional[Decimal]
    """Amount due before an accepted underpayment changed it."""
    payment: Optional[Decimal]
    """Crypto amount received."""
    confirmations: Optional[int]
    """Confirmations received."""
    min_confirmations: Optional[int]
    """Confirmations waited for (informational: wait for ``confirmed``)."""
    accept_zero_confirmations: Optional[bool]
    """Whether zero-confirmation acceptance was asked for."""
    require_kyt_for_confirmation: Optional[bool]
    """Whether a KYT check must pass before confirmation."""
    reason: Optional[str]
    """Cancellation reason."""
    sid: Optional[str]
    """Session id."""
    access_token: Optional[str]
    """Token of the payer's page (secret)."""
    access_url: Optional[str]
    """URL of the payer's page; embeds the token (secret)."""
    wait_time: Optional[str]
    """Expected time to confirm, as prose."""
    unconfirmed_amount: Optional[Decimal]
    """Crypto received short or after cancellation, that may be accepted."""
    unconfirmed_invoice_amount: Optional[Decimal]
    """Fiat value of ``unconfirmed_amount``."""
    underpayment: Optional[Underpayment]
    """Details for paying the missing part of an underpayment."""
    refund_amount_opened: Optional[Decimal]
    """Crypto amount that may be refunded."""
    refund: Optional[Decimal]
    """Crypto amount refunded."""
    refund_status: Optional[str]
    """Refund status text."""
    blocked_alert_level: Optional[str]
    """Alert level of a blocked payment (``severe``, ``high``, ``medium``, ``low``, ``unknown``)."""
    print_string: Optional[str]
    """Receipt markup for POS printers."""
    item_name: Optional[str]
    """Item name."""
    payer_id: Optional[str]
    """Merchant-side payer id."""
    invoice_surcharge_amount: Optional[Decimal]
    """Surcharge added to the invoice, in fiat."""
    invoice_amount_with_surcharge: Optional[Decimal]
    """Invoice amount including the surcharge."""
    invoice_surcharge_percent: Optional[Decimal]
    """Surcharge in percent."""
    settled: bool
    """Whether the payment is settled (confirmed, or cancelled with nothing paid into it), as the
    core's state machine answers."""
    allowed_actions: Tuple[str, ...]
    """The actions allowed now (``cancel``, ``accept``, ``refund``), by state and open amounts, as
    the core's state machine answers."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""

    @property
    def is_settled(self) -> bool:
        """Whether the payment is settled (``settled``)."""
        return self.settled

    def allows(self, action: str) -> bool:
        """Whether ``action`` (``cancel``, ``accept`` or ``refund``) is allowed now (one of
        ``allowed_actions``)."""
        if action not in ("cancel", "accept", "refund"):
            raise ValueError(f"unknown action {action!r}: cancel, accept or refund")
        return action in self.allowed_actions


class Underpayment(Model):
    """How to pay the rest of an underpaid payment."""

    address: Optional[str]
    """Address for the missing amount."""
    missing_amount: Optional[Decimal]
    """Crypto still missing."""
    qr: Optional[str]
    """QR code text."""
    qr_alt: Optional[str]
    """Address-only QR code text."""
    qr_img: Optional[str]
    """QR image URL."""
    qr_alt_img: Optional[str]
    """Address-only QR image URL."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""
