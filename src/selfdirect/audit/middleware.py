"""Captures, for each request, where its audit events come from (the client address and the session; audit.context),
and writes the request's reads when the answer is ready (audit.actions.settle). Comes after the authentication
middleware, so that it knows who was answered."""

from django.conf import settings

from . import actions, context


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.enter(request, trust_forwarded_for=getattr(settings, "AUDIT_TRUST_FORWARDED_FOR", False))
        try:
            response = self.get_response(request)
            actions.settle(context.current(), status=response.status_code, user=getattr(request, "user", None))
            return response
        finally:
            context.leave(token)
