"""Live figures: a text names a computed figure and the report prints its current value
(reports.live), and the summary prints each generated key figure once."""

from __future__ import annotations

from decimal import Decimal
from html import unescape
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from finance.models import FinanceFigure
from reports.builder import report_data, report_html, unit_period_live_figures
from reports.live import fill, live_name, normalise, unknown_names
from reports.models import NarrativeSection, SectionKind
from reports.report_sections import Summary, place_key_points
from reports.review import review
from reports.sections import KeyPoints
from scorecards.models import UnitPeriod

# ------------------------------------------------------------------------ pure rules


def test_names_are_lower_case_with_underscores_and_typed_names_are_normalised() -> None:
    assert live_name("nettokostnad", "Övriga kostnader", "procent") == (
        "nettokostnad.övriga_kostnader.procent"
    )
    assert live_name("styrmått", "major-incidents", "utfall") == "styrmått.major_incidents.utfall"
    assert normalise(" Styrmått.Major-Incidents.Utfall ") == "styrmått.major_incidents.utfall"


def test_fill_replaces_known_names_and_marks_unknown_ones_visibly() -> None:
    figures = {"resultat": "−4,8\u00a0mnkr"}
    filled = fill("Resultat [[Resultat]], prognos [[årsprognos]]. [länk](x) [[", figures)
    assert filled == "Resultat −4,8\u00a0mnkr, prognos [[okänt: årsprognos]]. [länk](x) [["
    assert unknown_names(filled) == ["årsprognos"]
    assert fill(filled, figures) == filled  # a filled text is left as it is


def _summary(text: str, *titles: str) -> list[tuple[str, str]]:
    groups = [KeyPoints(title, [f"{title} punkt"]) for title in titles]
    parts = place_key_points(Summary(text=text, outlook=""), groups).parts
    return [("points", p.points.title) if p.points else ("text", p.text) for p in parts]


def test_a_typed_block_headed_like_a_key_point_group_gives_way_to_it() -> None:
    text = (
        "Inledning.\n\n### Ekonomiskt resultat\n\n- Utfall +1,5 mnkr\n- Årsprognos +8\n\n"
        "### måluppfyllelse I styrkort\n\nMerparten nås.\n\n"
        "### Väsentliga personalförhållanden\n\n- 131 anställda"
    )
    assert _summary(text, "Ekonomiskt resultat", "Väsentliga personalförhållanden") == [
        ("text", "Inledning."),
        ("points", "Ekonomiskt resultat"),
        ("text", "### måluppfyllelse I styrkort\n\nMerparten nås."),
        ("points", "Väsentliga personalförhållanden"),
    ]


def test_a_block_ends_at_a_heading_of_the_same_or_higher_level_only() -> None:
    text = "## Ekonomiskt resultat\n\n### Detalj\n\nText.\n\n## Annat\n\nSlut."
    assert _summary(text, "Ekonomiskt resultat") == [
        ("points", "Ekonomiskt resultat"),
        ("text", "## Annat\n\nSlut."),
    ]


def test_groups_the_text_does_not_head_come_after_it_and_a_plain_text_is_kept() -> None:
    assert _summary("Ekonomiskt resultat nämns bara i löptext.", "Ekonomiskt resultat") == [
        ("text", "Ekonomiskt resultat nämns bara i löptext."),
        ("points", "Ekonomiskt resultat"),
    ]
    assert _summary("", "Ekonomiskt resultat") == [("points", "Ekonomiskt resultat")]


# ------------------------------------------------------------------- on the demo data

demo = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]


def unit_period(key: str) -> UnitPeriod:
    return UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug="lansteknik", period__key=key
    )


def set_text(up: UnitPeriod, kind: str, body: str) -> None:
    NarrativeSection.objects.update_or_create(
        unit=up.unit, period=up.period, kind=kind, perspective=None, defaults={"body": body}
    )


def printed(up: UnitPeriod) -> str:
    """The report's HTML with entities resolved (Markdown writes a no-break space as &nbsp;)."""
    return unescape(report_html(report_data(unit_period=up, with_figures=False), for_pdf=False))


