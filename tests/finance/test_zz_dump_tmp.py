import pytest
from tests import factories
from finance.models import CostKind
pytestmark = pytest.mark.django_db

def test_dump():
    w = factories.entry_world("dd")
    year = w["periods"]["T1"].year
    staff = factories.cost_category(year, "personal", CostKind.STAFF, name="Personal")
    factories.finance_figure(w["a"], w["periods"]["T1"], staff, outcome="-32000000", period_budget="-33000000", outcome_previous_year="-32465224", comment="x")
    factories.follow_up_table(w["a"], w["periods"]["T1"], "Covid-19", [("Skydd", "-100000")])
    c = factories.logged_in(w["controller"])
    html = c.get(f"/styrkort/{w['a'].slug}/2021-T1/registrera/ekonomi/").content.decode()
    open("/tmp/x/page.html","w").write(html)
    r = c.post(f"/styrkort/{w['a'].slug}/2021-T1/registrera/ekonomi/kategori/{staff.pk}/", {"outcome":"abc","version":"1"}, HTTP_HX_REQUEST="true")
    open("/tmp/x/resp.html","w").write(r.content.decode())
