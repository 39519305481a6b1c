"""Create a user with a role and the city or zones it answers for."""

import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zones.models import City, CityMembership, Zone, ZoneMembership
from zones.roles import Role, ensure_role_groups


class Command(BaseCommand):
    help = "创建用户并指定角色：province（省级管理员）、city（市级审核员）、zone（开发区填报员）、readonly（只读用户）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[role.value for role in Role])
        parser.add_argument("--city", help="市级审核员所在地市的行政区划代码")
        parser.add_argument(
            "--zone", type=int, action="append", default=[], help="开发区编号，可多次给出"
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")

    def handle(self, username, role, city, zone, email, password_stdin, **options):
        role = Role(role)
        if role == Role.CITY and not city:
            raise CommandError("市级审核员须用 --city 指定地市。")
        if role == Role.ZONE and not zone:
            raise CommandError("开发区填报员须用 --zone 指定至少一个开发区。")
        if city and role != Role.CITY or zone and role != Role.ZONE:
            raise CommandError("--city 仅用于市级审核员，--zone 仅用于开发区填报员。")
        city_row = City.objects.filter(adcode=city).first() if city else None
        if city and city_row is None:
            raise CommandError(f"没有行政区划代码为 {city} 的地市。")
        zones = list(Zone.objects.filter(pk__in=zone))
        if missing := set(zone) - {z.pk for z in zones}:
            raise CommandError(f"没有编号为 {', '.join(map(str, sorted(missing)))} 的开发区。")
        password = sys.stdin.readline().rstrip("\n") if password_stdin else None

        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"用户 {username} 已存在。")
        user = User(username=username, email=email, is_staff=True)
        if password:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError("；".join(error.messages)) from error
            user.set_password(password)
        else:
            user.set_unusable_password()
        with transaction.atomic():
            user.save()
            user.groups.add(ensure_role_groups()[role])
            if city_row:
                CityMembership.objects.create(user=user, city=city_row)
            for zone_row in zones:
                ZoneMembership.objects.create(user=user, zone=zone_row)
        self.stdout.write(f"已创建用户 {username}（{role.label}）。")
