"""The market directory's pages: the public search and a service's page (no sign-in needed), a provider's own
entries (prices and places, dated), and the council's queue of providers waiting to be confirmed."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from selfdirect.core import flows, pdfs

from . import access, actions, easy_read, printed, queries, search, usage
from . import reviews as review_policy
from .forms import (
    CapacityForm,
    DeclineForm,
    EasySearchForm,
    LocationForm,
    PriceForm,
    ProviderDetailsForm,
    ScheduleForm,
    SearchForm,
    ServiceForm,
)
from .review_forms import GivenReviewForm, ModerationForm, ReplyForm, ReviewForm
from .suggestions import SuggestForm

PER_PAGE = 20


def search_page(request):
    """Find support: a GET form that works without JavaScript; every listed service until a question is answered."""
    today = timezone.localdate()
    asked = {k: v for k, v in request.GET.items() if k != "page" and v}
    form = SearchForm(
        asked or None, terms=queries.directory_terms(), areas=queries.area_names(), languages=queries.language_names()
    )
    results = []
    searched = False
    if not asked:
        results = queries.find(search.Wanted(), today=today)
    elif form.is_valid():
        searched = search.asks_anything(form.wanted())
        results = queries.find(form.wanted(), today=today)
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    prefix = (query.urlencode() + "&") if query else ""
    # each result's link carries the search, so the service page's Back link returns to it (service_page reads it)
    back = _search_query(request.GET.urlencode())
    return render(
        request,
        "market/search.html",
        {
            "form": form,
            "page": page,
            "count": len(results),
            "asked": bool(asked),
            "prefix": prefix,
            "valid": not asked or form.is_valid(),
            "searched": searched,
            "back": urlencode({"back": back}) if back else "",
        },
        status=flows.status(form) if asked else 200,
    )


SEARCH_KEYS = ("what", "area", "day", "time", "language", "highest", "unit", "rating", "words", "page")


def _search_query(text: str) -> str:
    """A search's query string, rebuilt from the search form's own keys only (so the Back link it makes can only ever
    go to /directory/ with a search: never to another address, whatever `back` was given)."""
    asked = QueryDict(text[:2000])
    return urlencode([(k, v) for k in SEARCH_KEYS for v in asked.getlist(k)[:1] if v])


def service_page(request, pk):
    """Everything public about a service: its prices and their earlier versions, when it runs, where, in which
    languages, its venues with their access and CQC ratings, and its places as the provider last said."""
    service = access.public_service(pk)
    reviewers, yours = access.own_reviews_for(request.user, service)
    checked = {r.person_id for r in yours if r.status != "waiting"}
    back = _search_query(request.GET.get("back", ""))
    return render(
        request,
        "market/service.html",
        {
            "page": queries.service_page(service, today=timezone.localdate()),
            "service": service,
            "back_url": reverse("market:search") + (f"?{back}" if back else ""),
            "relationship": search.RELATIONSHIPS.get(service.relationship, service.get_relationship_display()),
            "today": timezone.localdate(),
            "reviews": queries.published_reviews(service),
            "yours": yours,
            "may_review": any(p.pk not in checked for p in reviewers),
            "reason_labels": review_policy.REASON_LABELS,
            # signed-in council staff only: how many people use it through Selfdirect, fewer than 5 never as a number
            "usage": review_policy.shown_count(usage.people_using([service])[service.pk])
            if access.may_see_usage(request.user)
            else None,
        },
    )


# ---- easy read (issue 20: the search "accessible at 320 px, without JavaScript, and in easy read") -----------------

EASY_KEYS = ("what", "area", "highest", "unit")


def _easy_words(service, rates, schedules) -> dict:
    """A service's prices, opening times and places as short sentences (market.easy_read)."""
    return {
        "prices": [easy_read.price_sentence(search.Price(r.amount_pence, r.unit, r.band)) for r in rates],
        "opens": [
            easy_read.open_sentence(search.Opening(search.parse_days(s.byday), s.opens_at, s.closes_at), s.description)
            for s in schedules
        ],
        "places": easy_read.places_sentences(
            active=service.status == service.Status.ACTIVE,
            vacancies=service.vacancies,
            waiting_weeks=service.waiting_weeks,
            reported=service.capacity_reported_on is not None,
        ),
    }


