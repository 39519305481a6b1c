"""The indicator registry: every figure of the reform, defined once (see catalogue.py)."""

from .catalogue import INDICATORS, Category
from .registry import Indicator, IndicatorValue, Status, Target

__all__ = ["INDICATORS", "Category", "Indicator", "IndicatorValue", "Status", "Target"]
