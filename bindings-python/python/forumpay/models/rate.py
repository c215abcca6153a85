"""Result models: rate."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Mapping, Optional, Tuple

from ._base import Model


class Rate(Model):
    """The rate and amount to show the customer before the payment starts (GetRate)."""

    payment_id: str
    """Id to pass to StartPayment."""
    invoice_currency: str
    """Fiat currency of the invoice."""
    invoice_amount: Decimal
    """Fiat amount of the invoice."""
    currency: str
    """Cryptocurrency to pay in."""
    rate: Decimal
    """Exchange rate (fiat per unit of crypto)."""
    amount_exchange: Optional[Decimal]
    """Crypto amount to exchange to cover the invoice."""
    network_processing_fee: Optional[Decimal]
    """Crypto needed to move the funds to the exchange."""
    amount: Decimal
    """Total crypto amount to pay."""
    fast_transaction_fee: Optional[Decimal]
    """Minimum fee for a fast transaction."""
    fast_transaction_fee_currency: Optional[str]
    """Unit of ``fast_transaction_fee`` (e.g. ``BTC/kB``)."""
    wait_time: Optional[str]
    """Expected time to confirm, as prose."""
    sid: Optional[str]
    """Session id, when the API sends one."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""


class Rates(Model):
    """Rates for several currencies at once (GetRates), sharing one ``payment_id``."""

    payment_id: str
    """Id to pass to StartPayment."""
    invoice_currency: str
    """Fiat currency of the invoice."""
    invoice_amount: Decimal
    """Fiat amount of the invoice."""
    sid: Optional[str]
    """Session id, when the API sends one."""
    currencies: Tuple[CurrencyRate, ...]
    """One entry per requested currency."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""


class CurrencyRate(Model):
    """One currency's rate inside ``Rates``."""

    currency: str
    """Cryptocurrency."""
    rate: Decimal
    """Exchange rate."""
    amount_exchange: Optional[Decimal]
    """Crypto amount to exchange."""
    network_processing_fee: Optional[Decimal]
    """Network fee in crypto."""
    amount: Decimal
    """Total crypto amount to pay."""
    wait_time: Optional[str]
    """Expected time to confirm, as prose."""
    fast_transaction_fee: Optional[Decimal]
    """Minimum fee for a fast transaction."""
    fast_transaction_fee_currency: Optional[str]
    """Unit of ``fast_transaction_fee``."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""
