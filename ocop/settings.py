"""Settings for ocop, read from the environment (one file for every deployment).

DATABASE_URL   unset: embedded SQLite in var/ocop.sqlite3; e.g. postgres://user@host:5432/db
SECRET_KEY     required in production (the fallback is flagged by `check --deploy`)
DEBUG          "1" to turn on debug pages
ALLOWED_HOSTS  comma-separated host names
OCOP_PROVINCE  province code from vietnam-provinces (default 1 = Thành phố Hà Nội)
OCOP_HTTPS     "1" when served over HTTPS (behind nginx): secure cookies, HSTS, HTTPS redirect
REDIS_URL      e.g. redis://127.0.0.1:6379/0: cache and sessions in Redis (else in memory / DB)
LOG_FORMAT     "json" for one JSON object per log line (default: plain text)
Every variable is listed with its meaning in docs/deploy.md.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OCOP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
# The fallback key is only for the demo and tests; `manage.py check --deploy` flags it.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-ocop-development-key-only"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

OCOP_PROVINCE = int(os.environ.get("OCOP_PROVINCE", "1"))
OCOP_SITE_URL = os.environ.get("OCOP_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ocop.lib",
    "ocop.audit",
    "ocop.places",
    "ocop.accounts",
    "ocop.registry",
    "ocop.evaluation",
    "ocop.certification",
    "ocop.catalogue",
    "ocop.market",
    "ocop.reports",
    "ocop.api",
    "ocop.exchange",
    "ocop.security",
    "ocop.ops",
    "ocop.help",
    "ninja",  # serves the API docs' assets locally instead of from a CDN
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "ocop.ops.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ocop.ops.middleware.RequestSizeLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ocop.audit.middleware.RequestContextMiddleware",
    "ocop.ops.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: turns a lockout noticed during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocop.urls"
WSGI_APPLICATION = "ocop.wsgi.application"

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
                "ocop.lib.context_processors.platform",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'ocop.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes writers queue instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (imports) run in `ocop db_worker`; OCOP_TASKS_BACKEND=immediate runs them
# in the request instead (tests, or a demo without a worker).
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }.get(os.environ.get("OCOP_TASKS_BACKEND", ""), "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    # django-axes refuses locked-out username + address pairs before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # a reset link works for 3 hours

# Login throttling (django-axes): 5 wrong passwords for one username from one address lock
# that pair for 15 minutes. Locking by username alone would let anyone lock anyone out;
# locking by address alone would lock a whole office behind one NAT address.
AXES_FAILURE_LIMIT = int(os.environ.get("OCOP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OCOP_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ocop.security.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # successful logins and logouts are in the audit log instead
AXES_VERBOSE = False

# Two-factor sign-in (TOTP apps such as Google Authenticator, Aegis, FreeOTP).
OTP_TOTP_ISSUER = "OCOP"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ocop" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static-root"))
# Uploads live outside the static root and are served by views that check access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
OCOP_MAX_PHOTO_BYTES = int(os.environ.get("OCOP_MAX_PHOTO_BYTES", str(5 * 1024 * 1024)))
# Dossier evidence (PDF/JPEG/PNG/WebP), checked by content in ocop/evaluation/uploads.py.
OCOP_MAX_EVIDENCE_BYTES = int(os.environ.get("OCOP_MAX_EVIDENCE_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Whole request bodies (uploads included) above this are refused with 413 before Django reads
# them; nginx's client_max_body_size in deploy/ is set to the same figure.
OCOP_MAX_REQUEST_BYTES = int(os.environ.get("OCOP_MAX_REQUEST_BYTES", str(30 * 1024 * 1024)))
OCOP_BACKUP_DIR = Path(os.environ.get("OCOP_BACKUP_DIR", VAR_DIR / "backups"))
# The office's key and self-signed certificate (PEM paths) that sign certificate PDFs (PAdES);
# an encrypted key's passphrase is read from OCOP_SIGNING_PASSPHRASE. Unset: real certificates
# are not signed. Sample certificates are signed with a DEMO key (see ocop/security/signing.py).
OCOP_SIGNING_KEY = os.environ.get("OCOP_SIGNING_KEY", "")
OCOP_SIGNING_CERT = os.environ.get("OCOP_SIGNING_CERT", "")

# Static files are served by WhiteNoise (behind nginx in production). Hashed, compressed
# file names need `collectstatic` first, so only deployments that ran it turn them on
# (OCOP_STATIC_MANIFEST=1); elsewhere (development, tests) files come from static/ directly.
OCOP_STATIC_MANIFEST = env_bool("OCOP_STATIC_MANIFEST")
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not OCOP_STATIC_MANIFEST
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "ocop.ops.storage.StaticFilesStorage"
        if OCOP_STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ocop@localhost")
# SMTP for password-reset links and notices (with EMAIL_BACKEND=...smtp.EmailBackend).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 20

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("OCOP_SESSION_BROWSER_CLOSE")

# Redis for the cache and the sessions when REDIS_URL is set (gunicorn workers then share
# them); otherwise a per-process memory cache and sessions in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
# "pages" keeps whole public answers in each process, "pages-shared" (with Redis) between them
# (ocop/catalogue/pagecache.py), apart from the rest.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ocop",
    }
    CACHES["pages-shared"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ocop-pages",
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# How long a public answer may be kept (0: never), and how often each process reads the
# catalogue revision that invalidates kept answers (see ocop/catalogue/pagecache.py).
OCOP_PAGE_CACHE_SECONDS = int(os.environ.get("OCOP_PAGE_CACHE_SECONDS", "300"))
OCOP_PAGE_CACHE_REVISION_SECONDS = float(os.environ.get("OCOP_PAGE_CACHE_REVISION_SECONDS", "1"))
# Certificate checks are counted in memory and written at most this often (0: every check).
OCOP_VERIFICATION_WRITE_SECONDS = float(os.environ.get("OCOP_VERIFICATION_WRITE_SECONDS", "10"))

# HTTPS (OCOP_HTTPS=1, behind nginx that terminates TLS and sets X-Forwarded-Proto).
OCOP_HTTPS = env_bool("OCOP_HTTPS") and not DEBUG
# Behind a reverse proxy, REMOTE_ADDR is the proxy: take the client's address from X-Real-IP.
OCOP_BEHIND_PROXY = env_bool("OCOP_BEHIND_PROXY", default=OCOP_HTTPS)
if OCOP_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes from the machine itself use plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("OCOP_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("OCOP_HSTS_PRELOAD")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [OCOP_SITE_URL]
SILENCED_SYSTEM_CHECKS: list[str] = []
if not env_bool("OCOP_HSTS_PRELOAD"):
    # Asking browsers to preload HSTS is a lasting decision for the owner of the whole domain
    # (often the province's), so it is opt-in (OCOP_HSTS_PRELOAD=1) and not a deploy warning.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Content Security Policy (django-csp): scripts and styles only from our own static files,
# images also from the map tile server. Templates carry no inline script or style.
OCOP_TILE_URL = os.environ.get("OCOP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_tiles = urlsplit(OCOP_TILE_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            *([f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles.netloc else []),
        ],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
