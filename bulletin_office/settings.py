"""Settings for Bulletin Office, read from the environment.

Every setting an administrator may change is an environment variable; see
docs/deploy.md for the list. Development needs none of them.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset.js import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "data"))


def _development_secret_key() -> str:
    """A per-checkout key kept in the data folder, so sessions survive restarts."""
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_prose_editor",
    "organisations",
    "issues",
    # Recipient portal (issue 5): archive, downloads, receipts; throttled log-in.
    "bulletin_office.apps.AxesConfig",
    "portal",
    # Reports from member organisations (信息报送): submission, inbox, statistics.
    "contributions",
    # Mail queue (issue 15): django-tasks with its database backend; `manage.py db_worker` sends.
    "django_tasks",
    "bulletin_office.apps.TaskQueueConfig",
    "notices",
    # Versions of issues per review round, their differences, comments (issue 13).
    "reversion",
    "reviews",
    # Whole past bulletins from .txt and .docx files (issue 16).
    "archive_import",
    # The office's digital signature on the official PDF (issue 17).
    "signatures",
    # The staff's workplace: the admin of issues and their actions, on top of the apps above.
    "desk",
    # The demo data commands (load_demo_data, load_demo_reports), above every app they fill.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Like WhiteNoise for static files: answers PDF downloads that carry a grant.
    "portal.downloads.GrantedDownloadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bulletin_office.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: answers locked-out log-in attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bulletin_office.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "bulletin_office.wsgi.application"

# SQLite needs no set-up; PostgreSQL is used when DATABASE_URL is set.
_default_sqlite = f"sqlite:///{DATA_DIR / 'bulletin_office.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the portal read while an editor writes; IMMEDIATE avoids
        # "database is locked" errors when two writers start at once.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": ""}
else:
    # Form choice lists iterate with .iterator(), which on PostgreSQL opens a
    # server-side cursor: three round trips for a handful of rows, on every
    # archive page. Plain fetches also keep PgBouncer's transaction pooling usable.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "bulletin-office@localhost")

# Mails are queued in the database with the step they report and sent by the worker,
# `manage.py db_worker` (notices; docs/deploy.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The site's public address, for the links in e-mails (notices.services.absolute_url).
SITE_URL = os.environ.get(
    "SITE_URL",
    "http://127.0.0.1:8000" if DEBUG or not ALLOWED_HOSTS else f"https://{ALLOWED_HOSTS[0]}",
)

# Production hardening; `manage.py check --deploy` passes when DEBUG is off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"()": "core.logs.LineFormatter"},
        # One JSON object per line (core.logs) for log collectors; the default in production.
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {
        "stdout": {
            # Standard error, which journald and container runtimes collect as they do
            # standard output: `manage.py dumpdata > file` must get only its data.
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "line" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint narrates every rendering step at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        # Its warnings name the characters no font has, which the PDF then marks
        # (issues.pdf.render): they are made whatever LOG_LEVEL says.
        "weasyprint": {"level": "WARNING"},
        # Its start-up banner would reach the cron mail of every nightly backup.
        "axes": {"level": "WARNING"},
    },
}

# --- Bulletin Office -------------------------------------------------------

# The article body's editor is defined once, in issues.editor; its own
# extension (the official heading names in the block menu) is loaded from here.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("issues/editor/bulletin-headings.js")],
        # It changes the menu only, so it lets no HTML of its own through the sanitiser.
        "extensions": {"BulletinHeadings": html_tags([])},
    },
    {
        "js": [static_lazy("issues/editor/bulletin-paste.js")],
        # It inserts what the server cleaned, so it lets no HTML of its own through either.
        "extensions": {"BulletinPaste": html_tags([])},
    },
    {
        "js": [static_lazy("issues/editor/bulletin-images.js")],
        # It inserts the Figure, Caption and Image nodes, whose HTML is already allowed.
        "extensions": {"BulletinImages": html_tags([])},
    },
    {
        "js": [static_lazy("issues/editor/bulletin-accessible-name.js")],
        # It names the editable body after its label; no HTML of its own either.
        "extensions": {"BulletinAccessibleName": html_tags([])},
    },
]

# An approver may sign off an issue they created or submitted only when this
# is on ("four eyes" rule).
BULLETIN_ALLOW_SELF_SIGN_OFF = env_bool("BULLETIN_ALLOW_SELF_SIGN_OFF", False)

# --- Official PDF (issues.pdf) ---------------------------------------------

# Font stacks of the official A4 PDF, one per role (docs/layout.md, "Fonts"): the
# licensed official face first, when the office has installed it, then the
# free Debian fonts (fonts-noto-cjk, fonts-arphic-ukai). Every stack must end
# in a CJK family: a generic family alone may pick a font without Chinese.
BULLETIN_PDF_FONTS = {
    "title": ["方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC"],
    "body": ["仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC"],
    "heading1": ["黑体", "SimHei", "Noto Sans CJK SC"],
    "heading2": [
        "楷体_GB2312",
        "KaiTi_GB2312",
        "楷体",
        "KaiTi",
        "AR PL UKai CN",
        "Noto Serif CJK SC",
    ],
    "page_number": ["宋体", "SimSun", "Noto Serif CJK SC"],
}
# Where `manage.py build_pdf_fonts` puts the compact CJK fonts (issues.pdf.fonts).
BULLETIN_PDF_FONT_DIR = Path(os.environ.get("BULLETIN_PDF_FONT_DIR", DATA_DIR / "pdf-fonts"))
# data: URLs in a bulletin larger than this many bytes are not rendered.
BULLETIN_PDF_DATA_URL_LIMIT = 256 * 1024
# --- End of official PDF settings ------------------------------------------

# --- Digital signature of the official PDF (signatures) ---------------------

# The office's certificate and key: a PKCS#12 file with its password, or a
# certificate and a key file (PEM or DER; the key's password if it has one;
# intermediate CA certificates, separated by commas). Unset: PDFs go unsigned.
BULLETIN_SIGNING_PKCS12 = os.environ.get("BULLETIN_SIGNING_PKCS12", "")
BULLETIN_SIGNING_PKCS12_PASSWORD = os.environ.get("BULLETIN_SIGNING_PKCS12_PASSWORD", "")
BULLETIN_SIGNING_CERT = os.environ.get("BULLETIN_SIGNING_CERT", "")
BULLETIN_SIGNING_KEY = os.environ.get("BULLETIN_SIGNING_KEY", "")
BULLETIN_SIGNING_KEY_PASSWORD = os.environ.get("BULLETIN_SIGNING_KEY_PASSWORD", "")
BULLETIN_SIGNING_CHAIN = [
    path for path in os.environ.get("BULLETIN_SIGNING_CHAIN", "").split(",") if path
]
# The signer's name in the signature; the certificate's common name when unset.
BULLETIN_SIGNING_NAME = os.environ.get("BULLETIN_SIGNING_NAME", "")
# An RFC 3161 timestamp authority; signing then asks it for a timestamp.
BULLETIN_SIGNING_TSA_URL = os.environ.get("BULLETIN_SIGNING_TSA_URL", "")

# --- Recipient portal (portal) ---------------------------------------------

# django-axes throttles every log-in form, the portal's and the admin's: after
# 5 failures for one username from one IP address, that pair is locked out for
# 30 minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "organisations.backends.MemberBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Count the browser's address, not nginx's: behind a proxy every client would
# share one address, and anyone could lock anyone out (core.clients).
AXES_CLIENT_IP_CALLABLE = "core.clients.client_address"
# How many reverse proxies in front of gunicorn set X-Forwarded-For: 1 behind
# nginx (deploy/env.example), 2 behind a load balancer and nginx, 0 without.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# --- End of recipient portal settings --------------------------------------

# --- Operations (ops): health check, request logs, storage, cache ----------

INSTALLED_APPS += ["ops"]
# First, so that a request's log line covers the time every other middleware takes.
MIDDLEWARE.insert(0, "core.logs.RequestLogMiddleware")

# Load balancers probe /healthz over plain http, behind the TLS terminator.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Stored files (official PDFs, images): the local MEDIA_ROOT, or an S3-compatible
# bucket that several application servers share (docs/scaling.md). The keys come
# from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3 itself.
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            # The app streams every file itself, after its permission checks; no
            # signed URLs are handed out.
            "querystring_auth": False,
            # As on the local file system: an official PDF is never replaced in place.
            "file_overwrite": False,
        },
    }
    if not STORAGES["default"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
elif STORAGE_BACKEND != "local":
    raise ImproperlyConfigured("STORAGE_BACKEND must be local or s3.")

# Backups write times to the microsecond (ops/serializers.py).
SERIALIZATION_MODULES = {"json-exact": "ops.serializers"}

# A cache every application process shares: Redis when REDIS_URL is set, else the
# database (`manage.py createcachetable`). Per-process memory only in development.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    # Sessions are read from Redis and written through to the database, which stays
    # their record: every page spares a query, and a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif not DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "bulletin_office_cache",
        }
    }
# --- End of operations settings --------------------------------------------

# --- Import of Word and text bulletins (issues.importing) ------------------

# An uploaded .docx larger than this is refused, and so is one holding an
# image larger than the image limit. (A reverse proxy in front must let
# uploads of this size through.)
BULLETIN_IMPORT_MAX_DOCX_BYTES = 20 * 1024 * 1024
BULLETIN_IMPORT_MAX_IMAGE_BYTES = 5 * 1024 * 1024
# Images with more pixels than this are refused at upload: decoding one takes
# 4 bytes a pixel of memory (a 50-megapixel image, 200 MB).
BULLETIN_IMAGE_MAX_PIXELS = 50_000_000
# The ICC profile a CMYK image without one of its own is read in, when its
# print copy is converted to sRGB for the PDF/A (issues.images): Artifex's
# SWOP profile from Debian's libgs-common. Missing, CMYK is converted without.
BULLETIN_PRINT_CMYK_PROFILE = os.environ.get(
    "BULLETIN_PRINT_CMYK_PROFILE", "/usr/share/color/icc/ghostscript/default_cmyk.icc"
)
# Unpacked, a .docx may hold no part larger than this and no more than the
# total; its text may be no longer than an article's. One upload of several
# files may total no more than BULLETIN_IMPORT_MAX_UPLOAD_BYTES.
BULLETIN_IMPORT_MAX_DOCX_MEMBER_BYTES = 10 * 1024 * 1024
BULLETIN_IMPORT_MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
BULLETIN_ARTICLE_MAX_CHARACTERS = 200_000
# What the article editor may post of one paste (text and HTML); Word's HTML is
# several times its text.
BULLETIN_PASTE_MAX_BYTES = 5 * 1024 * 1024
BULLETIN_IMPORT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# --- End of import settings ------------------------------------------------

# --- Sign-in security (security) -------------------------------------------

from csp.constants import NONCE  # noqa: E402

INSTALLED_APPS += [
    "django_otp",
    "bulletin_office.apps.AuthenticatorAppConfig",  # django_otp.plugins.otp_totp
    "bulletin_office.apps.BackupCodeConfig",  # django_otp.plugins.otp_static
    "csp",
    "security",
]
# After authentication: OTPMiddleware marks a sign-in confirmed with a second
# factor; then idle staff sessions end, and unconfirmed approvers are sent on.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "security.middleware.StaffIdleTimeoutMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("security.middleware.StaffIdleTimeoutMiddleware") + 1,
    "security.middleware.TwoFactorMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)

# Failed sign-ins of one account from many addresses (security.throttle): from the
# 10th on, each attempt from an address the account never signed in from waits
# 2 s, 4 s, 8 s … up to 5 minutes. The first backend refuses during such a pause.
AUTHENTICATION_BACKENDS.insert(0, "security.backends.AccountPauseBackend")
MIDDLEWARE.append("security.middleware.AccountPauseMiddleware")
ACCOUNT_FAILURES_BEFORE_DELAY = int(os.environ.get("ACCOUNT_FAILURES_BEFORE_DELAY", "10"))
ACCOUNT_MAX_DELAY = int(os.environ.get("ACCOUNT_MAX_DELAY", "300"))

# Approvers and administrators confirm each sign-in with a TOTP code (security.two_factor);
# on in production, off in development unless asked for.
BULLETIN_TWO_FACTOR_REQUIRED = env_bool("BULLETIN_TWO_FACTOR_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Bulletin Office")
# Each user enrols their own authenticator (security.views.setup); the admin may
# see and reset (delete) devices, never read their secrets or backup codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# The largest form (its files not counted) a request may carry: enough for an issue's
# articles at their longest. The admin refuses a larger one in the browser, before
# sending, so that the text stays in the form (static/security/post-size-guard.js).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(10 * 1024 * 1024))
)
# A staff session ends after this many seconds without a request (30 minutes).
STAFF_IDLE_TIMEOUT = int(os.environ.get("STAFF_IDLE_TIMEOUT", str(30 * 60)))

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this
# site only; no inline script, no other origin. The one exception is the editor's
# import map, which carries the request's nonce (security/templatetags/csp_media.py).
# Inline style attributes are allowed for the editor and Django's admin, which set them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The audit log (security.audit) may also go to a file of its own, kept as
# docs/deploy.md says.
AUDIT_LOG_FILE = os.environ.get("AUDIT_LOG_FILE", "")
LOGGING["loggers"]["audit"] = {"level": "INFO"}
if AUDIT_LOG_FILE:
    LOGGING["handlers"]["audit_file"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": AUDIT_LOG_FILE,
        "formatter": "json",
    }
    LOGGING["loggers"]["audit"]["handlers"] = ["audit_file"]
# --- End of sign-in security settings --------------------------------------

# Stored bulletins are confidential: not readable by other users of the server.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
