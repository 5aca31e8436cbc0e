"""Uprating as a job on the task worker (core.jobs): working every current financial assessment out again with a new
year's rates takes minutes for a large council, so the page (/finance/uprating/) hands it over and shows how many
people have been done. Registered by charging's AppConfig.ready. `selfdirect charging uprate` does the same work in
its own process."""

import datetime

from django.urls import reverse

from selfdirect.accounts.models import User
from selfdirect.core import jobs
from selfdirect.core.money import Money
from selfdirect.core.words import counted

from . import actions

ALREADY = "already assessed at this date"  # actions.uprate's message for a person it left alone


def summary_of(rows, *, as_of: datetime.date, dry_run: bool) -> tuple[str, list[list]]:
    """What an uprating did (or would do), in a sentence, and the rows of its table: [person id, old pence, new pence
    or None, why not reassessed] for each contribution that changes or could not be worked out."""
    rises = falls = same = refused = already = total = 0
    table = []
    for person, old, new, message in rows:
        if new is None:
            refused += 1
            table.append([person.pk, old, None, message])
        elif message == ALREADY:
            already += 1
        elif new == old:
            same += 1
        else:
            rises, falls = (rises + 1, falls) if new > old else (rises, falls + 1)
            total += new - old
            table.append([person.pk, old, new, ""])
    would = "would " if dry_run else ""
    text = (f"{'Checked' if dry_run else 'Uprated'} as of {as_of:%-d %B %Y}: "
            f"{counted(rises + falls + same, 'person', 'people')} {'would be ' if dry_run else ''}reassessed; "
            f"{counted(rises, 'contribution')} {would}{'rise' if dry_run else 'rose'}, {falls} {would}"
            f"{'fall' if dry_run else 'fell'}, {same} {'would stay' if dry_run else 'stayed'} the same, "
            f"{Money(total).format()} a week {'would change' if dry_run else 'changed'} in total")
    if refused:
        text += f"; {counted(refused, 'person', 'people')} could not be reassessed"
    if already:
        text += f"; {counted(already, 'person', 'people')} already assessed at this date, left alone"
    return text + ".", table


@jobs.register("charging.uprate")
def uprate(params: dict, *, say) -> dict:
    as_of, dry_run = datetime.date.fromisoformat(params["as_of"]), bool(params["dry_run"])
    say("Checking each person's assessment" if dry_run else "Working out each person's contribution again")
    rows = actions.uprate(as_of=as_of, actor=User.objects.get(pk=params["actor"]), dry_run=dry_run, progress=say,
                          channel="web")
    text, table = summary_of(rows, as_of=as_of, dry_run=dry_run)
    return {"summary": text, "url": reverse("charging:uprating-result", args=[params["job"]]),
            "link_text": "See each change" if table else "See the uprating", "rows": table,
            "as_of": params["as_of"], "dry_run": dry_run}
