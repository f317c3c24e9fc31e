"""The demo's Kolada set-up (fixtures/demo/kolada.toml): Region Norrbotten's Kolada id, its
peer group and the KPIs of two measures. The values come from fetch_kolada --from-file
fixtures/kolada/demo.json."""

from __future__ import annotations

from django.core.management.base import CommandError

from demo.loading import Data, DemoLoader, Loader
from kolada.models import KoladaProfile, KpiLink

FILE = "kolada.toml"


def load(loader: Loader, doc: Data) -> None:
    for data in doc.get("profiles", []):
        scope = loader.use(data["organisation"])
        organisation = scope.organisation
        if not str(data.get("area_id", "")).isdigit():
            raise CommandError(f"{FILE}: area_id saknas för {organisation.slug!r}.")
        loader.upsert(
            KoladaProfile,
            {"organisation": organisation},
            {
                "area_id": data["area_id"],
                "peer_group_name": data["peer_group"],
                "peer_ids": list(data["peer_ids"]),
            },
        )
        for link in data.get("kpis", []):
            loader.upsert(
                KpiLink,
                {"organisation": organisation, "measure_key": link["measure"]},
                {
                    "kpi": link["kpi"],
                    "kpi_title": link.get("title", ""),
                    "lower_is_better": link.get("lower_is_better", True),
                },
            )


KOLADA_DEMO = DemoLoader(name="kolada", file=FILE, document=load)
