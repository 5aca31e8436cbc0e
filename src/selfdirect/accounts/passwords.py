"""A password validator Django does not ship: ASVS 4.0.3 V2.1.2 allows passwords of at least 64 characters and
refuses those over 128 (a bound on the work of hashing one)."""

from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError("Password is too long", code="password_too_long",
                                  params={"max_length": self.max_length})

    def get_help_text(self):
        return f"Your password can be up to {self.max_length} characters long."
