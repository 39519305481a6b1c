"""Deterministic random helpers for the demo: dates in a range and totals split exactly."""

import datetime
import random
from decimal import Decimal

CENT = Decimal("0.01")


def date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def split_int(rng: random.Random, total: int, parts: int, minimum: int = 0) -> list[int]:
    """`parts` integers ≥ minimum that add up to `total` exactly."""
    spare = total - minimum * parts
    if spare < 0:
        raise ValueError("total too small for the minimum")
    weights = [rng.random() + 0.2 for _ in range(parts)]
    scale = sum(weights)
    shares = [int(spare * w / scale) for w in weights]
    for i in rng.sample(range(parts), spare - sum(shares)):
        shares[i] += 1
    return [minimum + s for s in shares]


def split_money(
    rng: random.Random, total: Decimal, parts: int, spread: float = 1.0
) -> list[Decimal]:
    """`parts` positive amounts with two decimals that add up to `total` exactly."""
    cents = int(total / CENT)
    weights = [rng.lognormvariate(0, spread) for _ in range(parts)]
    scale = sum(weights)
    amounts = [max(1, int(cents * w / scale)) for w in weights]
    amounts[amounts.index(max(amounts))] += cents - sum(amounts)
    return [Decimal(a) * CENT for a in amounts]