def search_easy(request):
    """Find support in easy read: three questions, and each service found in short sentences, one idea each. The
    answers have the standard search's names and the standard search's rules (queries.find), so the same answers find
    the same services. A GET form: no JavaScript needed; no tables, so it reads at 320 px."""
    today = timezone.localdate()
    asked = {k: v for k, v in request.GET.items() if k in EASY_KEYS and v}
    form = EasySearchForm(asked or None, terms=queries.directory_terms(), areas=queries.area_names())
    valid = not asked or form.is_valid()
    results = queries.find(form.wanted() if asked else search.Wanted(), today=today) if valid else []
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode(asked)
    found = [
        {"service": r.service, **_easy_words(r.service, r.service.current_rates, r.service.schedules.all())}
        for r in page.object_list
    ]
    return render(
        request,
        "market/search_easy.html",
        {
            "form": form,
            "page": page,
            "found": found,
            "count": len(results),
            "asked": bool(asked),
            "valid": valid,
            "prefix": (query + "&") if query else "",
            "back": urlencode({"back": query}) if query else "",
            "standard_url": reverse("market:search") + (f"?{query}" if query else ""),
        },
        status=flows.status(form) if asked else 200,
    )


def service_easy(request, pk):
    """A service's page in easy read: what it is, who runs it, what it costs, when it is open, its places, where it
    is and how to get in, and whom to phone."""
    service = access.public_service(pk)
    today = timezone.localdate()
    page = queries.service_page(service, today=today)
    asked = QueryDict(request.GET.get("back", "")[:2000])
    back = urlencode([(k, v) for k in (*EASY_KEYS, "page") for v in asked.getlist(k)[:1] if v])
    return render(
        request,
        "market/service_easy.html",
        {
            "service": service,
            "page": page,
            **_easy_words(service, [r for r in page.prices if r.starts_on <= today], service.schedules.all()),
            "back_url": reverse("market:search-easy") + (f"?{back}" if back else ""),
            "standard_url": reverse("market:service", args=[service.pk]),
        },
    )


@login_required
def your_entries(request):
    organisation_id = access.own_entries_for(request.user)
    return render(
        request,
        "market/yours.html",
        {
            "providers": queries.providers_of(organisation_id),
            "services": queries.own_services(organisation_id, today=timezone.localdate()),
            "venues": queries.own_locations(organisation_id),
            "reviews": queries.reviews_of_organisation(organisation_id),
        },
    )


@login_required
def change_price(request, pk):
    service = access.own_service_for(request.user, pk)
    form = PriceForm(request.POST or None, initial={"unit": "hour", "band": "weekday"})
    done = flows.submit(
        request,
        form,
        lambda data: actions.set_rate(
            service,
            actor=request.user,
            unit=data["unit"],
            band=data["band"],
            amount_pence=data["amount_pence"],
            starts_on=data["starts_on"],
            confirmed_on=timezone.localdate(),
        ),
        errors=actions.MarketError,
        success=lambda rate: (
            f"The price of {service.name} "
            f"{'will be' if rate.starts_on > timezone.localdate() else 'is now'} "
            f"{search.price_text(search.Price(rate.amount_pence, rate.unit, rate.band))}"
            f", from {rate.starts_on:%-d %B %Y}"
            + (f" until {rate.ends_on:%-d %B %Y}, when your next price starts" if rate.ends_on else "")
            + (f". It replaces {search.price_text(search.Price(rate.replaced.amount_pence, rate.unit, rate.band))} "
               "from the same day" if rate.replaced else "")
        ),
        redirect_to=reverse("market:yours"),
    )
    return done or render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": "Change a price",
            "caption": service.name,
            "submit_text": "Save the price",
            "back_url": reverse("market:yours"),
            "intro": "The new price starts on the day you give; the price it follows ends the day before and is still "
            "shown, with its dates, as an earlier price. To put right a mistake in a price that starts today or "
            "later, give the right price from the same day: it replaces the wrong one. "
            + ("Your prices now: " + "; ".join(
                f"{search.price_text(search.Price(r.amount_pence, r.unit, r.band))} from {r.starts_on:%-d %B %Y}"
                for r in latest) + "." if (latest := queries.latest_prices(service)) else "You have not given a price yet."),
        },
        status=flows.status(form),
    )


