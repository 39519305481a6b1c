from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask


class Command(BaseCommand):
    help = (
        "把 settings.JOB_SCHEDULE 中尚未建立的定时任务写入数据库；已有的保持管理员的修改。"
        "Writes the periodic jobs of settings.JOB_SCHEDULE that the database lacks; existing ones "
        "keep the administrator's edits unless --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="restore the default times")

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        for name, job in settings.JOB_SCHEDULE.items():
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=job["minute"],
                hour=job["hour"],
                day_of_week="*",
                day_of_month="*",
                month_of_year="*",
                timezone=settings.TIME_ZONE,
            )
            defaults = {"task": job["task"], "crontab": crontab, "enabled": True}
            if reset:
                _, created = PeriodicTask.objects.update_or_create(name=name, defaults=defaults)
            else:
                _, created = PeriodicTask.objects.get_or_create(name=name, defaults=defaults)
            self.stdout.write(
                f"{'created' if created else 'kept' if not reset else 'reset'}: {name}"
            )
