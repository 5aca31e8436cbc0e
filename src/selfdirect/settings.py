"""One settings module. Every value that varies between machines comes from the environment through a helper
that fails loudly on a bad value."""

import datetime
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


# Secure by default (docs/security.md, "Production settings"): as shipped, Selfdirect runs with production settings,
# refuses to start without a secret key of its own, sends HSTS and a Content-Security-Policy, and sets Secure cookies.
# The one exception is the named demo mode, which `make run` and `make demo` turn on: a made-up council on this
# machine, over plain http, with a banner on every page saying so. Debug pages are off in both unless asked for.
DEMO_MODE = env_bool("SELFDIRECT_DEMO_MODE", False)
DEBUG = env_bool("SELFDIRECT_DEBUG", False)


def _demo_secret_key() -> str:
    """Demo mode's key: random, made once per machine and kept in var/ (never a key written in the source)."""
    import secrets

    path = PROJECT_DIR / "var" / "demo-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SELFDIRECT_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEMO_MODE:
        raise ImproperlyConfigured(
            "Selfdirect will not start without a secret key: set SELFDIRECT_SECRET_KEY to 50 or more random characters "
            "(for example the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), or set "
            "SELFDIRECT_DEMO_MODE=true to run the made-up demo council (make run does this)")
    SECRET_KEY = _demo_secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("SELFDIRECT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

COUNCIL_NAME = os.environ.get("SELFDIRECT_COUNCIL_NAME", "Exampleshire Council")
COUNCIL_CODE = os.environ.get("SELFDIRECT_COUNCIL_CODE", "E10000099")
# The number people phone for adult social care: the footer of every page and the budget holder's home give it (the
# demo council's made-up number until a council sets its own).
COUNCIL_PHONE = os.environ.get("SELFDIRECT_COUNCIL_PHONE", "01234 567890")
# How to reach the council's data protection officer (UK GDPR article 37), shown in the privacy notice at /privacy/. The
# default is the made-up demo council's: a council sets its own (docs/data-protection.md, "Authority and consent").
DPO_CONTACT = os.environ.get(
    "SELFDIRECT_DPO_CONTACT",
    "The Data Protection Officer, Exampleshire Council, County Hall, Exampleton EX1 1AA; "
    "dpo@exampleshire.example; 01234 567899")
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
    "rest_framework.authtoken",  # its old plain keys are deleted (accounts migration 0004); accounts.ApiToken took over
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "drf_spectacular",
    "simple_history",
    "rules",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "selfdirect.core",
    "selfdirect.accounts",
    "selfdirect.audit",
    "selfdirect.people",
    "selfdirect.journey",
    "selfdirect.assessment",
    "selfdirect.market",
    "selfdirect.planning",
    "selfdirect.outcomes",
    "selfdirect.charging",
    "selfdirect.allocation",
    "selfdirect.money",
    "selfdirect.insight",
    "selfdirect.research",
    "selfdirect.subject_access",
    "selfdirect.retention",
    "selfdirect.site",
]

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a sign-in name locked from this address before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "rules.permissions.ObjectPermissionBackend",
                           "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "site:home"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "selfdirect.accounts.middleware.SignInMiddleware",  # the second step for staff; idle and 12-hour session ends
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Each audit event's client address and session; a request's reads written when it is answered (audit.middleware)
    "selfdirect.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into the "You cannot sign in for now" page
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
# Passwords the NCSC's way ("Password policy: updating your approach"): length over complexity, a deny list of the
# most common passwords, nothing like the user's own names, no composition rules and no forced expiry
# (ASVS 4.0.3 V2.1.1 at least 12, V2.1.2 up to 128, V2.1.7 deny list, V2.1.9 no composition, V2.1.10 no rotation).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "selfdirect.accounts.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ["username", "first_name", "last_name", "email"]}},
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
# Signing in (docs/security.md, "Signing in"). Sessions end when the browser closes, after a time without a page (30
# minutes for staff, 60 for the people the records are about) and 12 hours after signing in whatever (ASVS 4.0.3
# V3.3.1, V3.3.2); selfdirect.accounts.middleware ends them.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 60 * 60
STAFF_IDLE_MINUTES = env_int("SELFDIRECT_STAFF_IDLE_MINUTES", 30)
PEOPLE_IDLE_MINUTES = env_int("SELFDIRECT_PEOPLE_IDLE_MINUTES", 60)
SESSION_HOURS = env_int("SELFDIRECT_SESSION_HOURS", 12)
# A sign-in name is locked from one client address after this many wrong passwords or codes (ASVS V2.2.1), for
# SIGN_IN_LOCK_MINUTES (0: until an administrator unlocks it), and from every address it has not signed in from
# lately after four times as many from all addresses together. The letter-code page allows four times as many from
# one address (a letter's own code stops after 5 wrong tries). django-axes counts; accounts.lockout says how. The
# client address is the audit trail's (behind the council's proxy, SELFDIRECT_PROXY_FORWARDED_FOR).
SIGN_IN_ATTEMPTS = env_int("SELFDIRECT_SIGN_IN_ATTEMPTS", 5)
SIGN_IN_LOCK_MINUTES = env_int("SELFDIRECT_SIGN_IN_LOCK_MINUTES", 30)
AXES_FAILURE_LIMIT = "selfdirect.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "selfdirect.accounts.lockout.lock_time"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "selfdirect.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "selfdirect.accounts.lockout.client_ip"
AXES_HANDLER = "selfdirect.accounts.lockout.LockoutHandler"  # axes' database handler, plus the limit on a name alone
AXES_RESET_ON_SUCCESS = False  # a right password alone is half a staff sign-in: accounts.views resets after the code
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["code", "password_again", "current_password"]
# Staff's second step: an authenticator app (TOTP, RFC 6238; ASVS V2.8.1-V2.8.4), named in the app as the service
OTP_TOTP_ISSUER = f"{COUNCIL_NAME} {SERVICE_NAME}"
# API tokens last this many days (ASVS V3.5.x); their holder or an administrator revokes one sooner
API_TOKEN_DAYS = env_int("SELFDIRECT_API_TOKEN_DAYS", 30)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS only (ASVS 4.0.3 V9.1.1, V14.4.5; V3.4.1 Secure cookies), except in the demo mode, which serves plain http on
# this machine. Behind a proxy that ends TLS, SELFDIRECT_PROXY_SSL_HEADER=true trusts its X-Forwarded-Proto header.
_https = not DEMO_MODE
SECURE_SSL_REDIRECT = env_bool("SELFDIRECT_SSL_REDIRECT", _https)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = env_int("SELFDIRECT_HSTS_SECONDS", 31536000 if _https else 0)  # a year
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SELFDIRECT_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SELFDIRECT_HSTS_PRELOAD", True)
if env_bool("SELFDIRECT_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The audit trail records each request's client address: REMOTE_ADDR, or, behind a proxy the council trusts to append
# it, the last address in X-Forwarded-For (SELFDIRECT_PROXY_FORWARDED_FOR=true; anyone can send that header, so never
# without such a proxy). docs/security.md, "The audit trail".
AUDIT_TRUST_FORWARDED_FOR = env_bool("SELFDIRECT_PROXY_FORWARDED_FOR", False)

# Content-Security-Policy (django-csp; ASVS 4.0.3 V14.4.3): scripts, styles, fonts and frames only from this site,
# no inline script or style anywhere (every page's scripts are files in core/static), images from here or data: URIs
# (the charts are SVG data URIs), no plugins, forms post only here and no page may be framed.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "selfdirect.accounts.authentication.ExpiringTokenAuthentication",
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
    # One name for the delivery options wherever they appear (plans, choices, accounts).
    "ENUM_NAME_OVERRIDES": {"DeliveryOptionEnum": "selfdirect.planning.costing.DELIVERY_OPTIONS",
                            "AuthorityKindEnum": "selfdirect.people.authority.OFFERED_KINDS",
                            "InvitationKindEnum": "selfdirect.people.api.INVITATION_KINDS"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SELFDIRECT_LOG_LEVEL", "WARNING")},
}

# Research extracts: every combination of quasi-identifiers released holds at least this many people (k-anonymity;
# research/disclosure.py, docs/security.md "Research data"). Below 5 is refused: 5 is the house's small-numbers rule.
RESEARCH_MIN_CELL = env_int("SELFDIRECT_RESEARCH_MIN_CELL", 5)
if RESEARCH_MIN_CELL < 5:
    raise ImproperlyConfigured("SELFDIRECT_RESEARCH_MIN_CELL must be 5 or more")

# Reviews (outcomes.schedule): the latest week after the plan is signed off that the first (light-touch) review falls
# due, then the longest interval between reviews; and the days within which a review asked for and agreed, or
# triggered by a change, is held (the council's choice, not law).
FIRST_REVIEW_WEEKS = env_int("SELFDIRECT_FIRST_REVIEW_WEEKS", 8)
REVIEW_INTERVAL_MONTHS = env_int("SELFDIRECT_REVIEW_INTERVAL_MONTHS", 12)
TRIGGERED_REVIEW_DAYS = env_int("SELFDIRECT_TRIGGERED_REVIEW_DAYS", 28)

# Evaluation questionnaires at reviews (outcomes.evaluation): "change" asks whether each domain of life is better, the
# same or worse since the budget began; "satisfaction" asks on a five-point scale instead. Answers keep the scale they
# were given on, and the reports never mix the two.
EVALUATION_SCALE = os.environ.get("SELFDIRECT_EVALUATION_SCALE", "change")
if EVALUATION_SCALE not in ("change", "satisfaction"):
    raise ImproperlyConfigured("SELFDIRECT_EVALUATION_SCALE must be change or satisfaction")
# "People I helped" (outcomes.helped): how many months after their last part in a person's journey a member of staff
# still sees how it went for them.
HELPED_MONTHS = env_int("SELFDIRECT_HELPED_MONTHS", 36)

# Charging: a council's own folder of yearly rates files (searched before the shipped ones). The council's charging
# policy (the night-care disregard, net or gross direct payments, ...) is stored in Selfdirect and changed on the
# Charging policy page: SELFDIRECT_NIGHT_CARE_POLICY and SELFDIRECT_CONTRIBUTION_POLICY were read once, by the
# migration charging/0004, and are ignored since (charging/checks.py warns while either is set).
CHARGING_RATES_DIR = os.environ.get("SELFDIRECT_CHARGING_RATES_DIR", "")

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
MEDIA_ROOT = Path(os.environ.get("SELFDIRECT_MEDIA_ROOT") or PROJECT_DIR / "var" / "media")  # receipts; never served publicly
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Receipts on disk are readable by Selfdirect's own user only (ASVS 4.0.3 V12.4.1).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# The council's payment cycle (docs/money.md, "When a run pays a period"): a run every 28 days from the run day
# SELFDIRECT_PAYMENT_RUN_ANCHOR (a run day falling on a weekend or bank holiday moves back to the working day before), its
# file sent to Bacs SELFDIRECT_PAYMENT_ADVANCE_DAYS working days after the run is made (time for the second finance
# officer to approve it). Each run pays the periods whose money must go in that run to arrive before they begin.
PAYMENT_ADVANCE_DAYS = env_int("SELFDIRECT_PAYMENT_ADVANCE_DAYS", 2)
if PAYMENT_ADVANCE_DAYS < 0:
    raise ImproperlyConfigured(f"SELFDIRECT_PAYMENT_ADVANCE_DAYS must be 0 or more, not {PAYMENT_ADVANCE_DAYS}")
try:  # default: Monday 12 January 2026, in step with the contribution invoices' periods (from Monday 6 April 2026)
    PAYMENT_RUN_ANCHOR = datetime.date.fromisoformat(os.environ.get("SELFDIRECT_PAYMENT_RUN_ANCHOR") or "2026-01-12")
except ValueError:
    raise ImproperlyConfigured("SELFDIRECT_PAYMENT_RUN_ANCHOR must be a date, YYYY-MM-DD, not "
                               f"{os.environ['SELFDIRECT_PAYMENT_RUN_ANCHOR']!r}") from None
# Long jobs run on the task worker (`selfdirect db_worker`; `make run` starts one): the database backend of django-tasks.
TASKS = {"default": {"BACKEND": os.environ.get("SELFDIRECT_TASKS_BACKEND") or "django_tasks_db.DatabaseBackend",
                     "QUEUES": ["default"]}}
# Who makes a payment run: two finance officers (the default: one prepares it, a second approves it, and only then is it
# posted and its files written), or one ("one_person": `selfdirect money pay` prepares, approves and pays in one step).
PAYMENT_RUN_APPROVAL = (os.environ.get("SELFDIRECT_PAYMENT_RUNS") or "two_person").strip()
if PAYMENT_RUN_APPROVAL not in {"two_person", "one_person"}:
    raise ImproperlyConfigured(f"SELFDIRECT_PAYMENT_RUNS must be two_person or one_person, not {PAYMENT_RUN_APPROVAL!r}")


def _bacs_digits(name: str, count: int, demo: str) -> str:
    given = os.environ.get(name) or ""
    digits = given.replace("-", "").replace(" ", "")
    if not digits:
        return demo if DEMO_MODE else ""
    if len(digits) != count or not digits.isascii() or not digits.isdigit():
        raise ImproperlyConfigured(f"{name} must be {count} digits, not {given!r}")
    return digits


# The council's Bacs details, for the Standard 18 file `selfdirect money pay --bacs FILE` writes (docs/bacs-standard-18.md):
# its service user number (six digits, from its sponsoring bank) and the account the payments are made from. Demo mode has
# made-up ones; elsewhere they are empty until the council sets them, and --bacs is refused, naming the one missing.
BACS_SERVICE_USER_NUMBER = _bacs_digits("SELFDIRECT_BACS_SERVICE_USER_NUMBER", 6, "999123")
BACS_SORT_CODE = _bacs_digits("SELFDIRECT_BACS_SORT_CODE", 6, "123456")
BACS_ACCOUNT_NUMBER = _bacs_digits("SELFDIRECT_BACS_ACCOUNT_NUMBER", 8, "87654321")
BACS_ACCOUNT_NAME = (os.environ.get("SELFDIRECT_BACS_ACCOUNT_NAME") or (COUNCIL_NAME if DEMO_MODE else "")).strip()
SURPLUS_WEEKS_ALLOWED = env_int("SELFDIRECT_SURPLUS_WEEKS", 8)
# How old a provider's newest statement of an individual service fund may be before the holder's page says so: the
# council's own expectation of its providers (set in its agreements with them), not a national figure.
FUND_STATEMENT_WEEKS = env_int("SELFDIRECT_FUND_STATEMENT_WEEKS", 8)
RECOVERY_RESPONSE_DAYS = env_int("SELFDIRECT_RECOVERY_RESPONSE_DAYS", 28)
# When an unpaid contribution invoice counts as overdue (arrears shown to finance and to the person): days after it was
# issued. The council's own choice of payment terms, not a national figure.
CONTRIBUTION_OVERDUE_DAYS = env_int("SELFDIRECT_CONTRIBUTION_OVERDUE_DAYS", 28)

# Returns (issue 7)
CLD_LA_CODE = os.environ.get("SELFDIRECT_LA_CODE") or "E10000999"  # the council's ONS code; Exampleshire is fictional
CLD_ISF_DELIVERY_MECHANISM = os.environ.get("SELFDIRECT_CLD_ISF_MECHANISM") or "CASSR Managed Personal Budget"
DIRECT_PAYMENT_TARGET_PERCENT = env_int("SELFDIRECT_DIRECT_PAYMENT_TARGET_PERCENT", 30)
ADULT_SOCIAL_CARE_SPEND_PENCE = env_int("SELFDIRECT_ASC_SPEND_PENCE", 0)  # the council's yearly adult social care spend

# The market directory (issue 20): the headers `selfdirect market import-cqc` reads from CQC's published files, where
# the council's file names a column differently from market/cqc.py's (which could not be confirmed from CQC itself):
# a JSON object of our name -> the file's header, e.g. {"key_question": "Key Question", "ratings_sheet": "Locations"}.
# market/cqc.py lists our names and refuses one it does not read.
try:
    import json as _json

    CQC_COLUMNS = _json.loads(os.environ.get("SELFDIRECT_CQC_COLUMNS") or "{}")
except ValueError:
    raise ImproperlyConfigured("SELFDIRECT_CQC_COLUMNS must be a JSON object, like {\"key_question\": \"Key Question\"}, "
                               f"not {os.environ['SELFDIRECT_CQC_COLUMNS']!r}") from None
if not isinstance(CQC_COLUMNS, dict) or not all(isinstance(v, str) and v.strip() for v in CQC_COLUMNS.values()):
    raise ImproperlyConfigured("SELFDIRECT_CQC_COLUMNS must be a JSON object of our name -> the file's header (text), "
                               f"not {os.environ.get('SELFDIRECT_CQC_COLUMNS')!r}")
# The local authorities whose locations `market import-cqc` reads from CQC's files, which cover all England (comma-
# separated, as the files name them, e.g. "Devon,Torbay"); the rows of any other are counted and left out. Empty: all.
CQC_LOCAL_AUTHORITIES = [a.strip() for a in (os.environ.get("SELFDIRECT_CQC_LOCAL_AUTHORITIES") or "").split(",") if a.strip()]
# The directory's Open Referral UK API (/openreferral/, open without a key): requests one client address may make, as
# DRF's "number/period"; and the county its addresses give as state_province (the town where none is set).
ORUK_API_RATE = os.environ.get("SELFDIRECT_ORUK_API_RATE") or "120/minute"
COUNCIL_COUNTY = os.environ.get("SELFDIRECT_COUNCIL_COUNTY", "")
