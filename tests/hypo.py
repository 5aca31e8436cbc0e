"""Hypothesis profiles: `dev` (the default) and `ci` (CI=true or HYPOTHESIS_PROFILE=ci), which caps examples so that the
suite's time stays bounded as it grows. Tests ask for examples(n): n on a developer's machine, at most the cap in CI."""

import os

from hypothesis import settings

CI_MAX_EXAMPLES = 30

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")

settings.register_profile("dev", deadline=None)
settings.register_profile("ci", max_examples=CI_MAX_EXAMPLES, deadline=None, print_blob=True)
settings.load_profile(PROFILE)


def examples(n: int) -> int:
    return min(n, CI_MAX_EXAMPLES) if PROFILE == "ci" else n
