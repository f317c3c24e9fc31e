"""Settings for Styrkort, read from the environment.

Every value that differs between a laptop and production comes from an environment
variable (see .env.example). Secrets may also come from ``<NAME>_FILE`` so that Docker
and systemd secrets work without putting them in the environment itself.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str | None:
    """Return the variable, or the contents of the file named by ``<name>_FILE``."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0/1/true/false, got {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# `loaddemo` creates users with a published password: only in development, or where an
# operator (tests, benchmarks, the backup drill) says so with STYRKORT_ALLOW_DEMO=1.
DEMO_DATA_ALLOWED = DEBUG or env_bool("STYRKORT_ALLOW_DEMO", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE), or DJANGO_DEBUG=1 for development."
        )
    # Development only: a fixed key is harmless when DEBUG is on and nothing is public.
    SECRET_KEY = "dev-only-insecure-key-styrkort"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    "axes",
    "portal",
    "scorecards",
    "staff",
    "finance",
    "investments",
    "assignments",
    "reports",
    "spreadsheets",
    "goals",
    "internal_control",
    "steering",
    "annual_cycle",
    "allocation",
    "ledger",
    "rollover",
    "demo",
    # The read API (django-ninja; "ninja" serves its Swagger UI files locally) and
    # Kolada peer values.
    "ninja",
    "api",
    "kolada",
    # Sign-in with the organisation's identity provider (OIDC, mozilla-django-oidc).
    "sso",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Refuses an oversized body from its Content-Length, before CSRF reads request.POST.
    "portal.middleware.RequestSizeMiddleware",
    # Cache-Control: no-store on every response to a logged-in user (outside WhiteNoise).
    "portal.middleware.NoStoreMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Renews active sessions (idle timeout); ends those older than SESSION_ABSOLUTE_TIMEOUT.
    "portal.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Who changed a figure is taken from the request for the audit history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # A database lock that outlasted its wait: 503 with a Swedish message, not a 500.
    "portal.middleware.DatabaseBusyMiddleware",
    # Last, as django-axes asks: turns a lockout into the Swedish lockout page.
    "axes.middleware.AxesMiddleware",
]

# The domain apps whose contributions.py feeds the report builder, the Excel workbook, the
# Historik page, the rollover and the demo loader, in the order their parts appear
# (common.contributions). The core (scorecards) contributes through those consumers.
DOMAIN_APPS: tuple[str, ...] = (
    "staff",
    "finance",
    "investments",
    "assignments",
    "internal_control",
    "goals",
    "reports",
    "annual_cycle",
    "allocation",
    "kolada",
    "ledger",
)

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
            "builtins": ["common.templatetags.sv"],
        },
    },
]
# Form widgets through Django's Jinja2 widget templates (half the cost; the admin's own
# widget templates still come from Django's engine): see portal/forms.py.
FORM_RENDERER = "portal.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'styrkort.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is the zero-setup default; make sure its folder exists.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # Every transaction takes the write lock when it begins and waits up to 20 s for it:
    # with SQLite's default (deferred) transactions, two saves that both read first fail
    # at once with "database is locked" when they try to write, instead of taking turns.
    # Taking turns, the second save then meets the first one's version: a 409.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("DJANGO_SQLITE_TIMEOUT", 20),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out username+IP before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The identity provider's code flow; passes password logins by (sso/backends.py).
    "sso.backends.OIDCBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 15))
# Lock the pair, so one user mistyping does not lock the whole office's NAT address; and
# the address alone at a higher limit, so guessing over many user names is slowed too
# (portal.throttle: axes holds every group to one limit, the handler scales the address's).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "portal.throttle.LoginThrottle"
LOGIN_IP_FAILURE_LIMIT = env_int("DJANGO_LOGIN_IP_FAILURE_LIMIT", 50)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.middleware.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.middleware.client_ip"
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Sign-in with the organisation's identity provider (OIDC; sso/, README "Inloggning med
# organisationens konto"). Off unless OIDC_ISSUER is set; local accounts always work.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET") or ""  # or OIDC_CLIENT_SECRET_FILE
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_ORGANISATION_NAME = os.environ.get("OIDC_ORGANISATION_NAME", "")
OIDC_CREATE_USERS = env_bool("OIDC_CREATE_USERS", default=True)
OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "")
OIDC_ROLE_MAP = env_str("OIDC_ROLE_MAP") or ""  # or OIDC_ROLE_MAP_FILE
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska"))]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
# WhiteNoise scans STATIC_ROOT at start-up and warns when it is missing (before collectstatic).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
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

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Django 6.1 mailers (replacing EMAIL_BACKEND): the console in development, SMTP otherwise
# (`check --deploy` refuses a development-only backend).
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "styrkort@localhost")
# The portal's public address, for links in e-mails (reminders), e.g. https://styrkort.example.se
SITE_URL = os.environ.get("DJANGO_SITE_URL", "")

# --- HTTPS and headers (`manage.py check --deploy --fail-level WARNING` is clean with DEBUG=0)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers and the container healthcheck probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a TLS-terminating proxy: "HTTP_X_FORWARDED_PROTO,https". Only set it when the
# proxy always overwrites that header, or clients could claim HTTPS themselves.
_proxy_ssl_header = env_list("DJANGO_SECURE_PROXY_SSL_HEADER")
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2:
        raise ImproperlyConfigured(
            "DJANGO_SECURE_PROXY_SSL_HEADER must be '<META name>,<value>', "
            "e.g. HTTP_X_FORWARDED_PROTO,https"
        )
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header[0], _proxy_ssl_header[1])
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a promise to browser vendors that is slow to take back: opt in explicitly.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# htmx takes the token from hx-headers on <body>, so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# The only warning left by a deliberate choice: HSTS preload is off unless asked for.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content Security Policy (Django 6's own middleware). No page has an inline script:
# chart data are JSON blocks (type="application/json", never executed) read by
# static/js/charts.js, and htmx is configured through its <meta> tag (its indicator
# <style> is switched off there). CSP.NONCE is there for a future inline script, which
# must then carry nonce="{{ csp_nonce }}"; the nonce only appears once a page uses it.
# style-src without 'unsafe-inline': plotly.js sets its inline styles from script
# (CSSOM, which CSP does not govern) but also adds two <style> elements of its own at
# start-up, allowed here by hash. The hashes belong to the vendored plotly.js 4.1.1
# (static/js/VENDORED.md): after an upgrade, Chromium's console names the new ones and
# tests/portal/test_security.py fails until they are updated.
PLOTLY_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # its empty rule sheet
    "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='",  # its bundled map CSS
]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, *PLOTLY_STYLE_HASHES],
    # The report preview shows its charts as data: SVG images.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# --- Sessions: ended after 30 minutes without a request and 10 hours after login however
# active (portal.middleware). An active session is saved again, with a fresh expiry, at
# most once a minute rather than on every request (SESSION_SAVE_EVERY_REQUEST).
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_REFRESH_SECONDS = 60
SESSION_ABSOLUTE_TIMEOUT = env_int("DJANGO_SESSION_ABSOLUTE_SECONDS", 10 * 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO; only its warnings are worth a line.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
