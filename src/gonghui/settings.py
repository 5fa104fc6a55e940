"""Settings for gonghui, driven by GONGHUI_* environment variables.

Development and tests run on the embedded SQLite database under var/ with keys generated
there; production (GONGHUI_PRODUCTION=1) refuses to start without a secret key, a data key
and a server database, unless GONGHUI_ALLOW_SQLITE=1 says otherwise.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("GONGHUI_VAR_DIR", Path.cwd() / "var")).resolve()


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = env_flag("GONGHUI_PRODUCTION")
DEBUG = env_flag("GONGHUI_DEBUG")
TESTING = env_flag("GONGHUI_TESTING")

DATABASE_URL = os.environ.get("GONGHUI_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}"
SECRET_KEY = os.environ.get("GONGHUI_SECRET_KEY", "")
DATA_KEY_FILE = Path(os.environ.get("GONGHUI_DATA_KEY_FILE", VAR_DIR / "data-keys.json"))

if PRODUCTION:
    missing = []
    if not SECRET_KEY:
        missing.append("GONGHUI_SECRET_KEY")
    if not DATA_KEY_FILE.exists():
        missing.append(f"GONGHUI_DATA_KEY_FILE ({DATA_KEY_FILE} 不存在)")
    if DATABASE_URL.startswith("sqlite") and not env_flag("GONGHUI_ALLOW_SQLITE"):
        missing.append("GONGHUI_DATABASE_URL (生产模式须用 PostgreSQL，或设 GONGHUI_ALLOW_SQLITE=1)")
    if missing:
        raise ImproperlyConfigured("生产模式拒绝启动，缺少: " + "; ".join(missing))
elif not SECRET_KEY:
    key_file = VAR_DIR / "secret-key"
    if key_file.exists():
        SECRET_KEY = key_file.read_text().strip()
    else:
        SECRET_KEY = secrets.token_urlsafe(50)
        if not TESTING:
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(SECRET_KEY)

ALLOWED_HOSTS = [h for h in os.environ.get("GONGHUI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("GONGHUI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "ninja",  # so /api/v1/docs serves its bundled Swagger UI instead of loading it from a CDN
    "django_tasks",
    "django_tasks_db",
    "gonghui.core",
    "gonghui.orgs",
    "gonghui.accounts",
    "gonghui.members",
    "gonghui.cards",
    "gonghui.service",
    "gonghui.assistance",
    "gonghui.mutualaid",
    "gonghui.bargaining",
    "gonghui.campaigns",
    "gonghui.honours",
    "gonghui.harmony",
    "gonghui.safety",
    "gonghui.culture",
    "gonghui.finance",
    "gonghui.women",
    "gonghui.outreach",
    "gonghui.stats",
    "gonghui.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Signed till requests (/api/v1/cards/) leave here for a chain of their own: no session,
    # CSRF, user, messages or account gate, the security headers still set.
    "gonghui.cards.middleware.TillApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "gonghui.accounts.middleware.AccountGateMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

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
                "gonghui.core.navigation.navigation",
            ],
            "builtins": ["gonghui.core.templatetags.core_tags", "template_partials.templatetags.partials"],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A large page cache: bulk imports insert into indexes of random keys (blind indexes),
        # which with SQLite's 2 MB default spill to disk over and over.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "gonghui.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "gonghui.accounts.passwords.CharacterClassValidator"},
    {"NAME": "gonghui.accounts.passwords.NotUsernameValidator"},
]
if TESTING:
    # Argon2 at full cost would make the suite crawl; the hasher is still argon2.
    PASSWORD_HASHERS = ["gonghui.accounts.passwords.FastArgon2PasswordHasher"]

SESSION_COOKIE_AGE = int(os.environ.get("GONGHUI_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION and not env_flag("GONGHUI_ALLOW_HTTP")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

LOGIN_MAX_FAILURES = int(os.environ.get("GONGHUI_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCK_MINUTES = int(os.environ.get("GONGHUI_LOGIN_LOCK_MINUTES", "15"))
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("GONGHUI_PASSWORD_MAX_AGE_DAYS", "90"))
REQUIRE_2FA_FOR_ALL = env_flag("GONGHUI_REQUIRE_2FA_FOR_ALL")
AUDIT_RETENTION_DAYS = max(180, int(os.environ.get("GONGHUI_AUDIT_RETENTION_DAYS", "180")))
SEAL_SUITE = os.environ.get("GONGHUI_SEAL_SUITE", "aes-gcm")  # or "sm4-gcm"
# The year the home page's figures default to (the demo city is the report's year, 2012).
REPORT_YEAR = int(os.environ.get("GONGHUI_REPORT_YEAR", "2012"))
EXPORT_MAX_ROWS = int(os.environ.get("GONGHUI_EXPORT_MAX_ROWS", "1000000"))

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Background work (imports): a queue in the database itself, so the embedded default needs
# no extra service; `gonghui run` starts its worker (`db_worker`) next to the web server.
# Tests run each task at once, in the test's own transaction.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if TESTING:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The vendored front-end (Bootstrap, htmx, ECharts) lives in the project package, not in an app.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if TESTING:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = not PRODUCTION

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "gonghui.core.sealing.MaskPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GONGHUI_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
