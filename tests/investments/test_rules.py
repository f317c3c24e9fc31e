"""Investment roll-ups with the figures of seed 000 (årsrapport 2019), in mnkr."""

from __future__ import annotations

from decimal import Decimal as D

from investments.rules import Figures, roll_up

CATEGORIES = [
    (1, None, "IT"),
    (2, 1, "Datacenter (nät och server)"),
    (3, 1, "Skrivare"),
    (4, 1, "Telefoni"),
    (5, 1, "Video"),
    (6, None, "Tyst vårdmiljö"),
    (7, None, "MT"),
    (8, 7, "Närsjukvården"),
    (9, 7, "Länssjukvården"),
]
FIGURES = {
    1: Figures(frame=D("27")),
    2: Figures(earlier=D("3.6"), current=D("8.1")),
    3: Figures(earlier=D("0.2"), current=D("1.2")),
    4: Figures(earlier=D("0"), current=D("0.2")),
    5: Figures(earlier=D("1.4"), current=D("0")),
    6: Figures(earlier=D("1.5"), current=D("0")),
    7: Figures(frame=D("55")),
    8: Figures(earlier=D("10.4"), current=D("4.8")),
    9: Figures(earlier=D("34.5"), current=D("4.6")),
}


def rows_by_name() -> dict[str, Figures]:
    return {r.name: r.figures for r in roll_up(CATEGORIES, FIGURES, total_label="Totalt")}


def test_parent_is_sum_of_children() -> None:
    it = rows_by_name()["IT"]
    assert (it.frame, it.earlier, it.current, it.total) == (D(27), D("5.2"), D("9.5"), D("14.7"))
    mt = rows_by_name()["MT"]
    assert (mt.frame, mt.earlier, mt.current, mt.total) == (D(55), D("44.9"), D("9.4"), D("54.3"))


def test_total_is_sum_of_top_level() -> None:
    total = rows_by_name()["Totalt"]
    assert (total.frame, total.earlier, total.current, total.total) == (
        D(82),
        D("51.6"),
        D("18.9"),
        D("70.5"),
    )


def test_rows_come_in_display_order_with_total_last() -> None:
    rows = roll_up(CATEGORIES, FIGURES, total_label="Totalt")
    assert [r.name for r in rows][:3] == ["IT", "Datacenter (nät och server)", "Skrivare"]
    assert [r.level for r in rows][:2] == [0, 1]
    assert rows[-1].name == "Totalt"


def test_parent_keeps_own_figure_when_children_have_none() -> None:
    # Seed 001 gives only MT totals for T1 2019: 22,5 before the year, 1,3 for it.
    rows = {
        r.name: r.figures
        for r in roll_up(
            CATEGORIES, {7: Figures(earlier=D("22.5"), current=D("1.3"))}, total_label="Totalt"
        )
    }
    assert rows["MT"].total == D("23.8")
    assert rows["Totalt"].total == D("23.8")
    assert rows["IT"].total is None
