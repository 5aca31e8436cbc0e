from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from selfdirect.accounts.command_options import actor_option
from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.outcomes import access, schedule

NEEDS = "a social worker, team manager or administrator"


class Command(BaseCommand):
    help = "Reviews and outcomes: the reviews due (outcomes.schedule), late ones first."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("reviews-due", help="Print every review due in the actor's teams (an administrator's: "
                                                 "every team), late ones first, with the count late of each kind")
        due.add_argument("--late", action="store_true", help="only the late reviews")
        due.add_argument("--team", default="", metavar="NAME", help="only this team (by its name)")
        due.add_argument("--actor", default="admin", help="the sign-in the command acts as (default: admin)")

    def handle(self, *args, action, **options):
        getattr(self, "handle_" + action.replace("-", "_"))(**options)

    def handle_reviews_due(self, *, late=False, team="", actor, **_):
        who = actor_option(actor, permissions.works_on_cases, needs=NEEDS)
        try:
            rows, teams = access.team_reviews_for(who, team_name=team, late_only=late)
        except Http404:
            raise CommandError(f"--team: no team named {team!r} that {actor!r} works in", returncode=2) from None
        audit.record_each(list(dict.fromkeys(case.person_id for case, _ in rows)), actor=who,
                          action=audit.Action.READ, what="Listed on the reviews due", channel="cli")
        for case, due in rows:
            person = case.person
            state = f"LATE by {due.days_late} days" if due.late else "due"
            self.stdout.write(f"{person.la_person_id}\t{person.full_name}\t{person.team.name}\t{due.label}\t"
                              f"{due.earliest.isoformat()} to {due.latest.isoformat()}\t{state}")
        counts = schedule.late_counts([d for _, d in rows])
        self.stdout.write(f"{len(rows)} reviews {'late' if late else 'due'} in "
                          f"{', '.join(t.name for t in teams) or 'no team'}; late: "
                          + ", ".join(f"{schedule.LABELS[k].lower()} {n}" for k, n in counts.items()))
