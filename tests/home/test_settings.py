"""Settings: production refuses to start without its secrets and passes the deployment checks."""

import os
import subprocess
import sys

from rongmei.settings.base import BASE_DIR

STRONG_KEY = "x7$Qm2!vLp9#Rt4&Wz8^Kc1*Hn6@Bd3%Fg5(Js0)Ya-Ue+Io=Pl"


def run_production(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        # the browser tests' fixture allows sync database calls in this process; production never does
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="rongmei.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_production("check", ALLOWED_HOSTS="rongmei.example.cn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_production("check", SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_passes_the_deployment_checks_without_warnings():
    result = run_production(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="rongmei.example.cn",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_redis_url_switches_the_cache_to_redis():
    code = "from rongmei.settings import base; print(base.CACHES['default']['BACKEND'])"
    environment = dict(os.environ, REDIS_URL="redis://127.0.0.1:6379/3")
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, cwd=BASE_DIR
    )
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_database_url_chooses_the_database():
    code = "from rongmei.settings import base; print(base.DATABASES['default']['ENGINE'])"
    environment = dict(os.environ, DATABASE_URL="postgres://postgres@127.0.0.1:5432/rongmei")
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, cwd=BASE_DIR
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_base_settings_are_safe_for_production():
    from rongmei.settings import base

    assert base.DEBUG is False
    assert os.environ.get("SECRET_KEY", "") == base.SECRET_KEY
    assert base.RONGMEI_DEMO_PASSWORDS is False
    assert base.X_FRAME_OPTIONS == "DENY"
