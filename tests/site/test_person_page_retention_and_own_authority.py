"""Found on the browser walk of the demo council: a person's record links an administrator to the person's retention
page (where the legal holds page sends them to lift a hold), and nobody else, since that page answers 403 to anyone
else; and someone acting for the person reads what the review of their own authority means for them, in plain words,
not a bare "Review overdue"."""

import datetime

from django.utils import timezone

from selfdirect.people import actions as people_actions

TODAY = timezone.localdate()


def test_an_administrator_is_linked_to_the_persons_retention_page_and_no_one_else(council, signed_in):
    person = council.person()
    link = f'href="/retention/people/{person.pk}/"'
    as_admin = signed_in(council.admin).get(f"/people/{person.pk}/")
    assert as_admin.status_code == 200 and link in as_admin.content.decode()
    assert signed_in(council.admin).get(f"/retention/people/{person.pk}/").status_code == 200
    for user in (council.worker, council.manager):
        page = signed_in(user).get(f"/people/{person.pk}/")
        assert page.status_code == 200 and link not in page.content.decode(), user
        assert signed_in(user).get(f"/retention/people/{person.pk}/").status_code == 403, user


def _frank_acts_for(council, person, review_on):
    return people_actions.add_representative(
        person, actor=council.worker, name="Frank Green", relationship="Son or daughter", kind="consent",
        scope="welfare_and_property", evidence_reference="Consent form", user=council.family,
        starts_on=datetime.date(2025, 1, 6), review_on=review_on)


def test_a_representative_reads_when_the_council_will_check_their_authority_again(council, signed_in):
    person = council.person()
    review_on = TODAY + datetime.timedelta(days=40)
    _frank_acts_for(council, person, review_on)
    body = signed_in(council.family).get(f"/people/{person.pk}/").content.decode()
    assert f"The council will check this authority again by {review_on.day} {review_on:%B %Y}" in body
    assert "Review overdue" not in body
    worker = signed_in(council.worker).get(f"/people/{person.pk}/").content.decode()
    assert f"Review by {review_on.day} {review_on:%B %Y}" in worker and "The council will check" not in worker


def test_a_representative_whose_authority_is_overdue_for_review_is_told_what_that_means(council, signed_in):
    person = council.person()
    review_on = TODAY - datetime.timedelta(days=3)
    _frank_acts_for(council, person, review_on)
    body = signed_in(council.family).get(f"/people/{person.pk}/").content.decode()
    assert (f"The council was due to check this authority again by {review_on.day} {review_on:%B %Y} and has not "
            "done so yet. You can still act as before: the council will contact you to check it") in body
    assert "Review overdue" not in body
    worker = signed_in(council.worker).get(f"/people/{person.pk}/").content.decode()
    assert "Review overdue" in worker  # staff still see the flag and the link to record the review
