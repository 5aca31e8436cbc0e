"""The one small-numbers rule: figures shown to those who may not see the people behind them (commissioners, finance
officers) and figures shared outside the council hide counts of 1 to 4, and any share, median, average or ratio
worked out from fewer than 5 people. Django-free: insight's tables, allocation's fairness page and planning's choices
report all read it (docs/security.md, "Figures for commissioners and finance").

Sources: the Government Statistical Service's guidance on anonymisation and data confidentiality, under the Code of
Practice for Statistics (T6 Data governance), asks that tables do not let a person be picked out from a small cell; a
threshold of 5 and "[c]" for a confidential value are the ONS's conventions. (The exact threshold is each producer's
choice: 5 is the product's, as the ICO's Anonymisation code of practice leaves the threshold to the data's context.)
OWASP ASVS 4.0.3 V8.3 (sensitive private data) and V4.1.3 (least privilege): a role sees only what its work needs."""

SMALL = 5  # a count of 1 to SMALL - 1 people is hidden
HIDDEN_COUNT = "<5"  # a count of 1 to 4
HIDDEN_FIGURE = "[c]"  # a share, median, average or ratio worked out from fewer than 5 people (the ONS convention)
FEWER_THAN = "fewer than 5"  # the same in a sentence


def is_small(count: int) -> bool:
    """A count that would let someone pick out the people behind it: 1 to 4 (0 tells nothing about anyone)."""
    return 0 < count < SMALL


def suppress(count: int) -> str:
    """The count as shown where small numbers are hidden: 1 to 4 as '<5', others as they are."""
    return HIDDEN_COUNT if is_small(count) else str(count)


def suppress_figure(shown: str, base: int) -> str:
    """A figure worked out from `base` people, as shown where small numbers are hidden."""
    return HIDDEN_FIGURE if is_small(base) else shown


def hidden_cells(counts: list[int]) -> set[int]:
    """Which of a row of counts that add up to a total shown elsewhere to hide: each small count, and where that would
    hide just one, the smallest other count beside it, so that the hidden one cannot be worked out by taking the rest
    from the total (secondary suppression, as the GSS guidance on tables asks). A count of 0 is never hidden."""
    hidden = {i for i, n in enumerate(counts) if is_small(n)}
    if len(hidden) == 1:
        others = sorted((n, i) for i, n in enumerate(counts) if i not in hidden and n > 0)
        if others:
            hidden.add(others[0][1])
    return hidden
