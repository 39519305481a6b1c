"""Settings, all from environment variables; the defaults run the embedded product on SQLite.

Environment variables:
    DATABASE_URL       default: SQLite in var/db.sqlite3 (postgres://… for PostgreSQL via psycopg 3)
    CELERY_BROKER_URL  default: none — tasks then run eagerly in the web process
    SECRET_KEY         default: a development key; must be set when DEBUG is off
    DEBUG              default: true
    ALLOWED_HOSTS      default: 127.0.0.1,localhost
    CACHE_URL          default: local memory (per process); redis://… to share it
    API_TOKEN_RATE     default: 600/min — requests per API token; empty: no limit
    HTTPS, SECURE_PROXY_SSL_HEADER, SECURE_HSTS_SECONDS, CSRF_TRUSTED_ORIGINS — see "Production"
    EMAIL_URL          default: consolemail:// (mail printed); smtp+tls://user:password@host:587
    DEFAULT_FROM_EMAIL, REPORT_DEADLINE_DAY, REPORT_PERIOD, REPORT_REMINDER_DAYS_BEFORE/AFTER,
    ALERT_*_DAYS, SNAPSHOT_REFRESH_DELAY, LOG_LEVEL — see README "Background jobs"
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()


def env_flag(name: str, default: bool) -> bool:
    """A true/false variable; anything but true/false/1/0/yes/no/on/off is refused."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in ("true", "1", "yes", "on"):
        return True
    if raw in ("false", "0", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number within bounds; anything else is refused with the variable's name."""
    raw = env.str(name, default="").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise ImproperlyConfigured(f"{name} must be at least {minimum}{upper}, not {value}.")
    return value


def env_int_list(name: str, default: list[int]) -> list[int]:
    """Comma-separated non-negative whole numbers, e.g. "3,1"."""
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    try:
        values = [int(part) for part in raw.split(",")]
    except ValueError:
        raise ImproperlyConfigured(f"{name} must list whole numbers, not {raw!r}.") from None
    if any(value < 0 for value in values):
        raise ImproperlyConfigured(f"{name} must not list negative numbers: {raw!r}.")
    return values


DEBUG = env.bool("DEBUG", default=True)
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    # The periodic schedule in the database, editable in the admin by the provincial administrator.
    "django_celery_beat",
    # Task results (failures with their traceback) stored in the database and shown in the admin.
    "django_celery_results",
    # Listed so that its Swagger assets are served from our static files, not a CDN.
    "ninja",
    "zones",
    "reforms",
    "projects",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files from the web processes themselves, compressed and cacheable.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# A real Celery worker on SQLite needs WAL and immediate transactions to avoid "database is locked".
_SQLITE_OPTIONS = {"init_command": "PRAGMA journal_mode=WAL", "transaction_mode": "IMMEDIATE"}
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(_SQLITE_OPTIONS)
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # The test database is a file, not memory, so that a real Celery worker thread in the tests
    # sees the same data as the test itself; one per process, so that test runs never share one.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed file names only in production: tests and development need no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded Excel imports (zones.ImportJob.file), read by the import task; never served over HTTP.
# A worker on another host needs this directory shared with the web processes.
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# In development and tests (DEBUG as the environment sets it, not as the test runner forces it)
# whitenoise looks files up per request and needs no collected STATIC_ROOT.
WHITENOISE_AUTOREFRESH = DEBUG

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker the embedded product runs every task in-process, so one command serves it all.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Results and failures (with their traceback) go to the database: the admin shows them.
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
# A task is acknowledged when it ends, so one whose worker died runs again; every task is
# idempotent, so running twice is harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Beat reads the schedule from the database (django-celery-beat); `manage.py install_schedule`
# puts JOB_SCHEDULE there once, after which the administrator's edits stand.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

LOGIN_URL = "admin:login"
# On an intranet the aggregate pages may be opened to anonymous readers.
DASHBOARDS_PUBLIC = env.bool("DASHBOARDS_PUBLIC", default=False)

# The cache counts API token requests for throttling: with several web processes or hosts it must
# be shared, e.g. CACHE_URL=redis://127.0.0.1:6379/1; the default is per process.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# Requests one API token may make, as "number/period" (s, min, hour, day); empty: no limit.
API_TOKEN_RATE = env.str("API_TOKEN_RATE", default="600/min")

# Production behind TLS (see README "Production"). HTTPS defaults to on when DEBUG is off, so
# `manage.py check --deploy` is clean; HTTPS=false only for a stack on loopback without TLS.
HTTPS = env_flag("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", default=True)
# Load balancers probe /health/ over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Only behind a front server that sets X-Forwarded-Proto itself (and strips the client's).
if env_flag("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Several web processes and the workers share debounce flags and throttling counts.
if CELERY_BROKER_URL and not DEBUG and CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    raise ImproperlyConfigured("With CELERY_BROKER_URL set, set CACHE_URL (e.g. redis://…/1) too.")

# Mail (report reminders): printed to the console by default; SMTP with
# EMAIL_URL=smtp+tls://user:password@host:587 (the password URL-encoded).
_EMAIL = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _EMAIL["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _EMAIL["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _EMAIL["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _EMAIL.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _EMAIL.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="开发区改革监测平台 <noreply@localhost>")

# Background jobs (reforms/tasks.py, projects/tasks.py; README "Background jobs").
# A month's figures are due on this day of the next month (5: the 5th).
REPORT_DEADLINE_DAY = env_int("REPORT_DEADLINE_DAY", default=5, minimum=1, maximum=28)
# The period a zone submits one report (报表) for: "month" (月报) or "quarter" (季报). A report
# covers the figures of every month in its period; it is due on REPORT_DEADLINE_DAY of the month
# after the period ends (reforms.reports).
REPORT_PERIOD = env.str("REPORT_PERIOD", default="month").strip().lower()
if REPORT_PERIOD not in ("month", "quarter"):
    raise ImproperlyConfigured(f"REPORT_PERIOD must be month or quarter, not {REPORT_PERIOD!r}.")
# Officers of zones that have not reported are reminded this many days before / after a deadline.
REPORT_REMINDER_DAYS_BEFORE = env_int_list("REPORT_REMINDER_DAYS_BEFORE", default=[3, 1])
REPORT_REMINDER_DAYS_AFTER = env_int_list("REPORT_REMINDER_DAYS_AFTER", default=[1, 5])
# A 三未 project is alerted once it has been stuck at its milestone this many days.
STALLED_ALERT_DAYS = {
    "signed_not_landed": env_int("ALERT_SIGNED_NOT_LANDED_DAYS", default=90, minimum=1),
    "landed_not_invested": env_int("ALERT_LANDED_NOT_INVESTED_DAYS", default=90, minimum=1),
    "invested_no_output": env_int("ALERT_INVESTED_NO_OUTPUT_DAYS", default=180, minimum=1),
}
# Seconds a snapshot refresh waits after a data change, so a burst of changes makes one refresh.
SNAPSHOT_REFRESH_DELAY = env_int("SNAPSHOT_REFRESH_DELAY", default=60)
# The periodic jobs, in Asia/Shanghai time. `manage.py install_schedule` writes the missing ones to
# the database; from then on the administrator edits them in the admin (定时任务).
JOB_SCHEDULE = {
    # Snapshot the current and the previous month (late reports land until the deadline) and
    # recompute any stored month whose data changed since it was taken.
    "snapshots": {"task": "reforms.tasks.snapshot_recent_periods", "minute": "30", "hour": "1"},
    # Open and close 三未 alerts as of today.
    "stalled-project-alerts": {
        "task": "projects.tasks.detect_stalled_projects",
        "minute": "0",
        "hour": "6",
    },
    # Remind the officers of zones that have not reported, around each deadline.
    "report-reminders": {"task": "reforms.tasks.send_report_reminders", "minute": "0", "hour": "9"},
}

# Logs go to standard error, where gunicorn, the worker and beat collect them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env.str("LOG_LEVEL", default="WARNING" if DEBUG else "INFO"),
    },
}