@login_required
def report_capacity(request, pk):
    service = access.own_service_for(request.user, pk)
    form = CapacityForm(
        request.POST or None, initial={"vacancies": service.vacancies, "waiting_weeks": service.waiting_weeks}
    )
    done = flows.submit(
        request,
        form,
        lambda data: actions.report_capacity(
            service,
            actor=request.user,
            vacancies=data["vacancies"],
            waiting_weeks=data["waiting_weeks"],
            on=timezone.localdate(),
        ),
        errors=actions.MarketError,
        success=f"Places at {service.name} reported",
        redirect_to=reverse("market:yours"),
    )
    return done or render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": "Report places free",
            "caption": service.name,
            "submit_text": "Save",
            "back_url": reverse("market:yours"),
            "intro": "People searching the directory see what you say here, with today's date.",
        },
        status=flows.status(form),
    )


# ---- a provider keeps its own entries: its details, services, times and venues ---------------------------------------


def _entry_page(request, form, heading, *, caption="", intro="", submit_text="Save", status=None):
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": heading,
            "caption": caption,
            "intro": intro,
            "submit_text": submit_text,
            "back_url": reverse("market:yours"),
        },
        status=flows.status(form) if status is None else status,
    )


@login_required
def change_details(request):
    provider = access.own_provider_for(request.user)
    form = ProviderDetailsForm(
        request.POST or None,
        initial={"description": provider.description, "website": provider.website, "email": provider.email,
                 "phone": provider.phone},
    )
    done = flows.submit(
        request,
        form,
        lambda data: actions.change_provider_details(provider, actor=request.user, **data),
        errors=actions.MarketError,
        success=f"{provider.name}'s details are saved",
        redirect_to=reverse("market:yours"),
    )
    return done or _entry_page(
        request, form, "Your organisation's details", caption=provider.name,
        intro="People see these on each of your services' pages. Your organisation's name is the one the council "
        "holds: ask the council to change it.",
    )


def _service_form(request, provider, service):
    return ServiceForm(
        request.POST or None,
        terms=queries.directory_terms(),
        locations=queries.locations_of(provider),
        initial=ServiceForm.initial_for(service) if service else {"status": "active"},
    )


@login_required
def add_service(request):
    provider = access.own_provider_for(request.user)
    form = _service_form(request, provider, None)
    done = flows.submit(
        request,
        form,
        lambda data: actions.save_service(provider, None, actor=request.user, **form.saved()),
        errors=actions.MarketError,
        success=lambda s: f"{s.name} is added"
        + (" to the directory" if provider.status == "listed" else ": it is listed once the council confirms you"),
        redirect_to=reverse("market:yours"),
    )
    return done or _entry_page(
        request, form, "Add a service", caption=provider.name, submit_text="Add the service",
        intro="Then give its prices and the times it runs from your entries.",
    )


@login_required
def change_service(request, pk):
    service = access.own_service_for(request.user, pk)
    form = _service_form(request, service.provider, service)
    done = flows.submit(
        request,
        form,
        lambda data: actions.save_service(service.provider, service, actor=request.user, **form.saved()),
        errors=actions.MarketError,
        success=lambda s: f"{s.name} is saved",
        redirect_to=reverse("market:yours"),
    )
    return done or _entry_page(
        request, form, "Change a service", caption=service.name, submit_text="Save the service",
        intro="People see the change at once, with the day it was made. Prices and places are changed on their own "
        "pages, so their dates are kept.",
    )


@login_required
def service_times(request, pk):
    """When a service runs: its times, each with a button to take it off, and a form to add another."""
    service = access.own_service_for(request.user, pk)
    form = ScheduleForm(request.POST or None)
    here = reverse("market:service-times", args=[service.pk])
    done = flows.submit(
        request,
        form,
        lambda data: actions.add_schedule(service, actor=request.user, **form.saved()),
        errors=actions.MarketError,
        success=lambda s: f"Added: {queries.schedule_text(s)}",
        redirect_to=here,
    )
    return done or render(
        request,
        "market/times.html",
        {
            "service": service,
            "form": form,
            "times": [(s, queries.schedule_text(s)) for s in service.schedules.all()],
            "back_url": reverse("market:yours"),
        },
        status=flows.status(form),
    )


