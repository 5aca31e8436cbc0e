"""The council's charging policy, imported once from the environment.

Before the policy was stored in Selfdirect, two environment variables held the two choices it then knew:
SELFDIRECT_NIGHT_CARE_POLICY (apply or ignore) and SELFDIRECT_CONTRIBUTION_POLICY (net or gross). When the database
has no version of the policy yet, this writes the first, in force from 1 April 2015 (when the Care Act 2014's charging
rules began), with what those variables said, or the shipped defaults where they are not set. After this the variables
are ignored (charging.checks warns while either is still set) and the policy is changed on the Charging policy page.

A migration imports no app code, so the two choices are checked here as charging.policy checks them."""

import datetime
import os

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations

# The Care Act 2014 (Commencement No. 4) Order 2015 (SI 2015/993), article 2: "1st April 2015 is the day appointed for
# the coming into force of ... section 14(1) and (3) to (8) (power of local authority to charge); ... section 17
# (assessment of financial resources)" (https://www.legislation.gov.uk/uksi/2015/993/made).
CARE_ACT_CHARGING_STARTS = datetime.date(2015, 4, 1)
VARIABLES = {
    # variable: (field, choices, default)
    "SELFDIRECT_NIGHT_CARE_POLICY": ("night_care_disregard", ("apply", "ignore"), "apply"),
    "SELFDIRECT_CONTRIBUTION_POLICY": ("direct_payment_contribution", ("net", "gross"), "net"),
}


def import_from_environment(apps, schema_editor):
    Version = apps.get_model("charging", "ChargingPolicyVersion")
    using = schema_editor.connection.alias if schema_editor is not None else "default"
    if Version.objects.using(using).exists():
        return
    values, read, defaulted = {}, [], []
    for variable, (field, choices, default) in VARIABLES.items():
        given = (os.environ.get(variable) or "").strip()
        if given and given not in choices:
            raise ImproperlyConfigured(f"{variable} must be {' or '.join(choices)}, not {given!r}")
        values[field] = given or default
        (read if given else defaulted).append(f"{variable}={given}" if given else variable)
    if read:
        reason = ("Imported from the environment when the database was set up: " + ", ".join(read)
                  + (f" ({' and '.join(defaulted)} not set: the shipped default)" if defaulted else "")
                  + ". The other choices are the shipped defaults.")
    else:
        reason = ("The shipped defaults, set when the database was set up (SELFDIRECT_NIGHT_CARE_POLICY and "
                  "SELFDIRECT_CONTRIBUTION_POLICY were not set).")
    Version.objects.using(using).create(effective_from=CARE_ACT_CHARGING_STARTS, reason=reason,
                                        imported_from_environment=bool(read), **values)


class Migration(migrations.Migration):

    dependencies = [
        ("charging", "0003_policy_and_reconsideration"),
    ]

    operations = [
        migrations.RunPython(import_from_environment, migrations.RunPython.noop),
    ]