def summary_html(up: UnitPeriod) -> str:
    html = printed(up)
    start = html.index('id="s-summary"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_module")
def test_the_report_prints_the_current_value_and_follows_a_changed_figure() -> None:
    up = unit_period("2021-T1")
    set_text(
        up,
        SectionKind.RESULT,
        "Utfallet är [[resultat]] och prognosen [[Årsprognos]]; övriga kostnader "
        "[[nettokostnad.övriga_kostnader.procent]] mot i fjol.",
    )
    html = printed(up)
    assert "Utfallet är +1,5\u00a0mnkr och prognosen +8,0\u00a0mnkr" in html
    assert "övriga kostnader −3,00\u00a0% mot i fjol" in html
    assert "[[" not in html
    staff = FinanceFigure.objects.get(
        unit=up.unit, period=up.period, category__slug="personalkostnader"
    )
    staff.outcome = Decimal("-27600000")  # 0,3 mnkr more staff cost
    staff.save()
    html = printed(up)
    assert "Utfallet är +1,2\u00a0mnkr" in html


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_module")
def test_measure_outcomes_and_staff_figures_can_be_named() -> None:
    figures = unit_period_live_figures(unit_period("2019"))
    assert figures["styrmått.major_incidents.utfall"] == "16\u00a0st"
    assert figures["styrmått.major_incidents.måluppfyllelse"] == "Ej uppnått"
    assert figures["resultat"] == "−4,8\u00a0mnkr"
    assert figures["nettokostnad.totalt.procent"] == "+9,03\u00a0%"
    assert figures["investeringar.it.utfall"] == "14,7\u00a0mnkr"
    t1 = unit_period_live_figures(unit_period("2021-T1"))
    assert t1["personal.antal_anställda"] == "131"
    assert t1["personal.antal_anställda.sedan_december"] == "−6"
    assert t1["personal.sjukfrånvaro.förändring"] == "−1,00\u00a0procentenheter"


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_module")
def test_an_unknown_name_is_printed_visibly_and_listed_by_granskning() -> None:
    up = unit_period("2021-T1")
    set_text(up, SectionKind.OUTLOOK, "Vi väntar oss [[resultat_2022]] nästa år.")
    data = report_data(unit_period=up, with_figures=False)
    assert "Vi väntar oss [[okänt: resultat_2022]] nästa år." in unescape(
        report_html(data, for_pdf=False)
    )
    findings = [f for f in review(data) if "resultat_2022" in f.message]
    assert [f.where for f in findings] == ["Sammanfattning"]
    out = StringIO()
    call_command(
        "build_report", "--check", "--unit", "lansteknik", "--period", "2021-T1", stdout=out
    )
    assert "[[resultat_2022]] är inget värde som rapporten räknar fram" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_module")
def test_a_live_value_is_never_listed_as_a_number_without_a_figure() -> None:
    up = unit_period("2019")
    set_text(up, SectionKind.SUMMARY, "Nettokostnaden ökade [[nettokostnad.totalt.förändring]].")
    data = report_data(unit_period=up, with_figures=False)
    assert "Nettokostnaden ökade −17,3\u00a0mnkr." in unescape(report_html(data, for_pdf=False))
    assert not [f for f in review(data) if f.where == "Sammanfattning"]


def controller() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="controller"))
    return client


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_module")
def test_the_entry_page_lists_the_names_and_its_preview_fills_them_in() -> None:
    page = controller().get("/styrkort/lansteknik/2021-T1/registrera/texter/").content.decode()
    assert "Levande värden" in page
    assert "<code>[[resultat]]</code></th><td>+1,5\u00a0mnkr</td>" in page
    preview = controller().post(
        "/styrkort/lansteknik/2021-T1/registrera/texter/forhandsgranska/?block=t-summary",
        {"body": "Resultat [[resultat]], [[finns_inte]].", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert "Resultat +1,5\u00a0mnkr, [[okänt: finns_inte]]." in unescape(preview.content.decode())


# ------------------------------------------------------------------ printed once


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_module")
def test_t1_2021_summary_prints_each_key_figure_group_once_from_data() -> None:
    up = unit_period("2021-T1")
    html = summary_html(up)
    assert html.count("<h3>Ekonomiskt resultat</h3>") == 1
    assert html.count("<h3>Väsentliga personalförhållanden</h3>") == 1
    assert "3 mnkr bättre" not in html  # the typed bullet
    assert "3,0\u00a0mnkr bättre än periodens budget" in html  # the generated one
    # The typed block without a generated twin stays, in its place.
    assert html.index("Väsentliga personalförhållanden") < html.index("Måluppfyllelse i styrkort")
    staff = FinanceFigure.objects.get(
        unit=up.unit, period=up.period, category__slug="personalkostnader"
    )
    staff.outcome = Decimal("-27600000")
    staff.save()
    html = summary_html(up)
    assert "+1,2\u00a0mnkr, 2,7\u00a0mnkr bättre" in html and "+1,5" not in html
