import datetime
import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reforms.indicators import INDICATORS
from zones.formatting import chinese_date
from zones.models import City, DemoDataset, Zone
from zones.scopes import resolve_scope


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class Command(BaseCommand):
    help = (
        "打印某一范围截至某日的全部指标。Prints every indicator for the province, a city or a zone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of", type=datetime.date.fromisoformat, help="YYYY-MM-DD (default: today)"
        )
        parser.add_argument("--city", help="city name (太原 / 太原市) or adcode (140100)")
        parser.add_argument("--zone", type=int, help="zone id")
        parser.add_argument("--json", action="store_true", help="print a JSON list")

    def handle(self, *args, as_of=None, city=None, zone=None, json=False, **options):
        as_of = as_of or timezone.localdate()
        try:
            scope = resolve_scope(city=city, zone=zone)
        except (City.DoesNotExist, Zone.DoesNotExist, ValueError) as error:
            raise CommandError(f"找不到该范围 / unknown scope: {error}") from error
        values = INDICATORS.evaluate(as_of, scope)
        if json:
            self.stdout.write(_dumps([v.as_dict() for v in values]))
            return
        demo = "（演示数据 demo data）" if DemoDataset.objects.exists() else ""
        self.stdout.write(f"{scope.label} 截至 {chinese_date(as_of)}{demo}")
        for v in values:
            target = v.indicator.target
            goal = (
                f"  目标 {target.comparator} {target.threshold}（{target.deadline}）"
                if target
                else ""
            )
            status = f" [{v.status.label}]" if v.status else ""
            shown = "—" if v.value is None else v.value
            self.stdout.write(
                f"{v.indicator.code:32} {v.indicator.label}: {shown} {v.indicator.unit_label}{goal}{status}"
            )


def _dumps(rows):
    return json.dumps(rows, ensure_ascii=False, indent=2, default=_json_default)
