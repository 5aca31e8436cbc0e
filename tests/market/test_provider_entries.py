"""A provider keeps its own entries (issue 20: "Providers maintain their own entries"): its details, its services
(what a person can do, areas, languages, ages, venues, status), the times they run and its venues with their access
and CQC registration. Each change is checked, named field by field when wrong, audited, and shown at once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.market import actions
from selfdirect.market.models import Location, Schedule, Service

from . import directory


@pytest.fixture
def listed(council):
    return directory.build(council, timezone.localdate())


def _service_answers(**changed):
    answers = {
        "name": "Evening sitting",
        "terms": ["personal_care", "short_break"],
        "description": "Someone with you in the evening so your carer can go out",
        "status": "active",
        "areas": "Exeter\n\nCrediton\nexeter",
        "languages": "English\nWelsh",
        "minimum_age": "18",
        "maximum_age": "",
        "url": "",
        "email": "",
    }
    answers.update(changed)
    return answers


def test_a_provider_adds_a_service_which_is_listed_and_found_at_once(council, signed_in, client, listed):
    provider = signed_in(council.provider)
    office = Location.objects.get(provider=listed["agency"])
    page = provider.get("/directory/yours/services/new/").content.decode()
    assert "Exe Valley Home Care office, Exeter" in page  # its own venue to choose
    assert "Riverside hall" not in page  # another provider's is not offered
    response = provider.post("/directory/yours/services/new/", _service_answers(locations=[str(office.pk)]))
    assert response.status_code == 302
    service = Service.objects.get(name="Evening sitting")
    assert service.provider == listed["agency"]
    assert sorted(t.code for t in service.terms.all()) == ["personal_care", "short_break"]
    assert [a.name for a in service.areas.all()] == ["Crediton", "Exeter"]  # blank lines dropped, "exeter" once
    assert sorted(x.name for x in service.languages.all()) == ["English", "Welsh"]
    assert list(service.locations.all()) == [office]
    assert (service.minimum_age, service.maximum_age) == (18, None)
    assert AuditEvent.objects.filter(actor=council.provider, what__startswith="Added the service Evening sitting").exists()
    found = client.get("/directory/", {"words": "evening"}).content.decode()
    assert "Evening sitting" in found


def test_changing_a_service_keeps_what_stays_and_its_history(council, signed_in, listed):
    service = listed["home_care"]
    office = Location.objects.get(provider=listed["agency"])
    exeter = service.areas.get(name="Exeter")
    response = signed_in(council.provider).post(
        f"/directory/yours/services/{service.pk}/",
        _service_answers(name="Home care visits and sitting", terms=["personal_care"], areas="Exeter\nTiverton",
                         languages="English"),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Home care visits and sitting"
    assert service.areas.get(name="Exeter").pk == exeter.pk  # kept, not made again
    assert sorted(a.name for a in service.areas.all()) == ["Exeter", "Tiverton"]  # Exmouth taken off
    assert not service.locations.filter(pk=office.pk).exists()  # no venue ticked: given in people's homes
    assert service.history.count() >= 2
    assert service.history.earliest().name == "Home care visits"


def test_each_wrong_answer_about_a_service_is_named_and_nothing_is_saved(council, signed_in, listed):
    provider = signed_in(council.provider)
    service = listed["home_care"]
    response = provider.post(
        f"/directory/yours/services/{service.pk}/",
        _service_answers(name="", terms=[], minimum_age="65", maximum_age="18", url="example.org", email="not-an-email"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the service&#39;s name" in body
    assert "Choose at least one thing a person can do with the service" in body
    assert "The oldest age (18) must not be below the youngest (65)" in body
    assert "Website must be a web address starting https://" in body
    assert "Email must be an email address" in body
    # an age that is not a number is named with everything else, not on its own first
    response = provider.post(
        f"/directory/yours/services/{service.pk}/",
        _service_answers(name="", minimum_age="two hundred", maximum_age="130", email="not-an-email"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the service&#39;s name" in body
    assert "Email must be an email address" in body
    assert "Youngest age must be a whole number of years, like 18" in body
    assert "Oldest age must be between 0 and 120" in body
    service.refresh_from_db()
    assert service.name == "Home care visits"


def test_a_provider_cannot_change_another_providers_service_or_venue(council, signed_in, listed):
    provider = signed_in(council.provider)
    theirs = listed["elsewhere"]
    hall = Location.objects.get(name="Riverside hall")
    assert provider.get(f"/directory/yours/services/{theirs.pk}/").status_code == 404
    assert provider.get(f"/directory/yours/services/{theirs.pk}/times/").status_code == 404
    assert provider.get(f"/directory/yours/venues/{hall.pk}/").status_code == 404
    schedule = theirs.schedules.first()
    assert provider.post(f"/directory/yours/times/{schedule.pk}/remove/").status_code == 404
    assert Schedule.objects.filter(pk=schedule.pk).exists()
    # a venue of another provider cannot be attached by its id either
    own = listed["home_care"]
    response = provider.post(f"/directory/yours/services/{own.pk}/", _service_answers(locations=[str(hall.pk)]))
    assert response.status_code == 400
    assert not own.locations.filter(pk=hall.pk).exists()
    with pytest.raises(PermissionDenied):
        actions.save_location(listed["riverside"], hall, actor=council.provider, name="Mine now", address_1="",
                              city="", postcode="", cqc_location_id="", step_free=None, accessible_toilet=None,
                              hearing_loop=None, parking=None)


def test_staff_and_people_are_refused_the_entry_pages(council, signed_in, listed):
    for user in [council.worker, council.finance]:
        assert signed_in(user).get("/directory/yours/services/new/").status_code == 403
        assert signed_in(user).get("/directory/yours/details/").status_code == 403


def test_times_are_added_shown_and_taken_off(council, signed_in, client, listed):
    provider = signed_in(council.provider)
    service = listed["home_care"]
    address = f"/directory/yours/services/{service.pk}/times/"
    wrong = provider.post(address, {"days": [], "opens_at": "18:00", "closes_at": "09:00"})
    assert wrong.status_code == 400
    body = wrong.content.decode()
    assert "Choose the days it runs" in body
    assert "It must close after it opens (6pm)" in body
    response = provider.post(address, {"days": ["SA", "SU"], "opens_at": "09:00", "closes_at": "12:30",
                                       "description": "Bank holidays too"})
    assert response.status_code == 302
    added = service.schedules.get(byday="SA,SU")
    assert (added.opens_at, added.closes_at) == (datetime.time(9), datetime.time(12, 30))
    page = client.get(f"/directory/services/{service.pk}/").content.decode()
    assert "Saturdays and Sundays 9am to 12:30pm (Bank holidays too)" in page
    assert provider.post(f"/directory/yours/times/{added.pk}/remove/").status_code == 302
    assert not Schedule.objects.filter(pk=added.pk).exists()
    assert AuditEvent.objects.filter(actor=council.provider, what__startswith="Took a time off Home care visits").exists()


def test_a_provider_adds_a_venue_with_its_access_and_cqc_id(council, signed_in, client, listed):
    provider = signed_in(council.provider)
    wrong = provider.post("/directory/yours/venues/new/", {
        "name": "", "postcode": "not a postcode", "cqc_location_id": "1-12",
        "step_free": "yes", "accessible_toilet": "no", "hearing_loop": "unknown", "parking": "yes"})
    assert wrong.status_code == 400
    body = wrong.content.decode()
    assert "Enter the venue&#39;s name" in body
    assert "Postcode must be a UK postcode" in body
    assert "CQC location ID must be one CQC gave" in body
    assert not Location.objects.filter(name="Exmouth office").exists()
    response = provider.post("/directory/yours/venues/new/", {
        "name": "Exmouth office", "address_1": "2 The Strand", "city": "Exmouth", "postcode": "ex8 1aa",
        "cqc_location_id": "1-200000002", "step_free": "yes", "accessible_toilet": "no", "hearing_loop": "unknown",
        "parking": "yes"})
    assert response.status_code == 302
    venue = Location.objects.get(name="Exmouth office")
    assert (venue.provider, venue.postcode, venue.cqc_location_id) == (listed["agency"], "EX8 1AA", "1-200000002")
    assert (venue.step_free, venue.accessible_toilet, venue.hearing_loop, venue.parking) == (True, False, None, True)
    yours = provider.get("/directory/yours/").content.decode()
    assert "Exmouth office" in yours and "Yes, No, Not known, Yes" in yours
    # given at the new venue, the service's public page shows its access
    service = listed["home_care"]
    provider.post(f"/directory/yours/services/{service.pk}/", _service_answers(
        name=service.name, terms=["personal_care"], locations=[str(venue.pk)]))
    assert "2 The Strand" in client.get(f"/directory/services/{service.pk}/").content.decode()


def test_a_provider_changes_its_own_details(council, signed_in, client, listed):
    provider = signed_in(council.provider)
    wrong = provider.post("/directory/yours/details/", {"website": "example.org", "phone": "call us"})
    assert wrong.status_code == 400
    assert "Phone must be a UK phone number" in wrong.content.decode()
    response = provider.post("/directory/yours/details/", {
        "description": "Home care across East Devon since 1998", "website": "https://exevalley.example",
        "email": "care@exevalley.example", "phone": "01392 000 111"})
    assert response.status_code == 302
    page = client.get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    assert "01392 000 111" in page and "care@exevalley.example" in page


def test_a_price_goes_into_the_line_of_prices_and_a_mistake_to_come_is_put_right(council, signed_in, listed):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    service = listed["home_care"]
    in_force = service.rates.get(unit="hour", band="weekday", ends_on__isnull=True)
    april = today + datetime.timedelta(days=120)
    next_april = actions.set_rate(service, actor=council.provider, unit="hour", band="weekday", amount_pence=2700,
                                  starts_on=april, confirmed_on=today)
    # a price from next month goes in between: the price to come keeps its day
    month = actions.set_rate(service, actor=council.provider, unit="hour", band="weekday", amount_pence=2550,
                             starts_on=today + datetime.timedelta(days=30), confirmed_on=today)
    in_force.refresh_from_db()
    next_april.refresh_from_db()
    assert in_force.ends_on == month.starts_on - day
    assert month.ends_on == april - day and month.replaced is None
    assert next_april.ends_on is None and next_april.amount_pence == 2700
    # a mistaken price to come, given again from its day, is put right
    wrong = actions.set_rate(service, actor=council.provider, unit="hour", band="weekday", amount_pence=325_000,
                             starts_on=april + datetime.timedelta(days=200), confirmed_on=today)
    next_april.refresh_from_db()
    assert next_april.ends_on == wrong.starts_on - day
    right = signed_in(council.provider).post(
        f"/directory/yours/services/{service.pk}/price/",
        {"unit": "hour", "band": "weekday", "amount_pence": "28.00", "starts_on_0": str(wrong.starts_on.day),
         "starts_on_1": str(wrong.starts_on.month), "starts_on_2": str(wrong.starts_on.year)}, follow=True)
    assert "It replaces £3,250.00 an hour, weekdays from the same day" in right.content.decode()
    assert not service.rates.filter(pk=wrong.pk).exists()
    assert service.rates.get(starts_on=wrong.starts_on).amount_pence == 2800
    assert AuditEvent.objects.filter(what__startswith="Put right the price of Home care visits: £3,250.00").exists()
    # today's price put right today; a price in force on a day gone by is only ever followed
    same_day = actions.set_rate(service, actor=council.provider, unit="hour", band="weekend", amount_pence=100_000,
                                starts_on=today, confirmed_on=today)
    fixed = actions.set_rate(service, actor=council.provider, unit="hour", band="weekend", amount_pence=2900,
                             starts_on=today, confirmed_on=today)
    assert not service.rates.filter(pk=same_day.pk).exists()
    weekend_before = service.rates.get(unit="hour", band="weekend", starts_on__lt=today)
    assert weekend_before.ends_on == today - day and fixed.ends_on is None
    with pytest.raises(actions.MarketError, match="must start within two years"):
        actions.set_rate(service, actor=council.provider, unit="hour", band="night", amount_pence=3000,
                         starts_on=today + datetime.timedelta(days=800), confirmed_on=today)


def test_a_service_may_close_at_midnight_and_a_note_shows_in_easy_read_and_print(council, signed_in, client, listed):
    provider = signed_in(council.provider)
    service = listed["home_care"]
    response = provider.post(f"/directory/yours/services/{service.pk}/times/",
                             {"days": ["FR"], "opens_at": "18:00", "closes_at": "23:59", "description": "term time only"})
    assert response.status_code == 302
    easy = client.get(f"/directory/services/{service.pk}/easy-read/").content.decode()
    assert "Open Friday, 6pm to midnight. Term time only." in easy
    printed = client.get("/directory/print/", {"what": "personal_care", "area": "Exeter"}).content.decode()
    assert "Fridays 6pm to midnight (term time only)" in printed


def test_a_venue_keeps_its_own_cqc_id_and_name(council, listed):
    office = Location.objects.get(provider=listed["agency"])
    answers = {"address_1": "", "city": "Exeter", "postcode": "", "step_free": None, "accessible_toilet": None,
               "hearing_loop": None, "parking": None}
    with pytest.raises(actions.MarketError) as refused:
        actions.save_location(listed["agency"], None, actor=council.provider, name=office.name,
                              cqc_location_id=office.cqc_location_id, **answers)
    said = " ".join(str(e) for e in refused.value.every)
    assert f"You already have a venue called {office.name}" in said
    assert "CQC location ID 1-100000001 is already given for another venue in the directory" in said
    # the venue itself keeps its id when it is changed
    kept = actions.save_location(listed["agency"], office, actor=council.provider, name=office.name,
                                 cqc_location_id=office.cqc_location_id, **answers)
    assert kept.cqc_location_id == "1-100000001"


def test_a_venue_whose_cqc_id_changes_loses_the_old_registrations_ratings(council, listed):
    from selfdirect.market.models import CqcRating

    office = Location.objects.get(provider=listed["agency"])
    assert CqcRating.objects.filter(location=office).count() == 2
    answers = {"address_1": office.address_1, "city": office.city, "postcode": office.postcode, "step_free": None,
               "accessible_toilet": None, "hearing_loop": None, "parking": None}
    actions.save_location(listed["agency"], office, actor=council.provider, name=office.name,
                          cqc_location_id="1-100000009", **answers)
    assert not CqcRating.objects.filter(location=office).exists()
    assert AuditEvent.objects.filter(what__startswith=f"Took CQC's ratings off {office.name}: its CQC location ID "
                                                      "changed from 1-100000001 to 1-100000009").exists()
    # a web address given as people write it is made secure; a long one is named, not cut short
    provider = actions.change_provider_details(listed["agency"], actor=council.provider, description="",
                                               website="www.exevalley.example", email="", phone="")
    assert provider.website == "https://www.exevalley.example"
    with pytest.raises(actions.MarketError, match="Website must be 200 characters or fewer"):
        actions.change_provider_details(listed["agency"], actor=council.provider, description="",
                                        website="https://example.org/" + "a" * 200, email="", phone="")
