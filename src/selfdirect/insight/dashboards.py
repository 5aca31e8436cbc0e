"""The four dashboards: each turns the filters into tables (and charts drawn from them). Pages, downloads, the API
and drill-downs all start here, so they always show the same figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings

from selfdirect.core.disclosure import SMALL
from selfdirect.core.money import Money
from selfdirect.journey.steps import STATE_LABELS
from selfdirect.money import queries as money_queries
from selfdirect.outcomes import evaluation

from . import figures, records
from . import outcome_figures as of
from .records import Filters, Names
from .tables import Count, Table, relabelled


@dataclass
class Dashboard:
    slug: str
    title: str
    period_label: str  # what the period filter selects, e.g. "Referred"
    tables: list[Table]
    notes: list[str] = field(default_factory=list)  # plain sentences shown above the tables and on the Excel contents
    charts: list = field(default_factory=list)  # callables returning (altair chart, text alternative)
    details: list[str] = field(default_factory=list)  # free text that may identify people: never in shared files or for commissioners

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    def behind(self, link: str) -> tuple[str, list[int]] | None:
        """What a drill-down link ('table:row:column') names, and the cases behind that count in order; None if the
        link names no count (a share, a label, or figures that have changed since the link was made)."""
        key, _, place = link.partition(":")
        table = self.table(key)
        try:
            row, column = (int(n) for n in place.split(":"))
        except ValueError:
            return None
        cell = table.cell(row, column) if table else None
        if not isinstance(cell, Count):
            return None
        label = " – ".join(str(c) for c in table.rows[row] if isinstance(c, str))
        return f"{table.header[column]}: {label}", sorted(cell.cases)


def take_up(filters: Filters, *, today: datetime.date, keep_cases: bool = False) -> Dashboard:
    names = Names()
    if keep_cases:
        tables = figures.take_up_tables(records.new_budgets(filters, names), keep_cases=True)
    else:  # a page: the database counts
        tables = figures.take_up_tables_counted(records.new_budgets_counted(filters))
    target = settings.DIRECT_PAYMENT_TARGET_PERCENT
    labels = {"client_group": names.groups, "team": names.teams, "worker": names.workers}
    tables = [relabelled(table, {0: labels.get(by, {})}) for table, (by, _) in zip(tables, figures.TAKE_UP_BREAKDOWNS, strict=True)]
    months = tables[0].rows[:-1]  # the last row is them all
    notes = [f"A new personal budget is a case whose first support plan was agreed in the period; its delivery option is "
             f"how its money is managed now. The council's target: {target}% of new personal budgets include a direct "
             "payment."]

    def by_month():
        import altair as alt

        long = [{"Month": row[0], "Option": label, "New budgets": row[2 + i].value}
                for row in months for i, (_, label) in enumerate(figures.OPTIONS)]
        return (alt.Chart(alt.Data(values=long)).mark_bar().encode(
            x=alt.X("Month:O"), y=alt.Y("New budgets:Q", stack="zero"), color=alt.Color("Option:N")).properties(width=560, height=240),
            "New personal budgets per month by delivery option; the figures are in the first table below")

    def against_target():
        import altair as alt

        share = [{"Month": row[0], "Share with a direct payment (%)": row[-1].number} for row in months]
        line = alt.Chart(alt.Data(values=share)).mark_line(point=True).encode(
            x=alt.X("Month:O"), y=alt.Y("Share with a direct payment (%):Q", scale=alt.Scale(domain=[0, 100])))
        rule = alt.Chart(alt.Data(values=[{"Target": target}])).mark_rule(strokeDash=[6, 4], color="#d4351c").encode(y="Target:Q")
        return ((line + rule).properties(width=560, height=200),
                f"Share of new personal budgets with a direct payment each month, against the council's target of {target}% "
                "(dashed line); the figures are in the last column of the first table below")

    return Dashboard("take-up", "Take-up of personal budgets", "First agreed", tables, notes,
                     [by_month, against_target] if months else [])


def journey_times(filters: Filters, *, today: datetime.date, keep_cases: bool = False) -> Dashboard:
    names = Names()

    times = relabelled(figures.journey_times(records.journeys(filters, names), keep_cases=keep_cases), {0: names.teams})
    waits = relabelled(figures.waiting(records.waiting(filters, names, today=today), keep_cases=keep_cases),
                       {0: names.teams, 1: STATE_LABELS}, total_last=False)
    notes = ["Days are counted from the referral date, the date the assessment was completed, the date the first plan was "
             "agreed and the date of the first payment run. Where cases wait counts every open case now, whatever the "
             "period."]

    def chart():
        import altair as alt

        long = [{"Team": row[0], "Stage": label, "Median days": row[3 + 2 * i].number}
                for row in times.rows for i, (_, label, _, _) in enumerate(figures.STAGES) if row[3 + 2 * i].base]
        return (alt.Chart(alt.Data(values=long)).mark_bar().encode(
            x=alt.X("Median days:Q"), y=alt.Y("Stage:N", title=None), color=alt.Color("Team:N"), yOffset="Team:N"
        ).properties(width=520, height=220), "Median days for each stage by team; the figures are in the first table below")

    has_medians = any(row[3 + 2 * i].base for row in times.rows for i in range(len(figures.STAGES)))
    return Dashboard("journey-times", "Journey times", "Referred", [times, waits], notes, [chart] if has_medians else [])


def choice_offered(filters: Filters, *, today: datetime.date, keep_cases: bool = False) -> Dashboard:
    names = Names()
    labels = records.reason_labels()
    if keep_cases:
        found, offers = records.choices_and_offers(filters, names, today=today)
        per_worker = figures.offered_per_worker(found, keep_cases=True)
        reasons = figures.reasons_not_offered(found, labels, keep_cases=True)
    else:  # a page: the database counts
        counted, cases_of, everyone, offers, team_of = records.choices_counted(filters, names, today=today)
        per_worker = figures.offered_per_worker_counted(counted, team_of, cases_of, everyone)
        reasons = figures.reasons_not_offered_counted(counted, labels)
    per_worker = relabelled(per_worker, {0: names.worker_teams, 1: names.workers})
    groups = [figures.offered_less_often_table(offers, name, keep_cases=keep_cases) for name in ("Age band", "Client group", "Ethnicity")]
    people_with_a_record = sum(offer[-1] for offer in offers)
    act_on = [f"{t.header[0]} {row[0]}: offered a direct payment {row[3].shown} of the time against {row[4].shown} for "
              f"others with the same needs ({row[5].shown} points; {row[1].value} people, {row[2].value} not offered)."
              for t in groups for row in t.rows if row[-1] == "Yes"]
    notes = ["Each person counts once per option, by the latest choice record made in the period. People are compared "
             "with others in the same band of needs (how many of the ten eligibility outcomes they cannot achieve); a "
             "group is flagged when the whole of its 95% interval is below zero."]
    notes += act_on or [f"No group is reliably offered direct payments less often than others with the same needs "
                        f"({people_with_a_record} people with a choice record for direct payments)."]

    def chart():
        import altair as alt

        everyone = per_worker.rows[-1]
        values = [{"Option": label, "Share offered (%)": everyone[4 + 2 * i].number}
                  for i, (_, label) in enumerate(figures.OPTIONS) if everyone[4 + 2 * i].base]
        return (alt.Chart(alt.Data(values=values)).mark_bar().encode(
            x=alt.X("Share offered (%):Q", scale=alt.Scale(domain=[0, 100])), y=alt.Y("Option:N", title=None)
        ).properties(width=520, height=160), "Share of people offered each option; the figures are in the last row of the first table below")

    said = records.not_offered_said(filters, names)
    return Dashboard("choice-offered", "Choice offered", "Recorded", [per_worker, reasons, *groups], notes,
                     [chart] if per_worker.rows else [], details=said)


def money(filters: Filters, *, today: datetime.date, keep_cases: bool = False) -> Dashboard:
    names = Names()
    found = records.budgets(filters, names)
    surplus, recovered = money_queries.surplus_and_recovered()
    kept = records.in_scope(filters, [*surplus, *recovered])
    surplus = {c: p for c, p in surplus.items() if c in kept}
    recovered = {c: p for c, p in recovered.items() if c in kept}
    yearly = sum(b[2] for b in found) * 52
    council_spend = settings.ADULT_SOCIAL_CARE_SPEND_PENCE
    notes = [f"Plans agreed in the period and still current: {len(found)}, costing {Money(yearly).format()} a year."]
    if council_spend:
        notes.append(f"That is {figures.per_mille(yearly, council_spend) / 10:.1f}% of {Money(council_spend).format()}, the "
                     "council's total adult social care spend.")
    else:
        notes.append("The council's total adult social care spend has not been set, so personal budgets are not shown as a "
                     "share of it. Whoever runs Selfdirect for the council can set it.")
    notes.append("Surplus and recovered money are for every budget now, whatever the period.")
    table = relabelled(figures.money_table(found, keep_cases=keep_cases), {0: names.groups})

    def chart():
        import altair as alt

        long = [{"Client group": row[0], "Figure": label, "Pounds a week": row[col].number}
                for row in table.rows for col, label in ((2, "Indicative budget"), (3, "Agreed plan"))]
        return (alt.Chart(alt.Data(values=long)).mark_bar().encode(
            x=alt.X("Pounds a week:Q"), y=alt.Y("Client group:N"), color="Figure:N", yOffset="Figure:N"
        ).properties(width=520, height=260), "Average indicative budget and agreed plan by client group; the figures are in the first table below")

    return Dashboard("money", "Money", "Agreed", [table, figures.account_totals(surplus, recovered, keep_cases=keep_cases)], notes,
                     [chart] if table.rows else [])


def outcomes(filters: records.OutcomeFilters, *, today: datetime.date, keep_cases: bool = False) -> Dashboard:
    """Issue 21, "Reporting": the evaluation questionnaires' answers by domain, delivery option, client group, age band,
    ethnicity and who answered, with 95% intervals; Review Outcomes Achieved by option; the same people over time."""
    if not isinstance(filters, records.OutcomeFilters):  # the filters every dashboard takes: the defaults for the rest
        from dataclasses import asdict

        filters = records.OutcomeFilters(**asdict(filters), scale=settings.EVALUATION_SCALE)
    names = Names()
    answered = records.evaluations(filters, names)
    scale, respondent = filters.scale, filters.respondent
    chosen = of.chosen(answered, respondent=respondent, scale=scale, start=filters.start, end=filters.end,
                       voice=filters.voice)
    whose = evaluation.RESPONDENTS[respondent].lower()
    tables = [of.by_domain(chosen, keep_cases=keep_cases)]
    tables += [of.split_by(chosen, attribute, title, key, keep_cases=keep_cases) for attribute, title, key in of.BREAKDOWNS]
    over_time, followed = of.over_time(answered, respondent=respondent, scale=scale, end=filters.end, voice=filters.voice,
                                       keep_cases=keep_cases)
    tables.append(over_time)
    tables.append(of.review_outcomes_by_option(records.reviews(filters), start=filters.start, end=filters.end,
                                               keep_cases=keep_cases))
    good_words = ("“better”" if scale == evaluation.CHANGE else "“satisfied” or “very satisfied”")
    notes = []
    if respondent == evaluation.PERSON and filters.voice != "own":
        notes.append(of.other_voices_note(chosen))
    scale_words = {evaluation.CHANGE: "better, the same or worse", evaluation.SATISFACTION: "five-point satisfaction"}
    notes.append(f"These are answers to {whose}'s questionnaire on the {scale_words[scale]} scale (“{evaluation.SCALE_QUESTIONS[scale]}”), "
                 f"{of.VOICES[filters.voice].lower()}. Each person counts once, by their latest answers given in the period "
                 f"(each family carer by their own). A good answer is {good_words}; “does not apply” counts in no share. "
                 "The intervals are 95% Wilson score intervals: with few people they are wide.")
    other_scale = next(s for s in evaluation.SCALES if s != scale)
    elsewhere = of.chosen(answered, respondent=respondent, scale=other_scale, start=filters.start, end=filters.end,
                          voice=filters.voice)
    if elsewhere:
        said = of.safe_count(len(elsewhere))
        notes.append(f"{said[0].upper() + said[1:]} people answered on the {scale_words[other_scale]} scale in the period. "
                     "The two scales are never counted together: choose that scale to see them.")
    followed_words = (f"follows the {of.safe_count(followed)} people with answers" if followed else
                      "is empty: no one has answers")
    notes.append(f"The same people over time {followed_words} in two or more of the council's years (April to March) up to "
                 "the end of the period, whatever its start, each counted once a year by their latest answers in it. "
                 + of.EXPECTATIONS_NOTE)
    notes.append("Review Outcomes Achieved is the Client Level Data value worked out from a review's outcome ratings (every "
                 "outcome achieved: Fully Met; any achieved or partly achieved: Partially Met; otherwise Not Met), for each "
                 "person's latest review in the period that rated an outcome, by the delivery option of the plan reviewed.")

    def shown_in_chart(cell) -> bool:
        return cell.base >= SMALL and cell.number is not None

    def by_domain():
        import altair as alt

        values = [{"Domain": row[0], "Share good (%)": row[3].number, "From": row[4].number, "To": row[5].number}
                  for row in tables[0].rows if shown_in_chart(row[3])]
        base = alt.Chart(alt.Data(values=values))
        bars = base.mark_bar().encode(x=alt.X("Share good (%):Q", scale=alt.Scale(domain=[0, 100]),
                                              title="Share good (%), with its 95% interval"),
                                      y=alt.Y("Domain:N", title=None, sort=None))
        whiskers = base.mark_rule(color="#0b0c0c").encode(x=alt.X("From:Q", title="Share good (%), with its 95% interval"),
                                                           x2="To:Q", y=alt.Y("Domain:N", sort=None))
        return ((bars + whiskers).properties(width=520, height=24 * len(values) + 20),
                "Share of good answers for each domain of life, with its 95% interval as a line; the figures are in the "
                "first table below")

    def by_option():
        import altair as alt

        table = tables[1]
        domains = table.header[2:]
        values = [{"Delivery option": row[0], "Domain": domains[i].split(":")[0], "Share good (%)": cell.number}
                  for row in table.rows for i, cell in enumerate(row[2:]) if shown_in_chart(cell)]
        return (alt.Chart(alt.Data(values=values)).mark_bar().encode(
            x=alt.X("Share good (%):Q", scale=alt.Scale(domain=[0, 100])), y=alt.Y("Domain:N", title=None, sort=None),
            color="Delivery option:N", yOffset="Delivery option:N").properties(width=520, height=320),
            "Share of good answers for each domain by delivery option; the figures, with their intervals, are in the "
            "second table below")

    def year_by_year():
        import altair as alt

        domains = over_time.header[2:]
        values = [{"Year": row[0], "Domain": domains[i].split(":")[0], "Share good (%)": cell.number}
                  for row in over_time.rows for i, cell in enumerate(row[2:]) if shown_in_chart(cell)]
        return (alt.Chart(alt.Data(values=values)).mark_line(point=True).encode(
            x=alt.X("Year:O"), y=alt.Y("Share good (%):Q", scale=alt.Scale(domain=[0, 100])), color="Domain:N"
        ).properties(width=520, height=240),
            "The same people's share of good answers each year, domain by domain; the figures are in the table "
            "“The same people over time” below")

    charts = []
    if any(shown_in_chart(row[3]) for row in tables[0].rows):
        charts += [by_domain, by_option]
    if any(shown_in_chart(cell) for row in over_time.rows for cell in row[2:]):
        charts.append(year_by_year)
    if charts:
        notes.append("The charts leave out any share worked out from fewer than 5 people; the tables below them give "
                     "every figure.")
    return Dashboard("outcomes", "Outcomes", "Answered", tables, notes, charts)


TITLES = {"take-up": "Take-up of personal budgets", "journey-times": "Journey times", "choice-offered": "Choice offered",
          "money": "Money", "outcomes": "Outcomes"}
DASHBOARDS = {"take-up": take_up, "journey-times": journey_times, "choice-offered": choice_offered, "money": money,
              "outcomes": outcomes}


def work_out(slug: str, filters: Filters, *, today: datetime.date, keep_cases: bool = False) -> Dashboard:
    """A dashboard for these filters. Working one out makes hundreds of thousands of small tuples and lists and no
    cycles, so Python's cycle collector is paused meanwhile (it would otherwise sweep them again and again)."""
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        return DASHBOARDS[slug](filters, today=today, keep_cases=keep_cases)
    finally:
        if paused:
            gc.enable()
