import json

from selfdirect.people import codes
from selfdirect.people.code_lists import CODE_LISTS_FILE
from selfdirect.people.models import Code, CodeList


def test_every_shipped_list_names_its_source_and_has_unique_codes():
    document = json.loads(CODE_LISTS_FILE.read_text())
    for item in document["lists"]:
        assert item["source"].strip(), item["name"]
        values = [c["code"] for c in item["codes"]]
        assert len(values) == len(set(values)), item["name"]


def test_the_official_cld_lists_match_the_reference(code_lists):
    assert [c for c, _ in codes.choices("delivery_mechanism")] == [
        "Direct Payment", "CASSR Managed Personal Budget", "CASSR Commissioned Support"]
    assert CodeList.objects.get(name="client_type").official
    assert "Learning Disability Support" in dict(codes.choices("primary_support_reason"))


def test_an_administrator_can_add_to_a_councils_own_list_but_not_an_official_one(council, signed_in):
    client = signed_in(council.admin)
    response = client.post("/people/code-lists/gender/", {"code": "Non-binary", "label": "Non-binary"})
    assert response.status_code == 302
    assert codes.is_valid("gender", "Non-binary")
    before = Code.objects.filter(code_list__name="client_type").count()
    response = client.post("/people/code-lists/client_type/", {"code": "New", "label": "New"})
    assert "official CLD list" in response.content.decode()
    assert Code.objects.filter(code_list__name="client_type").count() == before


def test_only_an_administrator_sees_the_code_lists(council, signed_in):
    assert signed_in(council.worker).get("/people/code-lists/").status_code == 403
