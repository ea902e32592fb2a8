"""FreelanceHub settings: one module, driven by environment variables.

Every variable is listed with its default in README.md. Development (``DEBUG=1``) runs on an
embedded SQLite database with no other server; production refuses to start on insecure defaults.
"""

import os
import sys
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    return int(value) if value else default


def env_float(name: str, default: float) -> float:
    value = env_str(name)
    return float(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: set it to a long random value (or DEBUG=1 for development)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is empty: list the site's host names, comma-separated (or DEBUG=1)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

SITE_ID = 1
SITE_NAME = "FreelanceHub"


def development_site_url(argv: list[str]) -> str:
    """In development, the address `manage.py runserver [addr:]port` serves (`make run PORT=…`
    passes SITE_URL too): links in e-mails, .ics files and join links lead back to this server."""
    host, port = "127.0.0.1", "8000"
    if argv[1:2] == ["runserver"]:
        addrport = next((arg for arg in argv[2:] if not arg.startswith("-")), "")
        if addrport:
            address, _, port = addrport.rpartition(":")
            # Listening on every interface: this machine's own address reaches it.
            if address and address not in {"0", "0.0.0.0", "[::]"}:  # noqa: S104
                host = address
    return f"http://{host}:{port}"


# The site's public address, for links in e-mails written outside a request (tasks, digests).
SITE_URL = env_str("SITE_URL", development_site_url(sys.argv) if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured("SITE_URL is not set: give the site's public address, https://….")

INSTALLED_APPS = [
    # Before the admin, which it extends: board, tag and trade names in French and English.
    "modeltranslation",
    "core.apps.FreelanceHubAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_tasks_db",
    "core.apps.CoreConfig",
    "members",
    "forums",
    "events",
    "moderation",
    "notifications",
    "home",
    "legal",
    "chocoskype",
    "rates",
    "messaging",
    "missions",
    "demo",
]

MIDDLEWARE = [
    # First: it times the whole request and gives it its id.
    "core.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # request.htmx: whether htmx sent the request, and for which target.
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A view whose database does not answer: a 503 page, not a 500.
    "core.outages.DatabaseOutageMiddleware",
    "members.middleware.MemberMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After MemberMiddleware, so that its 400 page speaks the member's language and gets every
    # header the middleware above add.
    "core.middleware.RejectNulBytesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A member asked to accept new versions of the terms and the charter, once per version.
    "legal.middleware.AcceptanceMiddleware",
]

ROOT_URLCONF = "freelancehub.urls"
WSGI_APPLICATION = "freelancehub.wsgi.application"
ASGI_APPLICATION = "freelancehub.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
            ],
            # date, time and ago as the reader says them (« 19 h », « il y a 3 semaines »).
            "builtins": ["core.templatetags.dates"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite file in the project by default, so that `make run` needs no server. A postgres:// URL
# uses psycopg 3 through Django's connection pool (which replaces persistent connections).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    from psycopg_pool import ConnectionPool

    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if env_bool("DATABASE_POOL", default=True):
        DATABASES["default"]["OPTIONS"] = {
            "pool": {
                "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
                "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
                # How long a request waits for a connection before giving up (a 503 page).
                "timeout": env_float("DATABASE_POOL_TIMEOUT", 10),
                # Checks each connection when it leaves the pool, so a restarted server
                # costs one retry rather than a 500.
                "check": ConnectionPool.check_connection,
            }
        }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The covering indexes for PostgreSQL (INCLUDE columns, e.g. the rates observatory's) are
    # plain indexes on SQLite: the same results, a little slower, so no warning at every command.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]


# --- Cache, sessions, rate limits ----------------------------------------------------------
# allauth's rate limits and the shared caches must be shared by every app process, so
# production needs Redis; a per-process cache would let each gunicorn worker count attempts on
# its own. The cache only ever speeds things up: while Redis is away, a read is a miss and a
# write is skipped (logged), and pages are rendered. Sessions live in the database, the one
# truth every app server shares, so that no cache outage signs anybody out.
def redis_caches(url: str, *, key_prefix: str = "freelancehub") -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                # A Redis that hangs costs a request half a second per call at most.
                "SOCKET_CONNECT_TIMEOUT": env_float("REDIS_TIMEOUT", 0.5),
                "SOCKET_TIMEOUT": env_float("REDIS_TIMEOUT", 0.5),
            },
        }
    }


