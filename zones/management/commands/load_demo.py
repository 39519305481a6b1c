from django.core.management.base import BaseCommand, CommandError

from zones.demo.builder import VERSION, build_demo, holds_other_data
from zones.models import DemoDataset


class Command(BaseCommand):
    help = "载入演示数据（合成数据，汇总值与公开发布数据一致）。Loads the synthetic demo dataset."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="rebuild even if loaded")

    def handle(self, *args, force=False, **options):
        if holds_other_data():
            raise CommandError(
                "数据库中已有非演示数据，拒绝覆盖。The database holds non-demo data."
            )
        if not force and DemoDataset.objects.filter(version=VERSION).exists():
            self.stdout.write(f"演示数据 {VERSION} 已载入（--force 重新生成）。")
            return
        self.stdout.write(f"正在生成演示数据 {VERSION}…")
        build_demo(self.stdout)
        self.stdout.write(
            self.style.SUCCESS("演示数据已载入：开发区层面数据为合成数据，仅供演示。")
        )
