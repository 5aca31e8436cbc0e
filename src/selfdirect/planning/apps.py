from django.apps import AppConfig

from selfdirect.journey import guards as journey_guards

NO_SUBMITTED_PLAN = "There is no submitted plan to decide on"
UNKNOWN_KIND = ""  # an item whose kind of service cannot be told


class PlanningConfig(AppConfig):
    name = "selfdirect.planning"
    label = "planning"
    verbose_name = "Support plans and their agreement"

    def ready(self):
        # Imported here, not at the top: queries need the models, which are loaded only once the apps are ready.
        from selfdirect.market import usage as market_usage
        from selfdirect.people import access as people_access

        from . import directory, queries
        from .models import PlanItem, SupportPlan

        def people_by_organisation(organisation_ids) -> dict[int, set[int]]:
            """For the market directory (market.usage): by organisation, the people who used it through their plan,
            that is, a plan of theirs that was approved (in force now, or replaced since) has an item it delivers."""
            found: dict[int, set[int]] = {}
            for organisation_id, person_id in PlanItem.objects.filter(
                organisation_id__in=organisation_ids, plan__approved_at__isnull=False,
                plan__status__in=[SupportPlan.Status.APPROVED, SupportPlan.Status.SUPERSEDED],
            ).values_list("organisation_id", "plan__case__person_id").distinct():
                found.setdefault(organisation_id, set()).add(person_id)
            return found

        def kinds_by_organisation(organisation_ids) -> dict[int, dict[int, set[str]]]:
            """For the market directory (market.usage): by organisation and person, the kinds of service (the
            directory's codes, read from the words of each approved item, planning.directory.terms_in_words) they
            used from it through their plan; an item whose words name no kind counts for any of its provider's
            services (who supplies it is too broad a guess: "Support" from a provider could be any of three kinds)."""
            found: dict[int, dict[int, set[str]]] = {}
            for organisation_id, person_id, description in PlanItem.objects.filter(
                organisation_id__in=organisation_ids, plan__approved_at__isnull=False,
                plan__status__in=[SupportPlan.Status.APPROVED, SupportPlan.Status.SUPERSEDED],
            ).values_list("organisation_id", "plan__case__person_id", "description").distinct():
                kinds = found.setdefault(organisation_id, {}).setdefault(person_id, set())
                codes = directory.terms_in_words(description)
                if codes:
                    kinds.update(codes)
                else:  # one item of a kind that cannot be told: any of the provider's services (usage.fits)
                    kinds.add(UNKNOWN_KIND)
            return {o: {p: (set() if UNKNOWN_KIND in k else k) for p, k in people.items()} for o, people in found.items()}

        def decision(case) -> list[str]:
            """A plan is approved or returned only once one is submitted."""
            return [] if queries.submitted_plan_for(case) is not None else [NO_SUBMITTED_PLAN]

        journey_guards.register("submit_plan", queries.problems_before_submitting)
        journey_guards.register("return_plan", decision)
        journey_guards.register("approve_plan", decision)
        journey_guards.register("start_support", queries.problems_before_starting)
        people_access.register_provider_reach(queries.person_ids_supported_by)
        market_usage.register_usage(people_by_organisation, kinds_by_organisation)
