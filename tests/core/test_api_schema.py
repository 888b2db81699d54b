"""The OpenAPI schema documents every endpoint without warnings, and is served with its docs page."""

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_generates_and_validates_without_warnings(tmp_path):
    # given
    target = tmp_path / "schema.yaml"

    # when (a warning or an invalid schema raises, failing the test)
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    # then
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]


def test_schema_documents_the_error_shape_and_the_session_token():
    # when
    from rest_framework.test import APIClient

    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    # then
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) >= {"code", "detail", "fields"}
    assert schema["components"]["securitySchemes"]["sessionToken"]["name"] == "X-Session-Token"
    me = schema["paths"]["/api/v1/me/"]
    assert {"200", "400", "401", "403"} <= set(me["patch"]["responses"])
    assert {"sessionToken": []} in me["get"]["security"]


def test_schema_endpoint_serves_openapi_3(client):
    # when
    response = client.get("/api/schema/")

    # then
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_docs_page_is_html(client):
    # when
    response = client.get("/api/docs/")

    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"swagger" in response.content.lower()


def test_the_api_base_documents_the_errors_every_endpoint_of_its_kind_shares():
    # when
    from rest_framework.test import APIClient

    paths = APIClient().get("/api/schema/", {"format": "json"}).json()["paths"]

    # then a signed-in endpoint documents access and the gate, a throttled one its limit
    addresses = paths["/api/v1/addresses/"]["get"]["responses"]
    assert {"401", "403"} <= set(addresses)
    assert "policy_acceptance_required" in addresses["403"]["description"]
    assert "rate_limited" in paths["/api/v1/orders/"]["post"]["responses"]["429"]["description"]
    assert "429" not in paths["/api/v1/orders/"]["get"]["responses"]
    # a public endpoint exempt from the gate documents neither
    assert not {"401", "403"} & set(paths["/api/v1/privacy/policy/"]["get"]["responses"])
