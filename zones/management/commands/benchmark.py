"""Times the product's main reads on the current database and prints the figures.

Speed is measured here, not asserted in tests (timings depend on the machine); the query counts
beside the timings are what the tests pin. Every page and API call runs through Django's own
request handling (the test client) as a temporary superuser, inside a transaction that is rolled
back, so the database is left as it was.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reforms.indicators import INDICATORS
from reforms.periods import default_as_of
from zones.models import City, Zone
from zones.scopes import ZONE, Scope


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "测量主要页面、接口与指标计算的耗时（毫秒）和查询次数。"
        "Times the dashboards, the API and the indicator registry on this database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="runs of each read (default 5)")

    def handle(self, *args, repeat, **options):
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        zone = Zone.objects.order_by("pk").first()
        city = City.objects.order_by("adcode").first()
        if zone is None or city is None:
            raise CommandError(
                "数据库中没有开发区：先运行 load_demo。No zones: run load_demo first."
            )
        as_of = default_as_of()
        self.stdout.write(
            f"{Zone.objects.count()} zones, as of {as_of}, {repeat} runs each, {connection.vendor}"
        )
        self.stdout.write(f"{'read':<44}{'median ms':>10}{'min ms':>10}{'queries':>9}")
        try:
            with transaction.atomic():
                client = Client(HTTP_HOST="127.0.0.1")
                client.force_login(get_user_model().objects.create_superuser("benchmark-temporary"))
                for label, read in self._reads(client, as_of, city, zone):
                    self._time(label, read, repeat)
                raise _Rollback
        except _Rollback:
            pass

    def _reads(self, client, as_of, city, zone):
        day = f"as_of={as_of:%Y-%m-%d}"

        def page(path):
            def get():
                response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}")

            return get

        return [
            ("registry: province, every indicator", lambda: INDICATORS.evaluate(as_of, Scope())),
            ("registry: every zone, every indicator", lambda: INDICATORS.evaluate_by(as_of, ZONE)),
            ("page / (province overview)", page(f"/?{day}")),
            (f"page /cities/{city.adcode}/", page(f"/cities/{city.adcode}/?{day}")),
            (f"page /zones/{zone.pk}/ (scorecard)", page(f"/zones/{zone.pk}/?{day}")),
            ("page /projects/", page(f"/projects/?{day}")),
            ("page /rankings/", page(f"/rankings/?{day}")),
            ("page /reports/", page("/reports/")),
            ("api indicators/values (province)", page(f"/api/v1/indicators/values?{day}")),
            ("api projects?limit=100", page(f"/api/v1/projects?limit=100&{day}")),
            ("api projects.csv", page(f"/api/v1/projects.csv?{day}")),
        ]

    def _time(self, label, read, repeat):
        timings = []
        for _run in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                read()
                timings.append((time.perf_counter() - started) * 1000)
        self.stdout.write(
            f"{label:<44}{statistics.median(timings):>10.1f}{min(timings):>10.1f}"
            f"{len(queries.captured_queries):>9}"
        )
