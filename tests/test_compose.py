"""docker-compose.yml stays valid and consistent with the settings (no engine runs here)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_has_db_web_worker() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"db", "web", "worker"} <= services.keys()
    assert "healthcheck" in services["db"]
    assert "pgdata" in compose["volumes"]
    assert "gunicorn portal.wsgi:application" in services["web"]["command"]
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_env_example_names_every_setting_compose_uses() -> None:
    env_example = (ROOT / ".env.example").read_text()
    for name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS", "POSTGRES_PASSWORD"):
        assert f"{name}=" in env_example
