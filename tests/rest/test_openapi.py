"""REST clients learn what each resource returns: OpenAPI names a response model for every JSON
route, and the answers the running API gives fit those schemas."""

from __future__ import annotations

import jsonschema
import pytest

from apcs_app.api import resources

# Bodies that are not a fixed shape: a workspace export is a document of its own format.
FREE_FORM = {("get", "/api/spaces/{space_id}/export")}


@pytest.fixture
def openapi(client):
    return client.get("/openapi.json").json()


def resolve(schema: dict, doc: dict) -> dict:
    return doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema


def test_every_resource_route_declares_its_response_model(openapi):
    checked, ours = 0, {route.path for route in resources.router.routes}
    for path, operations in openapi["paths"].items():
        if path not in ours:
            continue
        for method, op in operations.items():
            status, response = next((c, r) for c, r in op["responses"].items() if c.startswith("2"))
            if status == "204" or "application/json" not in response.get("content", {}) or (method, path) in FREE_FORM:
                continue
            schema = resolve(response["content"]["application/json"]["schema"], openapi)
            assert schema.get("type") == "object" and schema.get("properties"), f"{method} {path}"
            assert schema.get("additionalProperties") is False, f"{method} {path}"
            checked += 1
    assert checked >= 20


def test_answers_fit_the_declared_schemas(client, alice, openapi):
    space = client.get("/api/spaces", headers=alice).json()["spaces"][0]["id"]
    for path in ("/api/spaces", f"/api/spaces/{space}/board", f"/api/spaces/{space}/backlog",
                 f"/api/spaces/{space}/activity", f"/api/spaces/{space}/sprints"):
        schema = openapi["paths"][path.replace(f"/{space}/", "/{space_id}/")]["get"]["responses"]["200"]["content"][
            "application/json"]["schema"]
        answer = client.get(path, headers=alice)
        assert answer.status_code == 200, answer.text
        # The schema's $refs point into the document's components.
        jsonschema.Draft202012Validator({**schema, "components": openapi["components"]}).validate(answer.json())
