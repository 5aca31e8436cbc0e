from selfdirect.audit.models import AuditEvent


def test_a_manager_searches_the_audit_trail_by_who_and_what(council, signed_in):
    person = council.live_person()
    signed_in(council.worker).get(f"/people/{person.pk}/")
    client = signed_in(council.manager)
    body = client.get("/audit/", {"user": "worker", "action": "read"}).content.decode()
    assert "Opened the record" in body
    assert person.la_person_id in body


def test_a_team_manager_sees_only_their_own_teams_trail(council, signed_in):
    person = council.live_person()
    body = signed_in(council.south_manager).get("/audit/", {"person": person.pk}).content.decode()
    assert person.la_person_id not in body


def test_workers_cannot_search_the_audit_trail(council, signed_in):
    assert signed_in(council.worker).get("/audit/").status_code == 403


def test_every_change_in_the_journey_writes_an_audit_event_with_who_and_why(council):
    person = council.live_person()
    actions = set(AuditEvent.objects.filter(person=person).values_list("action", flat=True))
    assert {"create", "transition", "change", "decision"} <= actions
    approval = AuditEvent.objects.get(person=person, what="Approved the plan")
    assert approval.actor == council.manager and approval.why == "Agreed"
