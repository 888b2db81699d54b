import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] in ("ok", "eager")


@pytest.mark.django_db
def test_healthz_answers_503_when_broker_is_down(client, settings):
    from config.celery import app

    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "broker": "down"}