@login_required
@require_POST
def remove_time(request, pk):
    schedule = access.own_schedule_for(request.user, pk)
    said = queries.schedule_text(schedule)
    return flows.act(
        request,
        lambda: actions.remove_schedule(schedule, actor=request.user),
        errors=actions.MarketError,
        success=f"Taken off: {said}",
        redirect_to=reverse("market:service-times", args=[schedule.service_id]),
    )


def _venue(request, provider, location):
    form = LocationForm(request.POST or None, initial=LocationForm.initial_for(location))
    done = flows.submit(
        request,
        form,
        lambda data: actions.save_location(provider, location, actor=request.user, **form.saved()),
        errors=actions.MarketError,
        success=lambda v: f"{v.name} is saved",
        redirect_to=reverse("market:yours"),
    )
    return done or _entry_page(
        request, form, "Change a venue" if location else "Add a venue",
        caption=location.name if location else provider.name,
        submit_text="Save the venue",
        intro="People choosing support see each venue's address and access, and CQC's ratings where CQC registers it.",
    )


@login_required
def add_venue(request):
    return _venue(request, access.own_provider_for(request.user), None)


@login_required
def change_venue(request, pk):
    location = access.own_location_for(request.user, pk)
    return _venue(request, location.provider, location)


@login_required
def waiting(request):
    access.may_confirm(request.user)
    return render(
        request,
        "market/waiting.html",
        {"providers": queries.waiting_providers(), "not_listed": queries.not_listed_providers()},
    )


@login_required
@require_POST
def confirm_provider(request, pk):
    """Confirm a waiting provider, or list after all one the council did not list."""
    provider = access.waiting_provider_for(request.user, pk, not_listed_too=True)
    done = "listed in the directory after all" if provider.status == provider.Status.WITHDRAWN else (
        "confirmed and listed in the directory")
    return flows.act(
        request,
        lambda: actions.confirm_provider(provider, actor=request.user, on=timezone.localdate()),
        errors=actions.MarketError,
        success=f"{provider.name} is {done}",
        redirect_to=reverse("market:waiting"),
    )


@login_required
def decline_provider(request, pk):
    """The council decides not to list a waiting provider: a reason is asked for (on the waiting page, or here again
    when it was left empty), so one click cannot do it."""
    provider = access.waiting_provider_for(request.user, pk)
    form = DeclineForm(request.POST or None)
    done = flows.submit(
        request,
        form,
        lambda data: actions.decline_provider(
            provider, actor=request.user, on=timezone.localdate(), reason=data["reason"]
        ),
        errors=actions.MarketError,
        success=f"{provider.name} is not listed in the directory",
        redirect_to=reverse("market:waiting"),
    )
    return done or render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": f"Do not list {provider.name}",
            "caption": "Providers waiting to be confirmed",
            "submit_text": "Do not list it",
            "back_url": reverse("market:waiting"),
            "intro": "Once you do this it is not listed, and no longer waits to be confirmed. Say why: the provider "
            "sees your reason on its own entries, and you can list it after all later.",
        },
        status=flows.status(form),
    )


