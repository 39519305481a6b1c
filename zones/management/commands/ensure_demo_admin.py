from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "demo-admin"


class Command(BaseCommand):
    help = "创建演示用管理员账号并打印登录信息（仅限 DEBUG）。Creates the demo admin login."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="where the site is served"
        )

    def handle(self, *args, url, **options):
        if not settings.DEBUG:
            raise CommandError("演示管理员只能在 DEBUG 模式下创建。Refusing outside DEBUG.")
        user, _ = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = user.is_superuser = True
        user.set_password(PASSWORD)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"管理员登录 Admin login: {url}admin/  "
                f"用户名 username: {USERNAME}  密码 password: {PASSWORD}"
            )
        )
