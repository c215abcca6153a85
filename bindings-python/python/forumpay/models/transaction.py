"""Result models: transaction."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Mapping, Optional, Tuple

from ._base import Model


class Transaction(Model):
    """One payment as listed by GetTransactions."""

    _renames = {"payment_type": "type"}

    state: str
    """Machine state."""
    status: Optional[str]
    """Display text of the state."""
    status_loc: Optional[str]
    """Localized display text of the state."""
    pos_id: Optional[str]
    """Point of sale."""
    payment_id: str
    """The payment's id."""
    reference_no: Optional[str]
    """The merchant's reference."""
    invoice_currency: Optional[str]
    """Fiat currency of the invoice."""
    invoice_amount: Optional[Decimal]
    """Fiat amount of the invoice."""
    currency: Optional[str]
    """Cryptocurrency."""
    amount: Optional[Decimal]
    """Crypto amount due."""
    amount_exchange: Optional[Decimal]
    """Crypto amount to exchange."""
    network_processing_fee: Optional[Decimal]
    """Network fee in crypto."""
    address: Optional[str]
    """Payment address."""
    payment_type: Optional[str]
    """Payment type (``Sell``)."""
    type_loc: Optional[str]
    """Localized payment type."""
    payment: Optional[Decimal]
    """Crypto received."""
    refund: Optional[Decimal]
    """Crypto refunded."""
    refund_amount_opened: Optional[Decimal]
    """Crypto that may be refunded."""
    refund_status: Optional[str]
    """Refund status text."""
    refund_status_loc: Optional[str]
    """Localized refund status text."""
    invoice_date: Optional[datetime]
    """Invoice date, when set."""
    inserted: Optional[datetime]
    """When the payment was created."""
    confirmed: bool
    """Whether it is confirmed (this endpoint sends a timestamp or null)."""
    confirmed_time: Optional[datetime]
    """When it was confirmed."""
    cancelled: bool
    """Whether it is cancelled (this endpoint sends a timestamp or null)."""
    cancelled_time: Optional[datetime]
    """When it was cancelled."""
    double_spending_alert: Any
    """Double-spending alert, as sent."""
    accept_zero_confirmations: Optional[bool]
    """Whether zero-confirmation acceptance was asked for."""
    item_name: Optional[str]
    """Item name."""
    access_token: Optional[str]
    """Token of the payer's page (secret)."""
    sid: Optional[str]
    """Session id."""
    payer_id: Optional[str]
    """Merchant-side payer id."""
    payer_ip_address: Optional[str]
    """Payer's IP address."""
    customer_details: Any
    """Customer details, as sent."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""


class TransactionPage(Model):
    """One page of GetTransactions. The API sends ``{"invoices": [...]}``, a bare list (as the manual shows), or ``null`` for an empty page; all three read the same."""

    transactions: Tuple[Transaction, ...]
    """The records of the page, newest first as the API orders them."""