def _printed(request) -> tuple[dict, int]:
    """The printed directory's page: the list for the area and need asked, or the two questions again, each wrong
    answer named (400), as the search does."""
    asked = {k: v for k, v in request.GET.items() if v and k != "for"}
    form = printed.PrintForm(asked or None, terms=queries.directory_terms(), areas=queries.area_names())
    today = timezone.localdate()
    # printed from a worker's search with a person (for=<their id>): Back goes to that search, not the public one
    person = request.GET.get("for", "")
    searching = reverse("market:suggest", args=[int(person)]) if person.isdigit() else reverse("market:search")
    context = {"form": form, "made_on": today, "large": False, "groups": None, "back_url": searching}
    if form.is_bound and form.is_valid():
        area, what, large = form.cleaned_data["area"], form.cleaned_data["what"], form.cleaned_data["large"]
        query = {"area": area, "what": what}
        kept = query | ({"for": person} if person.isdigit() else {})  # the links between versions keep the Back link
        context |= {
            "area": area,
            "need": form.need(),
            "large": large,
            "groups": printed.directory(area=area, need=form.need(), today=today),
            "standard_url": reverse("market:print") + "?" + urlencode(kept),
            "large_url": reverse("market:print") + "?" + urlencode(kept | {"large": "1"}),
            "pdf_url": reverse("market:print-pdf") + "?" + urlencode(query | ({"large": "1"} if large else {})),
            "back_url": searching + "?" + urlencode(query),
        }
    return context, flows.status(form) if form.is_bound else 200


def print_page(request):
    """A directory for one area and one need, to print (large print with large=1): no sign-in, no JavaScript."""
    context, status = _printed(request)
    return render(request, "market/print.html", context, status=status)


def print_pdf(request):
    """The same directory as a tagged PDF; the page's questions again when they are not answered."""
    context, status = _printed(request)
    if context["groups"] is None:
        return render(request, "market/print.html", context, status=status)
    pdf = pdfs.tagged_pdf(render_to_string("market/print_pdf.html", context))
    return pdfs.pdf_download(pdf, printed.file_name(area=context["area"], need=context["need"], large=context["large"]))


# ---- reviews ---------------------------------------------------------------------------------------------------------


def review_policy_page(request):
    """The published policy every review is checked against (docs/market-review-policy.md says the same)."""
    return render(
        request,
        "market/review_policy.html",
        {"reasons": review_policy.REASONS, "shortest": review_policy.SHORTEST, "longest": review_policy.LONGEST},
    )


@login_required
def write_review(request, pk):
    access.may_write_reviews(request.user)
    service = access.public_service(pk)
    people, written = access.own_reviews_for(request.user, service)
    if not people:  # as for a service that is not there: whom a person's plan uses is theirs
        raise Http404(actions.NOT_USED)
    by_pk = {str(p.pk): p for p in people}
    mine = {str(r.person_id): r for r in written}
    first = mine.get(next(iter(by_pk)))
    form = ReviewForm(
        request.POST or None,
        people=people,
        initial={"text": first.text, "rating": first.rating} if first and first.status == "waiting" else None,
    )
    done = flows.submit(
        request,
        form,
        lambda data: actions.write_review(
            service,
            actor=request.user,
            person=by_pk[data.get("person") or next(iter(by_pk))],
            text=data["text"],
            rating=data["rating"],
            on=timezone.localdate(),
        ),
        errors=actions.MarketError,
        success="Thank you: the council checks your review against the review policy before it is published",
        redirect_to=reverse("market:service", args=[service.pk]),
    )
    return done or render(
        request,
        "market/review.html",
        {"form": form, "service": service, "back_url": reverse("market:service", args=[service.pk])},
        status=flows.status(form),
    )


@login_required
def reviews_waiting(request):
    access.may_moderate(request.user)
    return render(request, "market/moderation_queue.html", {"reviews": queries.waiting_reviews()})


@login_required
def moderate_review(request, pk):
    review = access.review_to_moderate(request.user, pk)
    form = ModerationForm(request.POST or None)
    done = flows.submit(
        request,
        form,
        lambda data: actions.moderate_review(
            review,
            actor=request.user,
            publish=data["decision"] == "publish",
            reason=data["reason"],
            on=timezone.localdate(),
        ),
        errors=actions.MarketError,
        success=lambda r: f"The review of {r.service.name} is {r.get_status_display().lower()}"
        + (f". It describes harm or a risk of harm: follow the council's safeguarding procedures now, telling the "
           f"safeguarding team its number, {r.pk}, so that they can find who wrote it and contact them"
           if r.moderation_reason == "safeguarding" else ""),
        redirect_to=reverse("market:reviews-waiting"),
    )
    return done or render(
        request,
        "market/moderation.html",
        {"form": form, "review": review, "back_url": reverse("market:reviews-waiting")},
        status=flows.status(form),
    )


