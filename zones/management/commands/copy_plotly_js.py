"""Copies plotly.js from the installed plotly package into our static files (no CDN).

Run at set-up (.ci/setup): the pages load static/vendor/plotly/plotly.min.js, which is not
committed (.gitignore), so the bundle always matches the pinned plotly package.
"""

import shutil
from pathlib import Path

import plotly
from django.conf import settings
from django.core.management.base import BaseCommand
from plotly.offline import get_plotlyjs_version

SOURCE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def target() -> Path:
    return Path(settings.BASE_DIR) / "static" / "vendor" / "plotly" / "plotly.min.js"


class Command(BaseCommand):
    help = "把 plotly 包中的 plotly.min.js 复制到静态文件。Copies plotly.min.js into static/."
    requires_system_checks = []

    def handle(self, *args, **options):
        destination = target()
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not destination.exists() or destination.read_bytes() != SOURCE.read_bytes():
            shutil.copyfile(SOURCE, destination)
        self.stdout.write(f"plotly.js {get_plotlyjs_version()} → {destination}")