REDIS_URL = env_str("REDIS_URL")
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
elif not DEBUG:
    raise ImproperlyConfigured(
        "REDIS_URL is not set: production needs Redis for the cache and rate limits."
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "core.sessions"

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "members.Member"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "members.forms.SignupForm"}
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_BLACKLIST = [
    "admin", "moderateur", "moderator", "freelancehub", "support", "me", "deleted",
]  # fmt: skip
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[FreelanceHub] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Two-factor authentication: an authenticator app (TOTP) and recovery codes. Members may turn it
# on; staff must, before the moderation admin opens (core/admin_site.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "FreelanceHub"
if DEBUG and env_str("DEV_TOTP_CODE"):
    # Development only (allauth refuses it with DEBUG off): `make run` lets the demo moderator
    # through with this code instead of an authenticator app.
    MFA_TOTP_INSECURE_BYPASS_CODE = env_str("DEV_TOTP_CODE")
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, written out so that they are visible and tunable in one place.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["core.formats"]
# Names of boards, tags and trades (forums/translation.py, members/translation.py): French is the
# one every row has; an English reader gets the French name until someone writes an English one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr", "en")
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files ------------------------------------------------------------------
# Front-end packages come from npm: node_modules is a static source, collected like any other.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules/bootstrap-icons/font"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))


# Uploads on S3-compatible object storage (Scaleway, OVH, MinIO, AWS), so that every app server
# sees the same files and none keeps any of its own. The objects are public and their URLs
# unsigned: avatars show on pages everyone sees, some of them cached and shared between readers,
# where a signed URL would expire, and would change at every rendering so that browsers could
# never cache it. No name can be guessed (avatars carry 48 random bits, members/avatars.py).
# A name is never written twice (file_overwrite off: a taken name gets a new suffix), so browsers
# keep a file a year; shared caches (a CDN) a day at most, so that a deleted avatar is gone from
# them within a day. A future upload must get a name of its own too, as avatars do.
MEDIA_S3_CACHE_CONTROL = "public, max-age=31536000, s-maxage=86400, immutable"


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    access_key_id: str = "",
    secret_access_key: str = "",
    custom_domain: str = "",
) -> dict:
    """The STORAGES entry for media in this bucket. Without keys, boto3 finds its own
    credentials (AWS_* variables, an instance role).

    Files' addresses are written from the bucket's public address, never asked of boto3, which
    takes 0.2 ms an address (a page of avatars would pay it 30 times): django-storages puts the
    file's name after custom_domain, which may carry the bucket in its path.
    """
    if custom_domain:
        protocol, public_address = "https:", custom_domain
    elif endpoint_url:
        # Another provider's addresses name the bucket in the path, on the endpoint's origin.
        endpoint = urlsplit(endpoint_url)
        protocol, public_address = f"{endpoint.scheme}:", f"{endpoint.netloc}/{bucket}"
    else:
        protocol, public_address = "https:", f"{bucket}.s3.{region}.amazonaws.com"
    options = {
        "bucket_name": bucket,
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": MEDIA_S3_CACHE_CONTROL},
        "custom_domain": public_address,
        "url_protocol": protocol,
    }
    if endpoint_url:
        # Requests too name the bucket in the path, which every S3-compatible server understands.
        options["addressing_style"] = "path"
    optional = {
        "endpoint_url": endpoint_url,
        "region_name": region,
        "access_key": access_key_id,
        "secret_key": secret_access_key,
    }
    options.update({name: value for name, value in optional.items() if value})
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def s3_media_origin(options: dict) -> str:
    """The origin of the storage's files' addresses, for the content policy's img-src."""
    return f"{options['url_protocol']}//{options['custom_domain'].partition('/')[0]}"


MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local")
MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS")
if MEDIA_STORAGE == "local":
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if not env_str("MEDIA_S3_BUCKET"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET, the bucket's name.")
    if not (env_str("MEDIA_S3_ENDPOINT_URL") or env_str("MEDIA_S3_REGION")):
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs MEDIA_S3_ENDPOINT_URL (the provider's S3 address) or, "
            "on AWS, MEDIA_S3_REGION."
        )
    if "/" in env_str("MEDIA_S3_CUSTOM_DOMAIN"):
        raise ImproperlyConfigured(
            "MEDIA_S3_CUSTOM_DOMAIN is a host name, such as media.freelancehub.fr."
        )
    media_storage = s3_storage(
        bucket=env_str("MEDIA_S3_BUCKET"),
        endpoint_url=env_str("MEDIA_S3_ENDPOINT_URL"),
        region=env_str("MEDIA_S3_REGION"),
        access_key_id=env_str("MEDIA_S3_ACCESS_KEY_ID"),
        secret_access_key=env_str("MEDIA_S3_SECRET_ACCESS_KEY"),
        custom_domain=env_str("MEDIA_S3_CUSTOM_DOMAIN"),
    )
    MEDIA_ORIGINS.append(s3_media_origin(media_storage["OPTIONS"]))
    if not DEBUG and not MEDIA_ORIGINS[-1].startswith("https://"):
        # Browsers would not show http:// pictures on the site's https:// pages.
        raise ImproperlyConfigured(
            "MEDIA_S3_ENDPOINT_URL serves the pictures: it must be an https:// address "
            "(or set MEDIA_S3_CUSTOM_DOMAIN)."
        )
else:
    raise ImproperlyConfigured("MEDIA_STORAGE is either local (the default) or s3.")
STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# --- E-mail ---------------------------------------------------------------------------------
# In development with no mail server (EMAIL_HOST), our console: readable text with whole links;
# SMTP from the environment otherwise (tests swap in locmem).
EMAIL_BACKEND_PATH = env_str(
    "EMAIL_BACKEND",
    "core.mail_console.EmailBackend"
    if DEBUG and not env_str("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", default=True),
            "timeout": 20,
        }
        if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
        # Each message a file in this folder, for a staging server that must send nothing.
        else {"file_path": env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))}
        if EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "FreelanceHub <bonjour@freelancehub.localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where members answer the moderators (a suspension, a warning): the Reply-To of their e-mails