@login_required
def reply_to_review(request, pk):
    review = access.own_review_for(request.user, pk)
    form = ReplyForm(request.POST or None, initial={"reply": review.reply})
    done = flows.submit(
        request,
        form,
        lambda data: actions.reply_to_review(review, actor=request.user, text=data["reply"], on=timezone.localdate()),
        errors=actions.MarketError,
        success=f"Your reply to the review of {review.service.name} is published beside it",
        redirect_to=reverse("market:yours"),
    )
    return done or render(
        request,
        "market/reply.html",
        {"form": form, "review": review, "back_url": reverse("market:yours")},
        status=flows.status(form),
    )


@login_required
def record_review_given(request, pk):
    """A review the person gave on a paper form, by phone or at a meeting, written down by a worker who may change their
    record (reached from their directory page): which of the directory's services they used it is about, how they gave
    it, their words and stars, and that they agreed to it being sent to the council and published without their name.
    It waits for the council like any other; below, the reviews written for them and what the council decided."""
    person = access.recording_review_for(request.user, pk)
    form = GivenReviewForm(request.POST or None, services=queries.services_used_by(person),
                           first_name=person.first_name)
    here = reverse("market:record-review", args=[person.pk])
    done = flows.submit(
        request,
        form,
        lambda data: actions.record_review_given(
            form.chosen_service(),
            actor=request.user,
            person=person,
            text=data["text"],
            rating=data["rating"],
            how=data["how"],
            agreed=data["agreed"],
            on=timezone.localdate(),
        ),
        errors=actions.MarketError,
        success=lambda r: f"{person.first_name}'s review of {r.service.name} is sent to the council to check against "
        "the review policy",
        redirect_to=here,
    )
    return done or render(
        request,
        "market/review_given.html",
        {
            "form": form,
            "person": person,
            "reviews": queries.reviews_of_person(person),
            "reason_labels": review_policy.REASON_LABELS,
            "back_url": reverse("market:suggest", args=[person.pk]),
        },
        status=flows.status(form),
    )


# ---- a worker's search with a person, and the services suggested to them (their file) ------------------------------


@login_required
def suggest(request, pk):
    """The directory's search made with a person (by phone, at a meeting, or to send a printed list), for staff who
    may change their record: each service found can be suggested to them, saying why it suits them and how they were
    told; below, what was suggested to them before."""
    person = access.suggesting_for(request.user, pk)
    today = timezone.localdate()
    asked = {k: v for k, v in request.GET.items() if k != "page" and v}
    search_form = SearchForm(
        asked or None, terms=queries.directory_terms(), areas=queries.area_names(), languages=queries.language_names()
    )
    results = []
    if not asked:
        results = queries.find(search.Wanted(), today=today)
    elif search_form.is_valid():
        results = queries.find(search_form.wanted(), today=today)
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    form = SuggestForm(
        request.POST or None, services=[r.service for r in page.object_list], first_name=person.first_name
    )
    kept = _search_query(request.GET.urlencode())  # the search and its page, from the search form's own keys only
    here = reverse("market:suggest", args=[person.pk]) + (f"?{kept}" if kept else "")
    done = flows.submit(
        request,
        form,
        lambda data: actions.suggest_services(
            person, actor=request.user, chosen=form.chosen(), how=data["how"], on=today
        ),
        errors=actions.MarketError,
        field=form.field_for,
        success=lambda made: f"Recorded {len(made)} service{'s' if len(made) != 1 else ''} suggested to "
        f"{person.first_name}",
        redirect_to=here,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return done or render(
        request,
        "market/suggest.html",
        {
            "person": person,
            "search_form": search_form,
            "form": form,
            "extra_forms": [search_form],
            "page": page,
            "count": len(results),
            "asked": bool(asked),
            "valid": not asked or search_form.is_valid(),
            "searched": bool(asked) and search_form.is_valid() and search.asks_anything(search_form.wanted()),
            "prefix": (query.urlencode() + "&") if query else "",
            "here": here,
            "earlier": queries.suggestions_for(person),
            "back_url": reverse("people:detail", args=[person.pk]),
        },
        status=flows.status(form, search_form) if (asked or request.method == "POST") else 200,
    )
