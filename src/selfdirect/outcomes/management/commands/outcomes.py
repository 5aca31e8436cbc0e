from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import timezone

from selfdirect.accounts.command_options import actor_option
from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.outcomes import access, actions, schedule

NEEDS = "a social worker, team manager or administrator"


class Command(BaseCommand):
    help = ("Reviews and outcomes: the reviews due (outcomes.schedule), late ones first; the email about the people "
            "staff helped (outcomes.helped).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("reviews-due", help="Print every review due in the actor's teams (an administrator's: "
                                                 "every team), late ones first, with the count late of each kind")
        due.add_argument("--late", action="store_true", help="only the late reviews")
        due.add_argument("--team", default="", metavar="NAME", help="only this team (by its name)")
        due.add_argument("--actor", default="admin", help="the sign-in the command acts as (default: admin)")
        digest = sub.add_parser("send-digest", help="Email each member of staff who asked for it about the people they "
                                                    "helped whose reviews are new since the last email (how many "
                                                    "people, and a link; never a name); run it daily")
        digest.add_argument("--base-url", default="http://127.0.0.1:8000/", help="Address the emailed link starts with")
        digest.add_argument("--actor", default="admin", help="the sign-in the command acts as, an administrator "
                                                             "(default: admin)")

    def handle(self, *args, action, **options):
        getattr(self, "handle_" + action.replace("-", "_"))(**options)

    def handle_send_digest(self, *, base_url, actor, **_):
        who = actor_option(actor, permissions.is_administrator, needs="an administrator")
        sent = actions.send_digests(timezone.now(), base_url=base_url, actor=who, channel="cli")
        self.stdout.write(f"Sent {sent} email{'' if sent == 1 else 's'} about the people staff helped.")

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
