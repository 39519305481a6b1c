import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reforms import snapshots
from reforms.tasks import take_snapshot


def month(value: str) -> datetime.date:
    """YYYY-MM (or a full date) → the first day of that month."""
    try:
        return datetime.date.fromisoformat(value if len(value) > 7 else f"{value}-01").replace(
            day=1
        )
    except ValueError:
        raise CommandError(f"not a month (YYYY-MM): {value!r}") from None


class Command(BaseCommand):
    help = (
        "计算并保存一段月份的指标快照（已有则替换）。Stores the indicator snapshots of a range of "
        "months, replacing any stored before."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=month, required=True, help="YYYY-MM")
        parser.add_argument("--to", dest="end", type=month, help="YYYY-MM (default: this month)")
        parser.add_argument(
            "--enqueue", action="store_true", help="hand the months to the Celery worker instead"
        )

    def handle(self, *args, start, end=None, enqueue=False, **options):
        end = end or timezone.localdate().replace(day=1)
        periods = snapshots.months(start, min(end, timezone.localdate()))
        if not periods:
            raise CommandError("no month in that range has begun")
        for done, period in enumerate(periods, start=1):
            started = time.monotonic()
            if enqueue:
                take_snapshot.delay(period.isoformat())
                note = "queued"
            else:
                note = f"{snapshots.take_snapshot(period).values} values"
            self.progress(
                done, len(periods), f"{period:%Y-%m} {note} ({time.monotonic() - started:.1f} s)"
            )
        self.stdout.write(
            self.style.SUCCESS(f"{len(periods)} months {'queued' if enqueue else 'stored'}.")
        )

    def progress(self, done: int, total: int, note: str) -> None:
        width = 30
        filled = width * done // total
        bar = "#" * filled + "." * (width - filled)
        self.stdout.write(f"[{bar}] {done}/{total} {note}")
