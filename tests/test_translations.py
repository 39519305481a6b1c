"""The English catalogue (locale/en/LC_MESSAGES/django.po; msgids are Chinese): every message is
translated, none is left fuzzy, it holds exactly the strings the source marks for translation,
and the English pages and API errors show it.

The catalogue is brought up to date with the command in MAKEMESSAGES (also quoted in the .po's
header), then translated and compiled: `python manage.py compilemessages -l en --ignore=.venv`.
"""

import ast
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from zones.models import ApiToken, Zone

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUE = Path("locale") / "en" / "LC_MESSAGES" / "django.po"

# How the catalogue is made: file-only locations, long lines kept whole, no obsolete entries.
MAKEMESSAGES = [
    "makemessages",
    "-l",
    "en",
    "--no-obsolete",
    "--no-wrap",
    "--add-location=file",
    "--ignore=.venv",
    "--ignore=var",
    "--ignore=artifacts",
    "--ignore=static/vendor",
    "--ignore=staticfiles",
    "--ignore=*.egg-info",
    "--ignore=tests",
]


def entries(path: Path) -> list[dict]:
    """The catalogue's entries (the header included) as {"msgid", "msgstr", "flags"}; enough
    of the PO format for Django's catalogues (no plurals, no contexts)."""
    found, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None:
                found.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"msgid": "", "msgstr": "", "flags": set()}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid_plural", "msgctxt", "msgstr[")):
            pytest.fail(f"unexpected PO keyword, the test's parser needs extending: {line}")
        elif line.startswith(("msgid ", "msgstr ")):
            field, _, rest = line.partition(" ")
            entry[field] = ast.literal_eval(rest)
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
    return found


def messages(path: Path) -> dict[str, dict]:
    """The entries by msgid, without the header."""
    return {entry["msgid"]: entry for entry in entries(path) if entry["msgid"]}


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = messages(BASE_DIR / CATALOGUE)
    assert len(catalogue) > 400

    untranslated = [msgid for msgid, entry in catalogue.items() if not entry["msgstr"].strip()]
    fuzzy = [msgid for msgid, entry in catalogue.items() if "fuzzy" in entry["flags"]]
    header = entries(BASE_DIR / CATALOGUE)[0]

    assert untranslated == []
    assert fuzzy == []
    assert "fuzzy" not in header["flags"]


def test_translations_keep_their_placeholders():
    for msgid, entry in messages(BASE_DIR / CATALOGUE).items():
        if "python-format" in entry["flags"]:
            named = {part.split(")")[0] for part in msgid.split("%(")[1:]}
            translated = {part.split(")")[0] for part in entry["msgstr"].split("%(")[1:]}
            assert translated == named, msgid


def source_files() -> list[str]:
    """The project's files as git sees them: tracked, plus new ones that are not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=BASE_DIR,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (BASE_DIR / name).is_file()]


def test_the_catalogue_holds_exactly_the_strings_marked_in_the_source():
    """makemessages, run in a copy of the project, neither adds nor drops a message: the
    committed catalogue is current. (The project's own files are never written.)"""
    if shutil.which("git") is None or shutil.which("xgettext") is None:
        pytest.skip("needs git and gettext's xgettext")
    if not (BASE_DIR / ".git").exists():
        pytest.skip("not a git checkout")
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary)
        for name in source_files():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(BASE_DIR / name, copy / name)
        subprocess.run(
            [sys.executable, "manage.py", *MAKEMESSAGES],
            cwd=copy,
            capture_output=True,
            check=True,
            timeout=60,
        )
        current = set(messages(copy / CATALOGUE))
    committed = set(messages(BASE_DIR / CATALOGUE))

    assert sorted(current - committed) == [], "new strings: run makemessages and translate them"
    assert sorted(committed - current) == [], "stale strings: run makemessages --no-obsolete"


# The English site


@pytest.mark.django_db
def test_the_excel_import_page_is_in_english_under_en():
    client = Client()
    client.force_login(User.objects.create(username="root", is_superuser=True, is_staff=True))

    html = client.get("/en/admin/imports/").content.decode()

    for english in ("Step 1: download the template", "Upload and check", "Recent imports"):
        assert english in html
    assert "第一步：下载模板" not in html
    assert "上传并校验" not in html


@pytest.mark.django_db
def test_a_report_returned_without_a_comment_is_refused_in_english():
    user = User.objects.create(username="root", is_superuser=True, is_staff=True)
    token = ApiToken(user=user, can_write=True)
    key = token.generate_key()
    token.save()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    zone = Zone.objects.order_by("pk").first()
    url = f"/api/v1/reports/{zone.pk}/2025-03/"

    submitted = client.post(url + "submit", "{}", content_type="application/json")
    assert submitted.status_code == 200, submitted.content
    returned = client.post(url + "return", json.dumps({"comment": ""}), "application/json")

    assert returned.status_code == 422, returned.content
    error = returned.json()["detail"][0]
    assert error["field"] == "comment"
    assert error["msg"] == "To return a report, write a comment saying what needs to be corrected."
