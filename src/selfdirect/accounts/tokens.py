"""One-time secrets for invitations. Django-free: the caller passes the key (the site's SECRET_KEY).

An email link carries a long random token. A letter carries a short code a person can type: 12 characters from an
alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z), printed in three groups of four. The first group only finds
the invitation (so wrong tries can be counted against it); the other eight are the secret. Only a keyed hash of a
secret is stored.
"""

import base64
import hashlib
import hmac
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
CODE_LENGTH = 12
REF_LENGTH = 4


def keyed_hash(secret: str, key: str) -> str:
    return hmac.new(key.encode(), secret.encode(), hashlib.sha256).hexdigest()


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def new_letter_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise_code(typed: str) -> str:
    """What the person typed, as stored: capitals, without the spaces or hyphens between the groups."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def split_code(code: str) -> tuple[str, str]:
    return code[:REF_LENGTH], code[REF_LENGTH:]


def looks_like_a_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


# ---- API tokens (ASVS 4.0.3 V3.5.2): 32 random bytes; a plain SHA-256 is enough to store a secret that random -----

API_KEY_PREFIX_LENGTH = 8


def new_api_key() -> str:
    return secrets.token_urlsafe(32)


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# ---- authenticator apps (TOTP, RFC 6238) --------------------------------------------------------------------------

def base32_secret(hex_key: str) -> str:
    """The secret an authenticator app is given by hand: base32 without padding, in groups of four to read out."""
    text = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def normalise_otp(typed: str) -> str:
    """A 6-digit code as typed: spaces and hyphens dropped (apps show '123 456')."""
    return "".join(ch for ch in (typed or "") if not ch.isspace() and ch != "-")
