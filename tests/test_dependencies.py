"""The lock and the advisories check (issue 16, "Dependencies"): requirements.lock pins, with hashes, every package
requirements.txt and requirements-dev.txt ask for, at a version they allow; scripts/dependency_audit.py fails on an
advisory nobody accepted or whose acceptance expired, and passes, saying so, when the advisories cannot be reached."""

import datetime
import importlib.util
import re
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("dependency_audit", ROOT / "scripts" / "dependency_audit.py")
audit = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = audit  # dataclasses look their module up
spec.loader.exec_module(audit)

TODAY = datetime.date(2026, 12, 6)


def _locked() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) from requirements.lock."""
    pins, current = {}, None
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if match := re.match(r"^([A-Za-z0-9_.\-]+)==([^ \\]+)", line):
            current = match.group(1).lower().replace("_", "-")
            pins[current] = (match.group(2), 0)
        elif current and "--hash=sha256:" in line:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def _asked_for() -> list[Requirement]:
    asked = []
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                asked.append(Requirement(line))
    return asked


def test_the_lock_pins_every_requirement_at_an_allowed_version_with_hashes():
    locked = _locked()
    for requirement in _asked_for():
        name = requirement.name.lower().replace("_", "-")
        assert name in locked, f"{name} is asked for but not in requirements.lock: run `make lock`"
        version, hashes = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {name}=={version}, outside {requirement.specifier}: run `make lock`")
    assert all(hashes > 0 for _, hashes in locked.values())


def test_the_makefile_installs_from_the_lock_with_hashes_required():
    makefile = (ROOT / "Makefile").read_text()
    assert "--no-deps --require-hashes -r requirements.lock" in makefile
    # The lock is installed as the whole closure, resolving nothing, and then checked to fit together.
    install = makefile.split("setup: $(BIN)/.installed")[0]
    assert install.index("-r requirements.lock") < install.index("$(BIN)/pip check")
    assert "-r requirements-dev.txt\n" not in makefile.split("lock:")[0]


def _report(*dependencies):
    return {"dependencies": list(dependencies), "fixes": []}


CLEAN = {"name": "django", "version": "5.2.20", "vulns": []}
VULNERABLE = {"name": "Jinja2", "version": "3.1.6", "vulns": [
    {"id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2099-0001"], "fix_versions": ["3.1.7"], "description": "x"}]}


def test_no_advisory_service_passes_and_says_nothing_was_checked():
    verdict = audit.judge(_report({"name": "django", "skip_reason": "Dependency not found on PyPI"}), [], today=TODAY)
    assert verdict.exit_code == 0
    assert "could not be reached" in verdict.lines[0] and "none of the 1 locked packages" in verdict.lines[0]


def test_an_advisory_nobody_accepted_fails_naming_the_package_and_fix():
    verdict = audit.judge(_report(CLEAN, VULNERABLE), [], today=TODAY)
    assert verdict.exit_code == 1
    assert any("jinja2 3.1.6: GHSA-aaaa-bbbb-cccc; fixed in 3.1.7" in line for line in verdict.lines)


@pytest.mark.parametrize(("expires", "code"), [(TODAY, 0), (TODAY - datetime.timedelta(days=1), 1)])
def test_an_accepted_advisory_passes_until_its_expiry(expires, code):
    accepted = audit.Acceptance(id="CVE-2099-0001", package="jinja2", reason="Selfdirect renders no user templates",
                                expires=expires)
    verdict = audit.judge(_report(CLEAN, VULNERABLE), [accepted], today=TODAY)
    assert verdict.exit_code == code
    assert any(("Accepted until" if code == 0 else "Acceptance expired") in line for line in verdict.lines)


def test_an_acceptance_no_longer_needed_is_named():
    accepted = audit.Acceptance(id="GHSA-gone", package="django", reason="r", expires=TODAY)
    verdict = audit.judge(_report(CLEAN), [accepted], today=TODAY)
    assert verdict.exit_code == 0
    assert any("No longer needed" in line and "GHSA-gone" in line for line in verdict.lines)


def test_acceptances_read_with_every_field_named_when_missing():
    text = '[[advisory]]\nid = "GHSA-1"\npackage = "Django"\nreason = "r"\nexpires = 2027-01-31\n'
    assert audit.read_acceptances(text) == [audit.Acceptance("GHSA-1", "django", "r", datetime.date(2027, 1, 31))]
    with pytest.raises(audit.Malformed, match="advisory 1: enter its reason"):
        audit.read_acceptances('[[advisory]]\nid = "GHSA-1"\npackage = "x"\nexpires = 2027-01-31\n')
    with pytest.raises(audit.Malformed, match="expires must be a date"):
        audit.read_acceptances('[[advisory]]\nid = "G"\npackage = "x"\nreason = "r"\nexpires = "soon"\n')


def test_the_committed_acceptance_list_reads():
    audit.read_acceptances((ROOT / "dependency-advisories.toml").read_text())
