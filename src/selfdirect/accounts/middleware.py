"""What a signed-in session may reach, and when it ends (docs/security.md, "Signing in").

`SignInMiddleware` runs after django-otp's OTPMiddleware, which tells whether the session has entered a code from
an authenticator app (`request.user.is_verified()`).

- **The second step** (ASVS 4.0.3 V2.8.x): a session of a sign-in that holds a staff role and has not entered its
  code reaches only the code page, the set-up page and signing out. Any other page sends it to the code page (or to
  set up an app, if it has none); the API answers 403. A request that brings an API token is the token's to answer:
  the REST framework's token sign-in (accounts.authentication) refuses, with 401, a token of a sign-in that holds a
  staff role unless the token was made after the code from its authenticator app (accounts.queries.live_token), and
  a token that is not right at all; tokens end when their sign-in is given a staff role or has its app reset.
- **Idle and absolute ends** (ASVS V3.3.1, V3.3.2): a session ends after settings.STAFF_IDLE_MINUTES without a
  request (PEOPLE_IDLE_MINUTES for the people the records are about, their family and carers) and
  settings.SESSION_HOURS after signing in, whatever. The cookie itself ends with the browser
  (SESSION_EXPIRE_AT_BROWSER_CLOSE)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import queries

SIGNED_IN_AT = "selfdirect_signed_in_at"
LAST_SEEN = "selfdirect_last_seen"
NEEDS_SECOND_FACTOR = "selfdirect_second_factor"
SEEN_EVERY = 60  # seconds: how often the last-seen time is written to the session (not at every request)
SECOND_STEP_URLS = ("accounts:second-step", "accounts:set-up-two-factor", "accounts:sign-out")


def start(request, user) -> None:
    """At signing in (django.contrib.auth's user_logged_in): when, and whether the sign-in needs the second step."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    request.session[NEEDS_SECOND_FACTOR] = queries.needs_second_factor(user)


def needs_second_factor(request) -> bool:
    """A session whose sign-in holds a staff role (told at signing in), or that acts in one now."""
    return bool(request.session.get(NEEDS_SECOND_FACTOR)) or queries.acts_as_staff(request.user)


def _problem(status: int, detail: str) -> JsonResponse:
    titles = {401: "Sign in first", 403: "You cannot do that"}
    return JsonResponse({"type": "about:blank", "title": titles[status], "status": status, "detail": detail},
                        status=status, content_type="application/problem+json")


class SignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            answer = self._ended(request) or self._second_step(request)
            if answer is not None:
                return answer
        return self.get_response(request)

    @staticmethod
    def _is_api(request) -> bool:
        return request.path.startswith("/api/")

    def _ended(self, request):
        now = int(time.time())
        session = request.session
        staff = needs_second_factor(request)
        idle = (settings.STAFF_IDLE_MINUTES if staff else settings.PEOPLE_IDLE_MINUTES) * 60
        signed_in_at = session.get(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN, now)
        if now - last_seen > idle:
            why = (f"You were signed out because you had not used the service for {idle // 60} minutes. Sign in "
                   f"again to carry on")
        elif now - signed_in_at > settings.SESSION_HOURS * 3600:
            why = f"You were signed out because you signed in more than {settings.SESSION_HOURS} hours ago. Sign in again"
        else:
            if SIGNED_IN_AT not in session:
                session[SIGNED_IN_AT] = now
            if now - last_seen >= SEEN_EVERY or LAST_SEEN not in session:
                session[LAST_SEEN] = now
            return None
        logout(request)
        if self._is_api(request):
            return _problem(401, why)
        messages.info(request, why)
        return redirect(f"{reverse('accounts:sign-in')}?{urlencode({'next': request.get_full_path()})}")

    def _second_step(self, request):
        if not needs_second_factor(request) or request.user.is_verified():
            return None
        if request.path in {reverse(name) for name in SECOND_STEP_URLS}:
            return None
        if self._is_api(request):
            if request.headers.get("Authorization", "").startswith("Token "):
                return None
            return _problem(403, "Enter the 6-digit code from your authenticator app first: sign in at /sign-in/")
        step = "accounts:second-step" if queries.authenticator_of(request.user) else "accounts:set-up-two-factor"
        target = reverse(step)
        if request.method == "GET" and request.path != "/":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
