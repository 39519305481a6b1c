"""How figures and dates are written for Chinese readers; templates reach these through filters."""

import datetime


def chinese_date(day: datetime.date) -> str:
    """2024-03-31 → 2024年3月31日."""
    return f"{day.year}年{day.month}月{day.day}日"
