"""The API's token sign-in (REST framework): `Authorization: Token <key>`, the key matched by its hash
(accounts.ApiToken), refused once it has expired or been revoked or the sign-in deactivated (ASVS 4.0.3 V3.5.x), and
refused for a sign-in that holds a staff role unless it was made after the code from its authenticator app (V4.3.1,
V2.8.x; accounts.queries.live_token)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import queries


class ExpiringTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        given = authentication.get_authorization_header(request).split()
        if not given or given[0].lower() != self.keyword.lower().encode():
            return None
        if len(given) != 2:
            raise exceptions.AuthenticationFailed("Send the token as: Authorization: Token <key>")
        try:
            key = given[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("The token is not right") from None
        token, problem = queries.live_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed(problem)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    target_class = "selfdirect.accounts.authentication.ExpiringTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token <key>`, the key from POST /api/v1/token/. A token lasts settings.API_TOKEN_DAYS "
                               "days and can be revoked at /api/v1/me/tokens/."}
