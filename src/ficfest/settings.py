"""Django settings, read from the environment (see docs/configuration.md).

Two modes: ``local`` (the default, what ``make run`` uses) generates a secret key into the data
folder and trusts localhost; ``production`` demands a secret key and the allowed hosts, and turns
on the HTTPS protections that ``ficfest check --deploy`` looks for.
"""

import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import PIL.Image
from csp.constants import NONE, SELF

from ficfest.lib.env import ConfigError, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent

MODE = env_str("FICFEST_MODE", "local")
if MODE not in {"local", "production"}:
    raise ConfigError(f"FICFEST_MODE must be 'local' or 'production', not {MODE!r}")
PRODUCTION = MODE == "production"

DATA_DIR = Path(env_str("FICFEST_DATA_DIR", "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", default=not PRODUCTION)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ConfigError("SECRET_KEY must be set when FICFEST_MODE=production")
    # A local install keeps one generated key, so sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS must be set when FICFEST_MODE=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Where readers reach the archive, for links that leave the site (emails, feeds, exports).
# Unset: the request's own host and port, or for the worker's emails make run's address on PORT
# (ficfest.lib.urls).
SITE_URL = env_str("SITE_URL").rstrip("/")
PORT = env_int("PORT", 8000)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ficfest.accounts",
    "ficfest.tags",
    "ficfest.works",
    "ficfest.communities",
    "ficfest.exchanges",
    "ficfest.importer",
    "ficfest.search",
    "ficfest.downloads",
    "ficfest.social",
    # The demo archive (`ficfest demo`): above every other app, which it only uses.
    "ficfest.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ficfest.lib.urls.request_site",
    # Before the CSRF check, which is the first to read a form: reports dropped uploads.
    "ficfest.lib.uploads.upload_reports",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ficfest.accounts.middleware.ReaderTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ficfest.urls"
# A refused form (an expired page, cookies off) is explained in the site's layout.
CSRF_FAILURE_VIEW = "ficfest.lib.errors.csrf_failure"
WSGI_APPLICATION = "ficfest.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ficfest.accounts.context_processors.theme",
                "ficfest.communities.context_processors.waiting_badge",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'ficfest.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.parse(url))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so
        # concurrent writers queue on busy_timeout instead of failing mid-transaction.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
        # Pages run many small queries: compiling one to machine code (PostgreSQL's JIT, on
        # when a plan's estimated cost is high, as with facet counts) costs more than it saves.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    config["TEST"] = {"NAME": env_str("DATABASE_TEST_NAME") or None}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Imported originals and staged uploads: outside MEDIA_ROOT, never served from a URL.
    "originals": {"BACKEND": "ficfest.lib.storage.PrivateStorage"},
    # Built downloads (EPUB, PDF...): served only through views that check who may read them.
    "downloads": {
        "BACKEND": "ficfest.lib.storage.PrivateStorage",
        "OPTIONS": {"location": Path(env_str("DOWNLOADS_ROOT") or DATA_DIR / "downloads")},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
ORIGINALS_ROOT = Path(env_str("ORIGINALS_ROOT") or DATA_DIR / "originals").resolve()
WHITENOISE_USE_FINDERS = not PRODUCTION
# Build a work's download files in the background as soon as it changes (else on first request).
DOWNLOADS_PREBUILD = env_bool("DOWNLOADS_PREBUILD", True)
# Anthologies of more works than this are built by the worker, with a progress page.
DOWNLOADS_ANTHOLOGY_SYNC_MAX = env_int("DOWNLOADS_ANTHOLOGY_SYNC_MAX", 40)

TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ficfest <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy on every response: no inline script or style, nothing from another
# site, no framing. A response that set its own policy (a sandboxed download) keeps it.
# Media served from another host (a CDN, S3) is allowed by naming it in CSP_MEDIA_ORIGINS.
_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS", [])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, *_MEDIA_ORIGINS],
        "media-src": [SELF, *_MEDIA_ORIGINS],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# The default cache holds attempt counts (ficfest.accounts.throttle): local memory, one per
# process, unless REDIS_URL points every process at one Redis (needs the redis package).
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rendered fragments (blurbs, chapter bodies: ficfest.works.fragments), apart from the
    # attempt counts so that many pages read can never push a count out. Keys name everything
    # a fragment shows, so a stale entry is never read, only left to expire or be culled.
    "fragments": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "fragments",
        "TIMEOUT": env_int("FRAGMENT_CACHE_SECONDS", 86400),
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": env_int("FRAGMENT_CACHE_SECONDS", 86400),
        "OPTIONS": {"MAX_ENTRIES": env_int("FRAGMENT_CACHE_ENTRIES", 20_000)},
    },
}
# Attempt limits on log in, admin log in, sign-up and password reset, per window.
THROTTLE_WINDOW_MINUTES = env_int("THROTTLE_WINDOW_MINUTES", 15)
THROTTLE_ACCOUNT_ATTEMPTS = env_int("THROTTLE_ACCOUNT_ATTEMPTS", 10)
THROTTLE_ADDRESS_ATTEMPTS = env_int("THROTTLE_ADDRESS_ATTEMPTS", 30)
# Proxies in front whose X-Forwarded-For entry names the client (nginx: 1). With none, every
# visitor would share the proxy's address and its limit.
THROTTLE_TRUSTED_PROXIES = env_int("THROTTLE_TRUSTED_PROXIES", 1 if PRODUCTION else 0)
# Comments each account, and each address, may post per THROTTLE_WINDOW_MINUTES.
COMMENT_USER_LIMIT = env_int("COMMENT_USER_LIMIT", 10)
COMMENT_ADDRESS_LIMIT = env_int("COMMENT_ADDRESS_LIMIT", 20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs each step of every PDF at INFO: the worker's log would be nothing else.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# A maximal chapter (510,000 characters) of non-Latin text is several MB once form-encoded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Importing (docs/importing.md): files over this many bytes are refused, by the command and the
# upload form alike.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)

# Works' uploads: each image of art or a picspam, and a vid's file. The web server in front
# must let request bodies this large through.
ART_MAX_BYTES = env_int("ART_MAX_BYTES", 10 * 1024 * 1024)
VID_MAX_BYTES = env_int("VID_MAX_BYTES", 200 * 1024 * 1024)
# Uploaded images (docs/configuration.md): pixels decoded per image (every frame of an
# animation counts) and per form (the sum of its images); larger uploads are refused before
# decoding. Pillow's own decompression-bomb guard is set from the first: it warns past it and
# refuses past twice it, whatever code opens the image.
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 150_000_000)
if not 0 < IMAGE_MAX_PIXELS <= UPLOAD_MAX_PIXELS:
    raise ConfigError("IMAGE_MAX_PIXELS must be above 0 and at most UPLOAD_MAX_PIXELS")
PIL.Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
