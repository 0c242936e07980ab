"""Settings shared by every environment, safe for production.

Nothing secret lives here: every secret and every service address comes from the environment.
``dev.py`` and ``test.py`` relax what a developer's machine needs; ``production.py`` refuses to
start without its configuration.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = BASE_DIR / "site"
VAR_DIR = Path(os.environ.get("RONGMEI_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First: a test database's serialized copy is restored in this order, and Wagtail's pages and tasks
    # look up their content type when they are built, which would create a content type with a new id
    # (and the restore then stops at the real one) unless the content types are already in.
    "django.contrib.contenttypes",
    "rongmei",
    "home",
    "newsroom",
    "petitions",
    "merchants",
    "points",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "drf_spectacular",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_tasks_db",  # the queue of the database task backend; its table exists whichever backend runs
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "rongmei.cache.PageCacheMiddleware",  # a cached page leaves here; stored as it passes back out
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rongmei.middleware.LocaleMiddleware",
    "rongmei.middleware.TraditionalScriptMiddleware",  # converts what every inner layer produced
    "rongmei.errors.RefusalMiddleware",  # after the language is known, before anything reads the body
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "rongmei.urls"
WSGI_APPLICATION = "rongmei.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite in var/ for a trial, PostgreSQL in production (DATABASE_URL=postgres://...).
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Waiting for a lock beats failing a resident's post when two writes meet. Write-ahead logging lets
    # readers (pages, the live Q&A poll) go on reading while a resident's post is written.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A read replica (a PostgreSQL streaming standby): anonymous public reads go there, everything else to
# the primary (the rules are in rongmei.dbrouter). The test runner makes no test database of its own for
# it: it reads the primary's.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.config(
        env="DATABASE_REPLICA_URL",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
    DATABASE_ROUTERS = ["rongmei.dbrouter.PrimaryReplicaRouter"]
    # After the session (it reads who is signed in), around everything that reads content.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        "rongmei.dbrouter.ReplicaMiddleware",
    )
    # How long a visitor who wrote reads from the primary, so they see what they wrote while the replica
    # catches up; longer than the replica's usual lag.
    DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every process), otherwise per-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
else:
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rongmei"}
CACHES = {
    "default": {**_cache, "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "rongmei"), "TIMEOUT": 300},
    # Whole pages for anonymous visitors and shared fragments, purged by tag (see rongmei.cache).
    "pages": {
        **_cache,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "rongmei") + "-pages",
        "TIMEOUT": 300,
    },
}
RONGMEI_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "120"))
# Fragments pages share (navigation, breadcrumbs, merchant lists), purged by the same tags as pages.
RONGMEI_FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"

# Languages: simplified Chinese first, traditional Chinese and English as translations.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
# An approved workflow publishes as the approver without asking them for the page's publish right:
# approving is the right (Reviewers may approve channel posts and do nothing else).
WAGTAIL_FINISH_WORKFLOW_ACTION = "newsroom.workflows.publish_approved"
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The first wins: the project's entries for the admin packages, then the site's own (see rongmei.i18n).
LOCALE_PATHS = [PROJECT_DIR / "admin_locale", PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files and media.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))


# Uploads: the local folder by default; MEDIA_STORAGE=s3 puts them in an S3-compatible bucket. Either way
# residents' photos are private files, served only through rongmei.private_media (see rongmei.storage).
def media_storage(environ=os.environ):
    """``STORAGES["default"]`` for ``MEDIA_STORAGE`` (``local`` or ``s3``) and its variables in ``environ``."""
    kind = environ.get("MEDIA_STORAGE", "").strip().lower() or "local"
    if kind == "local":
        return {"BACKEND": "rongmei.storage.LocalMediaStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE is {kind!r}: it must be local or s3")
    bucket = environ.get("MEDIA_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET, the bucket's name")
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("MEDIA_S3_REGION") or None,
        # empty: boto3's own chain (its environment variables, an instance role)
        "access_key": environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
        "custom_domain": environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
        "location": environ.get("MEDIA_S3_PREFIX", ""),
        "public_acl": environ.get("MEDIA_S3_PUBLIC_ACL", ""),
        "querystring_expire": int(environ.get("MEDIA_S3_URL_SECONDS") or "86400"),
        "addressing_style": environ.get("MEDIA_S3_ADDRESSING_STYLE") or None,
    }
    return {"BACKEND": "rongmei.s3.S3MediaStorage", "OPTIONS": options}


STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
CSRF_FAILURE_VIEW = "rongmei.errors.csrf_failure"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Email: SMTP settings from the environment.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# where the file-based backend (django.core.mail.backends.filebased) writes each message: the browser
# tests read the mail a person would receive there
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "融媒体中心 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work, as Wagtail does it: immediate unless a worker backend is configured. With
# TASKS_BACKEND=django_tasks_db.DatabaseBackend a request only writes task rows (one enqueued inside a
# transaction that rolls back goes with it) and `manage.py db_worker` runs them (`make run` starts one).
# TASKS_BACKEND=rq puts tasks on RQ queues in Redis (RQ_REDIS_URL, else REDIS_URL) for `manage.py rqworker`
# processes, and `manage.py rqcron rongmei.cron` enqueues the periodic jobs (README, "Background work").
_tasks_backend = os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_rq.RQBackend" if _tasks_backend == "rq" else _tasks_backend,
    }
}
RQ_REDIS_URL = os.environ.get("RQ_REDIS_URL", "") or REDIS_URL
# The queues workers listen on; a task's queue_name must be one of them ("default" is what tasks use).
RQ_QUEUE_NAMES = env_list("RQ_QUEUES", "default")
if "default" not in RQ_QUEUE_NAMES:
    RQ_QUEUE_NAMES.insert(0, "default")
RQ_QUEUES = {
    name: {"URL": RQ_REDIS_URL, "DEFAULT_TIMEOUT": int(os.environ.get("RQ_JOB_TIMEOUT", "600"))}
    for name in RQ_QUEUE_NAMES
}
if _tasks_backend == "rq":
    TASKS["default"]["QUEUES"] = RQ_QUEUE_NAMES
RQ = {
    "JOB_CLASS": "rongmei.background.Job",
    "QUEUE_CLASS": "rongmei.background.Queue",
    "WORKER_CLASS": "rongmei.background.Worker",
}
# A job that raises, or whose worker died under it, runs again this many times, after these many seconds
# (a worker started with --with-scheduler moves the delayed ones back to the queue).
RQ_RETRIES = int(os.environ.get("RQ_RETRIES", "3"))
RQ_RETRY_INTERVALS = [int(item) for item in env_list("RQ_RETRY_INTERVALS", "10,60,300")]
# A worker's horse beats every RQ_MONITORING_INTERVAL seconds; a job whose beat is RQ_HEARTBEAT_GRACE seconds
# late counts as abandoned (its worker was killed) and is retried by the next worker's maintenance, which
# runs every RQ_MAINTENANCE_INTERVAL seconds.
RQ_MONITORING_INTERVAL = int(os.environ.get("RQ_MONITORING_INTERVAL", "30"))
RQ_HEARTBEAT_GRACE = int(os.environ.get("RQ_HEARTBEAT_GRACE", "60"))
RQ_MAINTENANCE_INTERVAL = int(os.environ.get("RQ_MAINTENANCE_INTERVAL", "120"))
if _tasks_backend == "rq":
    if not RQ_REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs RQ_REDIS_URL or REDIS_URL (redis://host:6379/1).")
    INSTALLED_APPS.append("django_rq")

# Petition SMS to residents: a class with send(phone, text); the default only writes to the log.
# petitions.workflow.notifications.FileSMSBackend appends each message to PETITION_SMS_FILE_PATH instead.
PETITION_SMS_BACKEND = os.environ.get(
    "PETITION_SMS_BACKEND", "petitions.workflow.notifications.LogSMSBackend"
)
PETITION_SMS_FILE_PATH = os.environ.get("PETITION_SMS_FILE_PATH", str(VAR_DIR / "sms.jsonl"))

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow same-origin framing themselves.
SESSION_COOKIE_HTTPONLY = True

# Wagtail.
WAGTAIL_SITE_NAME = "融媒"
# Links in e-mails: empty means the address each request came in on (``rongmei.links.site_address``).
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "")
WAGTAIL_ALLOW_UNICODE_SLUGS = True
# Avatars are the ones staff upload, or Wagtail's own default: no page asks an outside server for one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Search: the database backends taught to segment Chinese (rongmei.search.backends); PostgreSQL uses the
# "simple" configuration so Chinese words, pinyin and English are matched as written, without stemming.
# With OPENSEARCH_URL set, Wagtail's own OpenSearch backend with a Chinese analyzer (see README, "Search").
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "rongmei.search.backends", "SEARCH_CONFIG": "simple", "AUTO_UPDATE": True}
}
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")


def require_opensearch_client():
    """Stop with what to install when ``OPENSEARCH_URL`` is set and opensearch-py 3 is not there."""
    try:
        import opensearchpy
    except ImportError:
        version = None
    else:
        version = opensearchpy.VERSION
    if version is None or version[0] < 3:
        found = "not installed" if version is None else "version " + ".".join(map(str, version))
        raise ImproperlyConfigured(
            f"OPENSEARCH_URL is set but the OpenSearch client is {found}: "
            'install it with `pip install -e ".[opensearch]"` (opensearch-py>=3), or unset OPENSEARCH_URL '
            "to search in the database."
        )


if OPENSEARCH_URL:
    # Refuse to start, rather than fail at the first search, when the client is not there.
    require_opensearch_client()
    # "cjk" needs no plugin (pairs of characters, like the database backends); set
    # OPENSEARCH_CHINESE_ANALYZER=smartcn (analysis-smartcn plugin) or ik_max_word/ik_smart (IK plugin) for words.
    _analyzer = os.environ.get("OPENSEARCH_CHINESE_ANALYZER", "cjk")
    _search_analyzer = "ik_smart" if _analyzer == "ik_max_word" else _analyzer
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.opensearch3",
        "URLS": [OPENSEARCH_URL],
        # each indexed model gets an index of its own named with this prefix
        "INDEX_PREFIX": os.environ.get("OPENSEARCH_INDEX", "rongmei") + "_",
        "TIMEOUT": 5,
        "INDEX_SETTINGS": {
            "settings": {
                "analysis": {
                    "analyzer": {
                        # Wagtail's mapping names these two analyzers for full-text fields and queries.
                        "default": {"type": _analyzer},
                        "default_search": {"type": _search_analyzer},
                    }
                }
            }
        },
    }
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True

DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# One-click traditional-script translations in wagtail-localize's editor.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "rongmei.translation.OpenCCTranslator", "OPTIONS": {}}
# English (and any language other than the two scripts) goes to an external machine translator only when
# one is configured; otherwise editors translate it. DEEPL_AUTH_KEY selects wagtail-localize's DeepL class.
RONGMEI_EXTERNAL_MACHINE_TRANSLATOR = None
if os.environ.get("DEEPL_AUTH_KEY"):
    RONGMEI_EXTERNAL_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_AUTH_KEY"]},
    }

# Maps (rongmei.maps): an XYZ tile URL such as 天地图's with its key; empty means no outside service, and
# each place shows its address, coordinates and map-app links instead of a drawn map.
RONGMEI_MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
RONGMEI_MAP_ATTRIBUTION = os.environ.get("MAP_ATTRIBUTION", "")

# Set to true only behind proxies (nginx, CDN) that append to X-Forwarded-For; TRUSTED_PROXIES says how
# many stand in front of the site (rongmei.ratelimit.client_ip).
RONGMEI_TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR")
RONGMEI_TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "1"))

# The project's JSON API: JSON in and out, errors with field messages, a rate limit per anonymous client
# (signed-in staff and department systems act under their accounts and keys).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rongmei.rest.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rongmei.rest.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "rongmei.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rongmei.rest.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "融媒 API",
    "DESCRIPTION": "Petitions, departments, topics, merchants, classified ads and products for the app.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "PREPROCESSING_HOOKS": ["rongmei.openapi.project_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rongmei.openapi.refusal_responses",
    ],
}

# The demo command gives new demo accounts a known password only where this is true (never in production).
RONGMEI_DEMO_PASSWORDS = False
