"""The Python leg of the browser tests: the real ``forumpay`` package (the wheel ``make
test-python`` installed) against the emulator the Node test started.

    python_client.py start     -> starts a payment, prints its id, currency, address, access_url
    python_client.py check ID CURRENCY ADDRESS -> prints CheckPayment's state and amounts
    python_client.py dashboard -> starts a Python Sandbox and fetches its dashboard_url

The emulator's address and credentials come from FORUMPAY_URL, FORUMPAY_API_USER and
FORUMPAY_API_SECRET; the answer is one line of JSON on stdout.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from decimal import Decimal
from typing import Any, Dict, List

import forumpay
from forumpay.testing import Sandbox


def client() -> forumpay.Client:
    return forumpay.Client(
        api_user=os.environ["FORUMPAY_API_USER"],
        api_secret=os.environ["FORUMPAY_API_SECRET"],
        base_url=os.environ["FORUMPAY_URL"],
        pos_id="web",
    )


def start(reference_no: str, webhook_url: str) -> Dict[str, Any]:
    payment = client().start_payment(
        invoice_currency="EUR",
        invoice_amount=Decimal("48.25"),
        currency="BTC",
        reference_no=reference_no,
        webhook_url=webhook_url,
    )
    values = payment.to_dict(secrets=True)  # the documented way to read a secret's value
    return {
        "payment_id": payment.payment_id,
        "currency": payment.currency,
        "address": payment.address,
        "amount": str(payment.amount),
        "access_url": values["access_url"],
    }


def check(payment_id: str, currency: str, address: str) -> Dict[str, Any]:
    status = client().check_payment(payment_id=payment_id, currency=currency, address=address)
    return {
        "state": status.state,
        "confirmed": status.confirmed,
        "amount": str(status.amount),
        "payment": str(status.payment),
    }


def dashboard() -> Dict[str, Any]:
    with Sandbox() as sandbox:
        with urllib.request.urlopen(sandbox.dashboard_url, timeout=10) as answer:
            page = answer.read().decode("utf-8")
            return {
                "url": sandbox.dashboard_url,
                "status": answer.status,
                "title": "Sandbox dashboard" in page,
            }


def main(argv: List[str]) -> int:
    command, args = argv[0], argv[1:]
    if command == "start":
        result = start(*args)
    elif command == "check":
        result = check(*args)
    elif command == "dashboard":
        result = dashboard()
    else:
        print(f"unknown command {command}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
