"""Plain English for numbers in sentences. Django-free."""


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 line', '3 lines', '1 duplicate', '0 people' (plural given where it is not singular + 's')."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def plural(noun: str) -> str:
    """The plural of a unit of support: hour, hours; session, sessions; class, classes; day, days; activity, activities."""
    if not noun or noun.endswith("s") and not noun.endswith(("ss", "us")):
        return noun
    if noun.endswith(("ss", "x", "ch", "sh", "us")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def quantity_of(quantity, unit: str) -> str:
    """'6 hours', '1 hour', '2.5 hours', '1 session': a quantity of a unit, without trailing zeros."""
    text = f"{quantity:f}".rstrip("0").rstrip(".") if "." in f"{quantity:f}" else f"{quantity}"
    return f"{text} {unit if text == '1' else plural(unit)}"


def in_sentence(text: str) -> str:
    """A label or typed phrase as it reads inside a sentence: 'First name' -> 'first name', 'The last 3 months' ->
    'the last 3 months'; an acronym ('NHS number', 'GP practice name') and 'I' stay as they are."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and (len(first) > 1 or first == "I") else text[:1].lower() + text[1:]
