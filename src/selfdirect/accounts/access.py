"""Scoped fetches for sign-ins: only administrators manage accounts, on the pages and the API alike."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from selfdirect.core import permissions

from . import queries


def require_admin(user) -> None:
    if not permissions.may_manage_accounts(user):
        raise PermissionDenied


def account_for(user, pk):
    """The account with this id, for an administrator (else 403); 404 when there is none."""
    require_admin(user)
    account = queries.account(pk)
    if account is None:
        raise Http404("No such account")
    return account


def own_token(user, pk):
    """One of the user's own API tokens; 404 for anyone else's."""
    token = queries.token(pk, user=user) if user.is_authenticated else None
    if token is None:
        raise Http404("No such token")
    return token


def any_token(user, pk):
    """Any sign-in's API token, for an administrator (else 403); 404 when there is none with this id."""
    require_admin(user)
    token = queries.token(pk)
    if token is None:
        raise Http404("No such token")
    return token
