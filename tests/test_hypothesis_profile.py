import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_ci_profile_caps_examples_and_the_dev_profile_does_not():
    code = "import tests.hypo as h; print(h.PROFILE, h.examples(200), h.settings.default.max_examples)"
    said = {}
    for env in ({"CI": "true"}, {"CI": ""}):
        said[env["CI"]] = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                                         env={"PATH": "/usr/bin:/bin", **env}).stdout.split()
    assert said["true"] == ["ci", "30", "30"]
    assert said[""][:2] == ["dev", "200"]
