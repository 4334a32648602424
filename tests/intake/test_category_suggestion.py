"""The category suggested live from the text (issue 18 item 3): the district's classifier as it classifies
a filed request; nothing when no keyword fits; another district's categories never."""

from __future__ import annotations


def hint(client, district: str, text: str):
    return client.get(f"/api/v1/districts/{district}/category-suggestion", query_string={"text": text})


def test_the_text_suggests_the_districts_category(client):
    found = hint(client, "xinlin", "幸福小区3号楼门前垃圾三天没人清运,气味很大").get_json()
    assert (found["category"], found["category_name"]) == ("environment", "环境卫生")
    assert "垃圾" in found["keywords"] and 0 < found["confidence"] <= 1


def test_no_keyword_no_suggestion_and_an_unknown_district_is_404(client):
    assert hint(client, "xinlin", "你好").get_json()["category"] is None
    assert hint(client, "xinlin", "").get_json()["category"] is None
    assert hint(client, "atlantis", "垃圾").status_code == 404
    response = hint(client, "xinlin", "垃" * 1001)
    assert response.status_code == 422 and response.get_json()["error"]["fields"][0]["field"] == "text"
