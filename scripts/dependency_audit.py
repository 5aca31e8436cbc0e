"""Checks the locked Python dependencies (requirements.lock) against the package registry's security advisories.

Run by `make audit-dependencies` and by `.ci/run` after the tests. It runs pip-audit over the lock (hashes required,
no resolver) and reads its JSON:
- an advisory for a locked version fails the check, unless `dependency-advisories.toml` accepts it with a reason and
  an expiry date that has not passed (an expired acceptance fails the check, naming it);
- when the advisory service cannot be reached (this machine reaches the registry's packages but not always its
  vulnerability service), nothing could be audited: the check says so plainly and does not fail the build.
Exit codes: 0 clean (or not reachable), 1 advisories to act on, 2 the acceptance list is malformed."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
ACCEPTED = ROOT / "dependency-advisories.toml"


class Malformed(ValueError):
    """The acceptance list cannot be read; str() names the entry and field."""


@dataclass(frozen=True)
class Acceptance:
    id: str
    package: str
    reason: str
    expires: datetime.date


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    id: str
    aliases: tuple[str, ...]
    fix_versions: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    lines: list[str]


def read_acceptances(text: str) -> list[Acceptance]:
    """`[[advisory]]` tables with id, package, reason and expires (a date)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise Malformed(f"dependency-advisories.toml is not valid TOML: {problem}") from None
    found = []
    for number, entry in enumerate(data.get("advisory", []), start=1):
        for name in ("id", "package", "reason", "expires"):
            if not entry.get(name):
                raise Malformed(f"dependency-advisories.toml, advisory {number}: enter its {name}")
        if not isinstance(entry["expires"], datetime.date):
            raise Malformed(f"dependency-advisories.toml, advisory {number}: expires must be a date, like 2027-03-31")
        found.append(Acceptance(id=str(entry["id"]), package=str(entry["package"]).lower(),
                                reason=str(entry["reason"]), expires=entry["expires"]))
    return found


def findings_from(report: dict) -> tuple[list[Finding], int, int]:
    """pip-audit's JSON: (advisories, dependencies audited, dependencies skipped)."""
    findings, audited, skipped = [], 0, 0
    for dependency in report.get("dependencies", []):
        if dependency.get("skip_reason"):
            skipped += 1
            continue
        audited += 1
        for vuln in dependency.get("vulns", []):
            findings.append(Finding(package=dependency["name"].lower(), version=dependency.get("version", ""),
                                    id=vuln["id"], aliases=tuple(vuln.get("aliases", [])),
                                    fix_versions=tuple(vuln.get("fix_versions", []))))
    return findings, audited, skipped


def judge(report: dict, acceptances: list[Acceptance], *, today: datetime.date) -> Verdict:
    findings, audited, skipped = findings_from(report)
    if audited == 0:
        return Verdict(0, [f"Dependency advisories: the advisory service could not be reached, so none of the "
                           f"{skipped} locked packages was checked. Not failing the build; run "
                           f"`make audit-dependencies` where the service can be reached."])
    lines, failed = [], False
    if skipped:
        lines.append(f"Dependency advisories: {skipped} locked packages could not be checked.")
    for finding in findings:
        names = {finding.id, *finding.aliases}
        accepted = next((a for a in acceptances if a.id in names and a.package == finding.package), None)
        fix = f"; fixed in {', '.join(finding.fix_versions)}" if finding.fix_versions else "; no fixed version yet"
        where = f"{finding.package} {finding.version}: {finding.id}{fix}"
        if accepted is None:
            failed = True
            lines.append(f"Advisory not accepted: {where}. Upgrade it (make lock) or accept it in "
                         f"dependency-advisories.toml with a reason and an expiry date.")
        elif accepted.expires < today:
            failed = True
            lines.append(f"Acceptance expired on {accepted.expires.isoformat()}: {where}. Review it again.")
        else:
            lines.append(f"Accepted until {accepted.expires.isoformat()}: {where} ({accepted.reason})")
    stale = [a for a in acceptances if not any(a.id in {f.id, *f.aliases} for f in findings)]
    for acceptance in stale:
        lines.append(f"No longer needed: the acceptance of {acceptance.id} ({acceptance.package}); remove it.")
    lines.append(f"Dependency advisories: {audited} locked packages checked, {len(findings)} advisories"
                 + (", some to act on." if failed else ", none to act on."))
    return Verdict(1 if failed else 0, lines)


def run_pip_audit(lock: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--requirement", str(lock), "--require-hashes", "--disable-pip",
         "--progress-spinner", "off", "--format", "json"],
        capture_output=True, text=True, timeout=600, check=False)
    try:
        return json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        # pip-audit could not talk to the service at all (it prints its error, not JSON): nothing was audited.
        sys.stderr.write(done.stderr[-2000:])
        return {"dependencies": []}


def main() -> int:
    try:
        acceptances = read_acceptances(ACCEPTED.read_text(encoding="utf-8") if ACCEPTED.exists() else "")
    except Malformed as problem:
        print(problem)
        return 2
    verdict = judge(run_pip_audit(LOCK), acceptances, today=datetime.date.today())
    print("\n".join(verdict.lines))
    return verdict.exit_code


if __name__ == "__main__":
    sys.exit(main())
