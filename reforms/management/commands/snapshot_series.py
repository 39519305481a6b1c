import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from reforms.indicators import INDICATORS
from reforms.management.commands.backfill_snapshots import month
from reforms.snapshots import snapshot_series
from zones.models import City, Zone
from zones.scopes import resolve_scope


class Command(BaseCommand):
    help = (
        "打印某指标已保存的月度快照。Prints an indicator's stored monthly snapshots for the "
        "province, a city or a zone."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="indicator code, e.g. platform_companies")
        parser.add_argument("--from", dest="start", type=month, required=True, help="YYYY-MM")
        parser.add_argument("--to", dest="end", type=month, required=True, help="YYYY-MM")
        parser.add_argument("--city", help="city name or adcode")
        parser.add_argument("--zone", type=int, help="zone id")
        parser.add_argument("--json", action="store_true", help="print a JSON list")

    def handle(self, *args, code, start, end, city=None, zone=None, json=False, **options):
        if code not in INDICATORS.by_code:
            raise CommandError(f"unknown indicator: {code}")
        try:
            scope = resolve_scope(city=city, zone=zone)
        except (City.DoesNotExist, Zone.DoesNotExist, ValueError) as error:
            raise CommandError(f"找不到该范围 / unknown scope: {error}") from error
        values = snapshot_series(code, scope, start, end)
        if json:
            rows = [value.as_dict() for value in values]
            self.stdout.write(_dumps(rows))
            return
        for value in values:
            shown = "—" if value.value is None else value.value
            self.stdout.write(f"{value.as_of}  {shown} {value.indicator.unit_label}")


def _dumps(rows):
    def default(value):
        return value.isoformat() if isinstance(value, datetime.date) else float(value)

    return json.dumps(rows, ensure_ascii=False, indent=2, default=default)
