"""One settings module. Every value that varies between machines comes from the environment through a helper
that fails loudly on a bad value."""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def database_from_url(url: str) -> dict:
    """sqlite:///relative/or//absolute/path.sqlite3 or postgres://user:password@host:port/name."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path[1:]) if parsed.path.startswith("/") else parsed.path
        name = path if os.path.isabs(path) else str(PROJECT_DIR / path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {
                # WAL lets readers carry on while one writer writes; IMMEDIATE takes the write lock at the start of
                # a transaction so two writers queue instead of failing half-way; the timeout is the busy_timeout.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": os.environ.get("SELFDIRECT_TEST_DB") or None},
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/") or "selfdirect",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
        }
    raise ImproperlyConfigured(f"DATABASE_URL must start sqlite:/// or postgres://, not {url!r}")


DEBUG = env_bool("SELFDIRECT_DEBUG", True)
SECRET_KEY = os.environ.get("SELFDIRECT_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SELFDIRECT_SECRET_KEY must be set when SELFDIRECT_DEBUG is false")
    SECRET_KEY = "insecure-development-key-for-the-demo-council-only"
ALLOWED_HOSTS = [h for h in os.environ.get("SELFDIRECT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

COUNCIL_NAME = os.environ.get("SELFDIRECT_COUNCIL_NAME", "Exampleshire Council")
COUNCIL_CODE = os.environ.get("SELFDIRECT_COUNCIL_CODE", "E10000099")
SERVICE_NAME = "Personal budgets"
# Invitations to sign in go by email (docs/sign-ins.md). The demo prints them to the console; a council sets SMTP.
EMAIL_BACKEND = os.environ.get("SELFDIRECT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("SELFDIRECT_FROM_EMAIL", "adult.social.care@exampleshire.example")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "simple_history",
    "rules",
    "selfdirect.core",
    "selfdirect.accounts",
    "selfdirect.audit",
    "selfdirect.people",
    "selfdirect.journey",
    "selfdirect.assessment",
    "selfdirect.planning",
    "selfdirect.outcomes",
    "selfdirect.charging",
    "selfdirect.allocation",
    "selfdirect.money",
    "selfdirect.insight",
    "selfdirect.site",
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["rules.permissions.ObjectPermissionBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "site:home"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "selfdirect.urls"
WSGI_APPLICATION = "selfdirect.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "selfdirect.site.jinja.environment", "autoescape": True},
    },
    {
        # Django's own templates (the REST framework's browsable pages); Selfdirect's pages are all Jinja2.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]
FORM_RENDERER = "django.forms.renderers.Jinja2"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///var/selfdirect.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "selfdirect.core.api.problem_details_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Selfdirect API",
    "DESCRIPTION": "Personal budgets for adult social care. Every object is scoped to the signed-in user's role; "
    "errors are RFC 9457 problem details. Money is always integer pence.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SELFDIRECT_LOG_LEVEL", "WARNING")},
}

# How long after a plan starts the first (light-touch) review falls due, then the interval between reviews.
FIRST_REVIEW_WEEKS = env_int("SELFDIRECT_FIRST_REVIEW_WEEKS", 8)
REVIEW_INTERVAL_MONTHS = env_int("SELFDIRECT_REVIEW_INTERVAL_MONTHS", 12)

# Charging: a council's own folder of yearly rates files (searched before the shipped ones), and its policy on the
# night-care part of top-rate disability benefits when no night care is received ("apply" or "ignore").
CHARGING_RATES_DIR = os.environ.get("SELFDIRECT_CHARGING_RATES_DIR", "")
CHARGING_NIGHT_CARE_POLICY = os.environ.get("SELFDIRECT_NIGHT_CARE_POLICY", "apply")
if CHARGING_NIGHT_CARE_POLICY not in {"apply", "ignore"}:
    raise ImproperlyConfigured("SELFDIRECT_NIGHT_CARE_POLICY must be apply or ignore")

# Plans costing more than this a week are agreed by the funding panel (an administrator), not a team manager.
PLAN_MANAGER_LIMIT_PENCE = env_int("SELFDIRECT_PLAN_MANAGER_LIMIT_PENCE", 100000)
# A plan costing more than this percentage above or below the indicative budget needs a recorded reason before it is
# submitted (council policy; docs/planning.md). A number such as 10 or 7.5, with or without a "%".
_share = (os.environ.get("SELFDIRECT_PLAN_DIFFERENCE_SHARE") or "10").strip().rstrip("%").strip()
try:
    from decimal import Decimal, InvalidOperation

    PLAN_DIFFERENCE_SHARE_PERCENT = Decimal(_share)
    if not PLAN_DIFFERENCE_SHARE_PERCENT.is_finite() or PLAN_DIFFERENCE_SHARE_PERCENT < 0:
        raise InvalidOperation
except InvalidOperation:
    raise ImproperlyConfigured(f"SELFDIRECT_PLAN_DIFFERENCE_SHARE must be a percentage like 10, not {_share!r}") from None

# The money (issue 6)
DIRECT_PAYMENT_CONTRIBUTION_POLICY = os.environ.get("SELFDIRECT_CONTRIBUTION_POLICY") or "net"  # net or gross
if DIRECT_PAYMENT_CONTRIBUTION_POLICY not in {"net", "gross"}:
    raise ImproperlyConfigured("SELFDIRECT_CONTRIBUTION_POLICY must be net or gross")
MEDIA_ROOT = Path(os.environ.get("SELFDIRECT_MEDIA_ROOT") or PROJECT_DIR / "var" / "media")  # receipts; never served publicly
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PAYMENT_ADVANCE_DAYS = env_int("SELFDIRECT_PAYMENT_ADVANCE_DAYS", 14)
SURPLUS_WEEKS_ALLOWED = env_int("SELFDIRECT_SURPLUS_WEEKS", 8)
RECOVERY_RESPONSE_DAYS = env_int("SELFDIRECT_RECOVERY_RESPONSE_DAYS", 28)

# Returns (issue 7)
CLD_LA_CODE = os.environ.get("SELFDIRECT_LA_CODE") or "E10000999"  # the council's ONS code; Exampleshire is fictional
CLD_ISF_DELIVERY_MECHANISM = os.environ.get("SELFDIRECT_CLD_ISF_MECHANISM") or "CASSR Managed Personal Budget"
DIRECT_PAYMENT_TARGET_PERCENT = env_int("SELFDIRECT_DIRECT_PAYMENT_TARGET_PERCENT", 30)
ADULT_SOCIAL_CARE_SPEND_PENCE = env_int("SELFDIRECT_ASC_SPEND_PENCE", 0)  # the council's yearly adult social care spend
