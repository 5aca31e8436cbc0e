"""A council's charging policy: the choices the Care Act leaves to the council. Django-free.

The Care and Support (Charging and Assessment of Resources) Regulations 2014 and the Care and Support Statutory Guidance
(chapter 8 and Annex C) set what a council must do; inside those rules a council decides, and publishes, how it
charges. The product keeps those decisions as a dated, versioned policy (charging.models.ChargingPolicyVersion); the
command line reads an optional `policy` object instead, else SHIPPED_DEFAULT.

- mig_uplift_weekly_pence: a local Minimum Income Guarantee above the statutory one, as an amount added each week.
  The MIG is a floor: the statutory guidance (chapter 8) lets a council leave people more.
- standard_dre_weekly_pence: a standard disability-related expenditure allowance, offered without itemising; a person
  may still have their costs itemised instead (Annex C, paras 39-43). None: no standard allowance.
- minimum_weekly_charge_pence: a charge below this is not collected (it would cost more to collect than it raises).
- maximum_weekly_charge_pence: no one pays more than this a week. None: no maximum.
- charge_carers_support: whether support arranged for a carer in their own right is charged (Care Act 2014 s.14 lets a
  council charge for meeting a carer's needs; the statutory guidance, chapter 8, asks it to consider whether to).
- night_care_disregard: 'apply' disregards the night-care part of top-rate disability benefits when no night care is
  received; 'ignore' counts it (statutory guidance, Annex C).
- direct_payment_contribution: 'net' pays direct payments net of the person's contribution; 'gross' pays them in full
  and invoices the contribution (statutory guidance, chapter 12, direct payments).
- short_stay_charging: how a short-term resident (a care home stay expected to last 8 weeks or less) is charged:
  'care_home' under the care-home rules like any temporary resident (the Personal Expenses Allowance, the home
  disregarded), or 'community' as if the person were getting care at home (the Minimum Income Guarantee). The Care and
  Support (Charging and Assessment of Resources) Regulations 2014, reg 8, give the council this power ("Power of the
  local authority to financially assess and charge a short-term resident as if the resident is receiving care and
  support ... other than the provision of accommodation in a care home"); "short-term" is a stay of up to 8 weeks (Age
  UK factsheet 58). docs/charging.md, "Temporary and short stays"."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

NIGHT_CARE_CHOICES = ("apply", "ignore")
DIRECT_PAYMENT_CHOICES = ("net", "gross")
SHORT_STAY_CHOICES = ("care_home", "community")


class PolicyError(ValueError):
    """Bad policy input; `field` names the field (e.g. 'policy.minimum_weekly_charge_pence')."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class ChargingPolicy:
    mig_uplift_weekly_pence: int = 0
    standard_dre_weekly_pence: int | None = None
    minimum_weekly_charge_pence: int = 0
    maximum_weekly_charge_pence: int | None = None
    charge_carers_support: bool = False
    night_care_disregard: str = "apply"
    direct_payment_contribution: str = "net"
    short_stay_charging: str = "care_home"

    def as_dict(self) -> dict:
        return asdict(self)


SHIPPED_DEFAULT = ChargingPolicy()
FIELD_LABELS = {
    "mig_uplift_weekly_pence": "Amount added to the Minimum Income Guarantee each week",
    "standard_dre_weekly_pence": "Standard disability-related expenditure allowance a week",
    "minimum_weekly_charge_pence": "Minimum weekly charge",
    "maximum_weekly_charge_pence": "Maximum weekly charge",
    "charge_carers_support": "Charge for support arranged for carers",
    "night_care_disregard": "Night-care part of top-rate disability benefits",
    "direct_payment_contribution": "Direct payments paid net or gross of the contribution",
    "short_stay_charging": "How a short stay in a care home (8 weeks or less) is charged",
}


def _pence(raw, where, *, optional):
    if raw is None and optional:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise PolicyError(where, "must be a whole number of pence" + (" or null" if optional else ""))
    if raw < 0:
        raise PolicyError(where, "must not be negative")
    if raw > 1_000_000_000:
        raise PolicyError(where, "must be no more than £10,000,000.00")
    return raw


def parse_policy(raw, *, prefix: str = "policy") -> ChargingPolicy:
    """A policy from a JSON object; every key optional (the shipped default fills the rest); unknown keys refused."""
    if not isinstance(raw, dict):
        raise PolicyError(prefix, "must be a JSON object")
    known = {f.name for f in fields(ChargingPolicy)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise PolicyError(f"{prefix}.{unknown[0]}", f"is not a field of the charging policy; use {', '.join(sorted(known))}")
    values = SHIPPED_DEFAULT.as_dict()
    for name in ("mig_uplift_weekly_pence", "minimum_weekly_charge_pence"):
        if name in raw:
            values[name] = _pence(raw[name], f"{prefix}.{name}", optional=False)
    for name in ("standard_dre_weekly_pence", "maximum_weekly_charge_pence"):
        if name in raw:
            values[name] = _pence(raw[name], f"{prefix}.{name}", optional=True)
    if "charge_carers_support" in raw:
        if not isinstance(raw["charge_carers_support"], bool):
            raise PolicyError(f"{prefix}.charge_carers_support", "must be true or false")
        values["charge_carers_support"] = raw["charge_carers_support"]
    for name, choices in (("night_care_disregard", NIGHT_CARE_CHOICES),
                          ("direct_payment_contribution", DIRECT_PAYMENT_CHOICES),
                          ("short_stay_charging", SHORT_STAY_CHOICES)):
        if name in raw:
            if raw[name] not in choices:
                raise PolicyError(f"{prefix}.{name}", f"must be {' or '.join(repr(c) for c in choices)}")
            values[name] = raw[name]
    made = ChargingPolicy(**values)
    check_policy(made, prefix=prefix)
    return made


def check_policy(policy: ChargingPolicy, *, prefix: str = "policy") -> None:
    if policy.maximum_weekly_charge_pence is not None and policy.maximum_weekly_charge_pence < policy.minimum_weekly_charge_pence:
        raise PolicyError(f"{prefix}.maximum_weekly_charge_pence", "must not be below the minimum weekly charge")
