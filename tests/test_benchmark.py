"""`manage.py benchmark` prints a timing and a query count for each main read, and leaves the
database as it was."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command


def test_benchmark_prints_every_read_and_leaves_no_trace(demo_db):
    users = get_user_model().objects.count()
    out = io.StringIO()

    call_command("benchmark", "--repeat", "1", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("93 zones, as of ")
    rows = {line[:44].strip(): line[44:].split() for line in lines[2:]}
    assert {"page / (province overview)", "page /reports/", "api projects.csv"} <= set(rows)
    assert all(len(figures) == 3 and int(figures[2]) > 0 for figures in rows.values())
    assert get_user_model().objects.count() == users
