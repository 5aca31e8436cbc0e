import numpy as np
import pytest

from selfdirect.allocation import ras


def table(**changes):
    base = {"key": "t", "title": "T", "effective_from": "2024-04-01", "method": "price_per_point", "price_per_point_pence": 650}
    base.update(changes)
    return ras.table_from_dict(base)


def test_points_times_the_price_per_point_gives_the_indicative_budget_explained():
    allocation = ras.allocate(22, table())
    assert allocation.weekly_pence == 14300 and allocation.annual_pence == 14300 * 52
    assert allocation.lines[0]["label"] == "22 points × £6.50 a point"


def test_a_contingency_is_added_and_rounded_once():
    allocation = ras.allocate(3, table(contingency_percent=5))  # 1950 x 5% = 97.5 -> 98
    assert [line["pence"] for line in allocation.lines] == [1950, 98, 2048]


def test_bands_give_a_fixed_sum_per_band():
    banded = table(method="bands", bands=[{"from_points": 0, "to_points": 10, "weekly_pence": 5000},
                                          {"from_points": 11, "to_points": 40, "weekly_pence": 20000}])
    assert ras.allocate(10, banded).weekly_pence == 5000
    assert ras.allocate(11, banded).weekly_pence == 20000
    assert ras.allocate(99, banded).weekly_pence == 20000
    assert list(ras.allocate_many(np.array([0, 10, 11, 99]), banded)) == [5000, 5000, 20000, 20000]


def test_bands_with_a_gap_are_refused():
    with pytest.raises(ras.TableError, match="without gaps"):
        table(method="bands", bands=[{"from_points": 0, "to_points": 10, "weekly_pence": 1},
                                     {"from_points": 12, "to_points": 20, "weekly_pence": 2}])


def test_vectorised_allocation_matches_one_at_a_time():
    t = table(contingency_percent=7)
    points = np.arange(0, 200)
    assert list(ras.allocate_many(points, t)) == [ras.allocate(int(p), t).weekly_pence for p in points]


def test_what_if_counts_who_rises_and_falls_and_the_cost():
    result = ras.what_if([10, 20, 30], [6500, 14000, 22000], table(price_per_point_pence=700))
    assert (result["rise"], result["fall"], result["same"]) == (1, 1, 1)
    assert result["proposed_weekly_total_pence"] == 42000
    assert result["annual_change_pence"] == (42000 - 42500) * 52
