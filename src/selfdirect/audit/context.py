"""Where an audit event comes from: the request being answered (its client address and session), captured by
audit.middleware in a context variable that audit.actions reads. Outside a request (the `selfdirect` command line, a
shell, a test calling an action) there is none: the event's channel is "cli" and it has no address or session
(ASVS 4.0.3 V7.1.3, V7.1.4: each event says where it came from)."""

import contextvars
import hashlib
import ipaddress
from dataclasses import dataclass, field

# The channel of every event written outside a request.
COMMAND_LINE = "cli"


def one_way(secret: str) -> str:
    """SHA-256 of a session key or token, so that the trail links a session's events without holding its key
    (ASVS 4.0.3 V7.1.1: no session tokens in logs)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest() if secret else ""


def client_address(meta: dict, *, trust_forwarded_for: bool) -> str:
    """The client's address: REMOTE_ADDR, or, only when the council says its proxy is trusted (settings
    AUDIT_TRUST_FORWARDED_FOR), the last address in X-Forwarded-For, the one that proxy saw connect (the earlier ones
    are the client's own word). Normalised; "" when there is no valid address."""
    candidates = []
    if trust_forwarded_for:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        candidates += forwarded[-1:]
    candidates.append(meta.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return ""


@dataclass
class RequestContext:
    request: object
    address: str
    # Reads of a person's data made while answering, written when the answer is ready (audit.actions.settle).
    pending: list = field(default_factory=list)

    def session(self) -> str:
        """The one-way hash of the session key (read when the event is written: signing in changes the key), or for
        an API call with a token, of the token."""
        authorization = self.request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() in {"token", "bearer"} and token.strip():
            return one_way(token.strip())
        session = getattr(self.request, "session", None)
        return one_way(getattr(session, "session_key", None) or "")

    def place(self) -> str:
        """What was asked for, as the trail names a refusal: the method and path (never the query string)."""
        return f"{self.request.method} {self.request.path}"[:150]


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("selfdirect_audit_request",
                                                                                 default=None)


def current() -> RequestContext | None:
    return _current.get()


def enter(request, *, trust_forwarded_for: bool) -> contextvars.Token:
    return _current.set(RequestContext(request=request,
                                       address=client_address(request.META, trust_forwarded_for=trust_forwarded_for)))


def leave(token: contextvars.Token) -> None:
    _current.reset(token)
