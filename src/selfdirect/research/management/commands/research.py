"""`selfdirect research ...`: research projects from the command line, by the same actions and rules as the pages."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import timezone

from selfdirect.accounts.models import User
from selfdirect.accounts.queries import held_roles
from selfdirect.core.command_options import date_option
from selfdirect.core.words import counted
from selfdirect.people import codes
from selfdirect.research import access, actions, queries


class Command(BaseCommand):
    help = ("Research projects: make one and name its lead researcher, add the people who agreed to research, list "
            "them, make a project's k-anonymous release and write it to a CSV file, list its releases and write one "
            "again.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make a research project (an administrator)")
        create.add_argument("--name", required=True)
        create.add_argument("--lead", required=True, help="Sign-in name of the lead researcher")
        create.add_argument("--approval-reference", required=True,
                            help="The ethics (REC) or council research governance approval")
        create.add_argument("--starts", required=True, help="First day, like 2026-12-01")
        create.add_argument("--ends", required=True, help="Last day, like 2027-11-30")
        create.add_argument("--actor", required=True, help="Sign-in name of the administrator making it")
        add = sub.add_parser("add-people", help="Add everyone who agreed to research and is not yet in the project")
        add.add_argument("project", type=int, help="The project's number (from `selfdirect research list`)")
        add.add_argument("--group", default="", help="Only this client group's code, e.g. older_people")
        add.add_argument("--actor", required=True, help="Sign-in name of the administrator")
        listing = sub.add_parser("list", help="The projects the actor reaches")
        listing.add_argument("--actor", required=True, help="Sign-in name of an administrator or researcher")
        extract = sub.add_parser("extract", help="Make the project's next release, frozen under identifiers new to it, "
                                                 "and write it to a CSV file (its lead or an administrator)")
        extract.add_argument("project", type=int)
        extract.add_argument("--actor", required=True, help="Sign-in name of the lead researcher or an administrator")
        extract.add_argument("--out", required=True, help="FILE.csv")
        releases = sub.add_parser("releases", help="The project's releases (its lead or an administrator)")
        releases.add_argument("project", type=int)
        releases.add_argument("--actor", required=True, help="Sign-in name of the lead researcher or an administrator")
        read = sub.add_parser("read", help="Write a release already made to a CSV file: the same rows as when it was "
                                           "made, less people who have since withdrawn")
        read.add_argument("project", type=int)
        read.add_argument("number", type=int, help="The release's number in the project (from `releases`)")
        read.add_argument("--actor", required=True, help="Sign-in name of the lead researcher or an administrator")
        read.add_argument("--out", required=True, help="FILE.csv")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "handle_" + action.replace("-", "_"))(**options)
        except actions.ResearchError as problem:
            names = {"starts_on": "starts", "ends_on": "ends"}  # the options' names for the actions' fields
            flag = f"--{names.get(problem.field, problem.field).replace('_', '-')}: " if problem.field else ""
            raise CommandError(f"{flag}{problem}", returncode=2) from None

    def _actor(self, username, *, manage=False):
        """The sign-in, acting in the role the command needs: an administrator's, or else a researcher's."""
        user = User.objects.filter(username=username, is_active=True).first()
        wanted = [access.may_manage_research] if manage else [access.may_manage_research, access.may_read_research]
        for held in held_roles(user) if user else []:
            user.role = held.role
            if any(rule(user) for rule in wanted):
                return user
        raise CommandError(f"--actor: {username} is not an active {'administrator' if manage else 'administrator or researcher'}",
                           returncode=2)

    def _project(self, actor, pk):
        try:
            return access.project_for(actor, pk)
        except Http404:
            raise CommandError(f"project: there is no project {pk} that {actor.username} reaches", returncode=2) from None

    def handle_create(self, *, name, lead, approval_reference, starts, ends, actor, **_):
        who = self._actor(actor, manage=True)
        chosen = queries.researchers().filter(username=lead).first()
        if chosen is None:
            raise CommandError(f"--lead: {lead} is not an active researcher's sign-in", returncode=2)
        made = actions.create_project(actor=who, name=name, lead=chosen, approval_reference=approval_reference,
                                      starts_on=date_option(starts, "--starts"), ends_on=date_option(ends, "--ends"),
                                      channel="cli")
        self.stdout.write(f"Made research project {made.pk}, {made.name}, led by {chosen.username}.")

    def handle_add_people(self, *, project, group, actor, **_):
        who = self._actor(actor, manage=True)
        if group and not codes.is_valid("client_group", group):
            raise CommandError(f"--group: {group!r} is not a client group code", returncode=2)
        got = self._project(who, project)
        added = actions.add_consenting_people(got.record, actor=who, client_group=group, channel="cli")
        self.stdout.write(f"Added {counted(added, 'person', 'people')} to {got.record.name}.")

    def handle_list(self, *, actor, **_):
        who = self._actor(actor)
        for p in access.projects_for(who):
            self.stdout.write(f"{p.pk}\t{p.name}\tlead {p.lead.username}\tapproval {p.approval_reference}\t"
                              f"{p.starts_on} to {p.ends_on}\t{counted(p.consenting, 'person', 'people')} agreeing")

    def _lead(self, actor, project):
        who = self._actor(actor)
        got = self._project(who, project)
        if not got.may_extract:
            raise CommandError(f"--actor: {actor} may not make or read this project's releases", returncode=2)
        return who, got

    @staticmethod
    def _out(out) -> Path:
        target = Path(out)
        if target.suffix != ".csv":
            raise CommandError("--out must end .csv", returncode=2)
        return target

    @staticmethod
    def _write(target: Path, text: str) -> None:
        partial = target.with_name(target.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)

    def handle_extract(self, *, project, actor, out, **_):
        who, got = self._lead(actor, project)
        target = self._out(out)
        try:
            made = actions.make_release(got.record, actor=who, today=timezone.localdate(), channel="cli")
        except actions.ResearchError as problem:
            raise CommandError(f"No release: {problem}", returncode=2) from None
        read = queries.read_release(access.release_for(who, made.pk).record)
        self._write(target, queries.release_csv(read))
        self.stdout.write(f"Made release {made.number} of {got.record.name} and wrote it to {out}: "
                          f"{counted(len(read.rows), 'person', 'people')}, "
                          f"{counted(made.suppressed_cells, 'cell')} suppressed.")

    def handle_releases(self, *, project, actor, **_):
        _, got = self._lead(actor, project)
        for r in queries.releases_of(got.record):
            self.stdout.write(f"{r.number}\tmade on {r.made_on}\tby {r.made_by.username}\t"
                              f"{counted(r.rows_given, 'row')}\t{counted(r.suppressed_cells, 'cell')} suppressed")

    def handle_read(self, *, project, number, actor, out, **_):
        who, got = self._lead(actor, project)
        target = self._out(out)
        found = next((r for r in queries.releases_of(got.record) if r.number == number), None)
        if found is None:
            raise CommandError(f"number: {got.record.name} has no release {number}", returncode=2)
        read = queries.read_release(access.release_for(who, found.pk).record)
        self._write(target, queries.release_csv(read))
        actions.record_release_read(read, actor=who, how=f"written to {target.name}", channel="cli")
        self.stdout.write(f"Wrote release {number} of {got.record.name} to {out}: "
                          f"{counted(len(read.rows), 'person', 'people')}.")