# and the address the suspended page gives. By default the sending address's own mailbox.
MODERATION_EMAIL = env_str("MODERATION_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1])

# --- Background tasks ------------------------------------------------------------------------
# Development runs tasks inline; production stores them in the database for `manage.py
# db_worker` (django-tasks-db), so that a slow SMTP server never holds up a request.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# The load balancer's plain-HTTP health checks get their answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The client's address for allauth's rate limits: the last one the proxies appended to
    # X-Forwarded-For (one proxy by default), never the load balancer's own address nor what a
    # client wrote there itself.
    ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # Bootstrap draws form controls with data: SVGs; avatars may come from the media storage.
    # blob: is the profile form's preview of a chosen photo, from the browser's own copy of it.
    "img-src": [CSP.SELF, "data:", "blob:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Forms and user text ---------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Forums ---------------------------------------------------------------------------------
# When above 0, a member's first N posts wait for a moderator's approval before showing.
FORUMS_HOLD_FIRST_POSTS = env_int("FORUMS_HOLD_FIRST_POSTS", 0)
# How long a board page stays cached for visitors at most (core/pagecache.py); writes
# refresh it at once, this bounds only what ages by itself (“3 minutes ago”). 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 30)

# --- Events ---------------------------------------------------------------------------------
# Where generated private video rooms live: a random room name is appended to this address.
EVENTS_VIDEO_ROOM_BASE_URL = env_str("EVENTS_VIDEO_ROOM_BASE_URL", "https://meet.jit.si/")
if not EVENTS_VIDEO_ROOM_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("EVENTS_VIDEO_ROOM_BASE_URL must be an https:// address.")
# How far ahead a recurring event's occurrences exist, so that members can RSVP to them.
EVENTS_SERIES_HORIZON_DAYS = env_int("EVENTS_SERIES_HORIZON_DAYS", 60)

# --- Legal pages ----------------------------------------------------------------------------
# Who publishes and who hosts the site, for the legal notice (legal/): each operator sets theirs.
LEGAL_PUBLISHER_NAME = env_str("LEGAL_PUBLISHER_NAME", "Association FreelanceHub")
LEGAL_PUBLISHER_STATUS = env_str("LEGAL_PUBLISHER_STATUS", "association loi 1901")
LEGAL_PUBLISHER_ADDRESS = env_str(
    "LEGAL_PUBLISHER_ADDRESS", "12 rue de la Part-Dieu, 69003 Lyon, France"
)
# An RNA, SIREN or RCS number, shown only when set.
LEGAL_PUBLISHER_REGISTRATION = env_str("LEGAL_PUBLISHER_REGISTRATION")
LEGAL_PUBLICATION_DIRECTOR = env_str("LEGAL_PUBLICATION_DIRECTOR", "Claire Martin")
# Shown besides the contact form when set.
LEGAL_CONTACT_EMAIL = env_str("LEGAL_CONTACT_EMAIL")
LEGAL_HOST_NAME = env_str("LEGAL_HOST_NAME", "OVH SAS")
LEGAL_HOST_ADDRESS = env_str("LEGAL_HOST_ADDRESS", "2 rue Kellermann, 59100 Roubaix, France")
LEGAL_HOST_PHONE = env_str("LEGAL_HOST_PHONE", "+33 9 72 10 10 07")
# How long the servers' logs are kept, as the privacy policy says: set it to what the log
# collector really keeps.
LEGAL_LOG_RETENTION_DAYS = env_int("LEGAL_LOG_RETENTION_DAYS", 30)

# --- Benchmark ------------------------------------------------------------------------------
# bench/run.sh sets it to route /bench/ceiling/, a bare view that is the benchmark's ceiling.
BENCH_CEILING = env_bool("BENCH_CEILING")

# --- Logging --------------------------------------------------------------------------------
# One line per request (core/requestlog.py) and every other log line carry the request's id;
# in production each line is a JSON object (LOG_FORMAT=json) for the log collector.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.requestlog.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Our own line per request says the 4xx that "django.request" warns about; its
        # tracebacks of 5xx stay.
        "django.request": {"level": "ERROR" if LOG_FORMAT == "json" else "WARNING"},
    },
}
