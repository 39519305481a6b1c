"""The machinery of the indicator registry: what an indicator is, its target, and how it is evaluated.

An indicator names its *sources* (query functions returning metrics per group) and a *value*
function over those metrics. Evaluating many indicators runs each source once, so a full
scorecard costs one query per source, whatever the number of zones or projects.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zones.models import City, Zone
from zones.scopes import CITY, PROVINCE, ZONE, Scope

Number = int | Decimal | None
Metrics = dict[str, Number]


class Status(models.TextChoices):
    MET = "met", _("已达标")
    ON_TRACK = "on_track", _("按进度推进")
    AT_RISK = "at_risk", _("存在风险")
    MISSED = "missed", _("未达标")


@dataclass(frozen=True)
class Target:
    """A target the reform sets: value `comparator` threshold by the deadline, for a scope.

    Between `set_on` and the deadline the expected value moves in a straight line from the
    baseline to the threshold; a value at or past that line is on track, behind it at risk.
    """

    comparator: str
    threshold: Decimal
    deadline: datetime.date
    scope: str
    set_on: datetime.date
    baseline: Decimal = Decimal(0)

    def _meets(self, value, threshold) -> bool:
        return value >= threshold if self.comparator == ">=" else value <= threshold

    def status(self, value: Number, as_of: datetime.date) -> Status | None:
        if value is None:
            return None
        if self._meets(value, self.threshold):
            return Status.MET
        if as_of > self.deadline:
            return Status.MISSED
        span = (self.deadline - self.set_on).days
        elapsed = min(max((as_of - self.set_on).days, 0), span)
        expected = self.baseline + (self.threshold - self.baseline) * Decimal(elapsed) / span
        return Status.ON_TRACK if self._meets(value, expected) else Status.AT_RISK

    def as_dict(self) -> dict:
        return {
            "comparator": self.comparator,
            "threshold": self.threshold,
            "deadline": self.deadline,
            "scope": self.scope,
        }


@dataclass(frozen=True)
class Indicator:
    """One named, dated figure of the reform. `code` is its stable identifier."""

    code: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    category: str
    definition: str
    definition_en: str
    sources: tuple[Callable, ...]
    value: Callable[[Metrics], Number]
    decimals: int = 0
    target: Target | None = None
    scopes: tuple[str, ...] = (PROVINCE, CITY, ZONE)

    @property
    def english(self) -> bool:
        return (get_language() or "zh-hans").startswith("en")

    @property
    def label(self) -> str:
        return self.name_en if self.english else self.name

    @property
    def unit_label(self) -> str:
        return self.unit_en if self.english else self.unit

    @property
    def definition_label(self) -> str:
        return self.definition_en if self.english else self.definition

    def compute(self, metrics: Metrics) -> Number:
        raw = self.value(metrics)
        if raw is None:
            return None
        if self.decimals == 0 and isinstance(raw, int):
            return raw
        return Decimal(raw).quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator's value for a scope as of a date, with its target status where one is set."""

    indicator: Indicator
    value: Number
    as_of: datetime.date
    scope: Scope
    status: Status | None = field(default=None)

    def as_dict(self) -> dict:
        ind = self.indicator
        return {
            "code": ind.code,
            "name": ind.label,
            "value": self.value,
            "unit": ind.unit_label,
            "as_of": self.as_of,
            "scope": self.scope.key,
            "scope_name": self.scope.label,
            "target": ind.target.as_dict() if ind.target else None,
            "status": self.status.value if self.status else None,
        }


def metric(name: str) -> Callable[[Metrics], Number]:
    """The metric as it is, counting a missing or empty one as zero."""
    return lambda m: m.get(name) or 0


def in_yi(name: str) -> Callable[[Metrics], Number]:
    """A sum kept in 万元, shown in 亿元."""
    return lambda m: Decimal(m.get(name) or 0) / 10000


def share(numerator: str, denominator: str) -> Callable[[Metrics], Number]:
    """numerator ÷ denominator in percent; undefined (None) when the denominator is zero."""

    def compute(m: Metrics) -> Number:
        total = m.get(denominator) or 0
        return Decimal(m.get(numerator) or 0) * 100 / Decimal(total) if total else None

    return compute


class Registry:
    """The ordered catalogue of indicators, and their evaluation for a scope as of a date."""

    def __init__(self, indicators: Iterable[Indicator]):
        self.indicators = list(indicators)
        self.by_code = {ind.code: ind for ind in self.indicators}
        if len(self.by_code) != len(self.indicators):
            raise ValueError("duplicate indicator code")

    def __iter__(self):
        return iter(self.indicators)

    def __getitem__(self, code: str) -> Indicator:
        return self.by_code[code]

    def select(self, kind: str, codes: Iterable[str] | None = None) -> list[Indicator]:
        chosen = self.indicators if codes is None else [self.by_code[c] for c in codes]
        return [ind for ind in chosen if kind in ind.scopes]

    def evaluate(self, as_of, scope: Scope, codes=None) -> list[IndicatorValue]:
        """Every (or the named) indicator for one scope: one query per source."""
        indicators = self.select(scope.kind, codes)
        results = self._run_sources(indicators, as_of, scope, None)
        return [self._value(ind, results, None, as_of, scope) for ind in indicators]

    def evaluate_by(self, as_of, group: str, scope: Scope | None = None, codes=None):
        """Indicators for every zone (group="zone") or city (group="city") within a scope.

        Returns {Zone or City: [IndicatorValue, ...]} in the registry's order, with one query per
        source plus one for the zones or cities themselves.
        """
        scope = scope or Scope()
        indicators = self.select(group, codes)
        results = self._run_sources(indicators, as_of, scope, group)
        if group == ZONE:
            members = Zone.objects.filter(scope.q("")).select_related("city")
            scope_of = lambda member: Scope(city=member.city, zone=member)  # noqa: E731
        else:
            members = City.objects.filter(pk=scope.city.pk) if scope.city else City.objects.all()
            scope_of = lambda member: Scope(city=member)  # noqa: E731
        return {
            member: [
                self._value(ind, results, member.pk, as_of, scope_of(member)) for ind in indicators
            ]
            for member in members
        }

    @staticmethod
    def _run_sources(indicators, as_of, scope, group):
        sources = {source for ind in indicators for source in ind.sources}
        return {source: source(as_of, scope, group) for source in sources}

    @staticmethod
    def _value(indicator, results, key, as_of, scope) -> IndicatorValue:
        metrics = {}
        for source in indicator.sources:
            metrics.update(results[source].get(key, {}))
        value = indicator.compute(metrics)
        status = indicator.target.status(value, as_of) if indicator.target else None
        return IndicatorValue(indicator, value, as_of, scope, status)
