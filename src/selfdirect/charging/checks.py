"""System checks for charging (registered in charging/apps.py)."""

import os

from django.core import checks

# The environment variables that held the charging policy before it was stored in Selfdirect: read once, by the
# migration charging/0004, and ignored since.
IGNORED_VARIABLES = ("SELFDIRECT_NIGHT_CARE_POLICY", "SELFDIRECT_CONTRIBUTION_POLICY")


def policy_variables_ignored(app_configs=None, **kwargs):
    """A warning for each of the old policy variables still set: changing it changes nothing now."""
    return [
        checks.Warning(
            f"{name} is ignored: the council's charging policy is stored in Selfdirect (Finance > Charging policy); "
            f"it was imported once when the database was set up",
            hint="Change the policy on the Charging policy page (/finance/charging-policy/), then remove the variable",
            id="charging.W001",
        )
        for name in IGNORED_VARIABLES if os.environ.get(name)
    ]
