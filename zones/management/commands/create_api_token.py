"""Issue a personal API token for a user and print it once."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zones.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for USERNAME (read-only unless --write) and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--write", action="store_true", help="allow writes to the zones the user answers for"
        )
        parser.add_argument(
            "--expires-in-days", type=int, metavar="N", help="the token stops working after N days"
        )
        parser.add_argument("--name", default="", help="what the token is for, shown in the admin")

    def handle(self, *args, username, write, expires_in_days, name, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be at least 1.")
        token = ApiToken(user=user, name=name, can_write=write)
        if expires_in_days is not None:
            token.expires_at = timezone.now() + datetime.timedelta(days=expires_in_days)
        key = token.generate_key()
        token.save()
        # The key is printed alone on stdout so that scripts can capture it; it is never stored.
        self.stdout.write(key)
        expiry = token.expires_at.isoformat() if token.expires_at else "never"
        self.stderr.write(
            f"{'read-write' if write else 'read-only'} token for {user}, expires: {expiry}. "
            "Store it now: it cannot be shown again."
        )
