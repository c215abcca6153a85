"""Result models: currency."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Mapping, Optional, Tuple

from ._base import Model


class Currency(Model):
    """A cryptocurrency the merchant can accept, with rates against ``currency_fiat``."""

    currency: str
    """Cryptocurrency code."""
    description: Optional[str]
    """Name for display."""
    status: Optional[str]
    """``OK`` when available; shops hide the others (see ``Currency::is_available``)."""
    zero_confirmations_enabled: Optional[bool]
    """Whether zero-confirmation payments are possible."""
    currency_fiat: Optional[str]
    """Fiat currency of the rates."""
    icon_url: Optional[str]
    """Icon URL."""
    rate: Optional[Decimal]
    """Exchange rate."""
    sell_status: Optional[str]
    """Availability for selling crypto."""
    sell_rate: Optional[Decimal]
    """Sell rate."""
    buy_status: Optional[str]
    """Availability for buying crypto."""
    buy_rate: Optional[Decimal]
    """Buy rate."""
    sell_min_invoice_amount: Optional[Decimal]
    """Smallest invoice for a sale, in fiat."""
    sell_max_invoice_amount: Optional[Decimal]
    """Largest invoice for a sale, in fiat."""
    sell_network_processing_fee: Optional[Decimal]
    """Network fee of a sale, in crypto."""
    buy_min_invoice_amount: Optional[Decimal]
    """Smallest invoice for a purchase, in fiat."""
    buy_max_invoice_amount: Optional[Decimal]
    """Largest invoice for a purchase, in fiat."""
    buy_network_processing_fee: Optional[Decimal]
    """Network fee of a purchase, in crypto."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""
