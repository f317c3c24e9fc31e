"""The one error contract (scorecards/errors.py): what services raise and how it is answered.

Every service raises only ``DomainError`` subclasses with a translated Swedish message;
each class carries its HTTP status and ``error_status`` reads it; ``NotAllowed`` is also
Django's ``PermissionDenied``, so a view that lets it through answers the Swedish 403
page. The services are read with ``ast`` (as tests/test_architecture.py reads imports),
so a new ``raise`` of another kind fails here.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from allocation.services import AllocationError
from reports.models import ReportBuild, ReportEdition
from scorecards.errors import (
    DomainError,
    EntryError,
    InputRefused,
    LastChange,
    NotAllowed,
    PeriodClosed,
    RolloverRefused,
    StaleVersion,
    SteeringError,
    UnknownFields,
    error_status,
    invalid_input,
    validated,
)
from scorecards.models import Organisation, Perspective, UnitPeriod
from steering import services as steering_services
from tests import factories

ROOT = Path(__file__).resolve().parent.parent.parent
SERVICES = sorted(ROOT.glob("*/services.py"))
# Words that give away an English message (the users read Swedish).
ENGLISH = {"the", "is", "not", "must", "cannot", "unknown", "invalid", "only", "may", "got"}

STATUSES: list[tuple[type[DomainError], int]] = [
    (DomainError, 422),
    (EntryError, 422),
    (PeriodClosed, 422),
    (UnknownFields, 422),
    (SteeringError, 422),
    (AllocationError, 422),
    (InputRefused, 422),
    (NotAllowed, 403),
    (StaleVersion, 409),
    (RolloverRefused, 409),
]


def _example(cls: type[DomainError]) -> DomainError:
    if cls is StaleVersion:
        return StaleVersion(Organisation(name="X"), LastChange(who="Anna", when=None))
    if cls is InputRefused:
        return InputRefused({"name": ["Fältet får inte vara tomt."]})
    return cls("Ändringen sparades inte.")


def _raises(path: Path) -> list[ast.Raise]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Raise) and node.exc]


def test_every_app_has_its_services_read() -> None:
    assert {p.parent.name for p in SERVICES} >= {"scorecards", "steering", "reports"}


@pytest.mark.parametrize(("cls", "status"), STATUSES, ids=lambda v: getattr(v, "__name__", v))
def test_error_status_is_the_status_of_the_class(cls: type[DomainError], status: int) -> None:
    error = _example(cls)
    assert isinstance(error, DomainError)
    assert cls.status == status
    assert error_status(error) == status
    assert error.message and str(error) == error.message


def test_not_allowed_is_also_djangos_permission_denied() -> None:
    error = NotAllowed("Bara en administratör kan ändra det här.")
    assert isinstance(error, PermissionDenied)
    assert isinstance(error, DomainError)
    assert not isinstance(error, EntryError)  # views that catch EntryError let it through
    assert error_status(error) == 403


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.parent.name)
def test_services_raise_only_domain_errors(path: Path) -> None:
    module = importlib.import_module(f"{path.parent.name}.services")
    for node in _raises(path):
        exc = node.exc
        assert isinstance(exc, ast.Call), f"{path}:{node.lineno}: raise an error, not a value"
        cls = getattr(module, ast.unparse(exc.func))
        assert issubclass(cls, DomainError), f"{path}:{node.lineno}: {cls.__name__}"
        assert exc.args or cls is StaleVersion, f"{path}:{node.lineno}: a message"


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.parent.name)
def test_service_messages_are_translated_swedish(path: Path) -> None:
    for node in _raises(path):
        assert isinstance(node.exc, ast.Call)
        if not node.exc.args:
            continue
        message = node.exc.args[0]
        where = f"{path}:{node.lineno}"
        # A literal would bypass gettext: messages are _("…"), _("…") % {…} or built
        # from such (joined messages, a rule's Swedish reason).
        assert not isinstance(message, ast.JoinedStr), f"{where}: an f-string"
        assert not (isinstance(message, ast.Constant) and isinstance(message.value, str)), where
        for call in ast.walk(message):
            if isinstance(call, ast.Call) and ast.unparse(call.func) == "_":
                text = call.args[0]
                assert isinstance(text, ast.Constant) and isinstance(text.value, str), where
                english = set(re.findall(r"[a-z']+", text.value.lower())) & ENGLISH
                assert not english, f"{where}: {text.value!r} reads as English"


def test_invalid_input_keeps_the_messages_per_field() -> None:
    per_field = invalid_input(
        ValidationError({"slug": ["Upptaget."], "__all__": ["Fel år."], "name": ["Tomt."]})
    )
    assert per_field.errors == {"slug": ["Upptaget."], None: ["Fel år."], "name": ["Tomt."]}
    assert per_field.field is None
    assert per_field.message == "Upptaget. Fel år. Tomt."
    one = invalid_input(ValidationError({"slug": ["Upptaget."]}))
    assert (one.field, one.message) == ("slug", "Upptaget.")
    whole = invalid_input(ValidationError("Året hör till en annan organisation."))
    assert whole.errors == {None: ["Året hör till en annan organisation."]}
    assert SteeringError("Upptaget.", field="slug").errors == {"slug": ["Upptaget."]}


@pytest.mark.django_db
def test_validated_raises_full_cleans_errors_as_input_refused() -> None:
    with pytest.raises(InputRefused) as refused:
        validated(Organisation(name="", slug="inte giltig"))
    assert set(refused.value.errors) == {"name", "slug"}
    assert error_status(refused.value) == 422


# --------------------------------------------------------------------- in the views


@pytest.fixture
def world() -> dict:
    return factories.entry_world("fel")


@pytest.mark.django_db
def test_a_not_allowed_no_view_catches_is_the_swedish_403_page(world: dict) -> None:
    """A controller may not fastställa: the service's NotAllowed leaves the view."""
    up = world["up"]
    UnitPeriod.objects.filter(pk=up.pk).update(status=UnitPeriod.Status.APPROVED)
    build = ReportBuild.objects.create(
        unit_period=up,
        requested_by=world["controller"],
        status=ReportBuild.Status.DONE,
        pdf=b"%PDF-1.7",
    )
    url = reverse("report:edition_freeze", kwargs={"unit": up.unit.slug, "period": up.period.key})
    client = Client()
    client.force_login(world["controller"])
    response = client.post(url, {"build": build.pk})
    assert response.status_code == 403
    assert "Ingen behörighet" in response.content.decode()
    assert not ReportEdition.objects.exists()


@pytest.mark.django_db
def test_a_not_allowed_workflow_step_stays_a_403(world: dict) -> None:
    """The status view shows refusals as messages, but a missing right is still a 403."""
    up = world["up"]
    UnitPeriod.objects.filter(pk=up.pk).update(status=UnitPeriod.Status.APPROVED)
    url = reverse(
        "scorecards:period_status", kwargs={"unit": up.unit.slug, "period": up.period.key}
    )
    client = Client()
    client.force_login(world["manager"])
    assert client.post(url, {"step": "lock"}).status_code == 403  # only administrators lock
    assert UnitPeriod.objects.get(pk=up.pk).status == UnitPeriod.Status.APPROVED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotAllowed("Bara en administratör kan ändra det här."), 403),
        (SteeringError("Perspektivet används av 2 mål."), 422),
    ],
    ids=["not-allowed", "steering-error"],
)
def test_a_view_that_shows_refusals_answers_with_the_errors_status(
    world: dict, monkeypatch: pytest.MonkeyPatch, error: DomainError, status: int
) -> None:
    """The set-up pages show a refused delete in the page, answered with error_status."""
    up = world["up"]
    perspective = Perspective.objects.create(year=up.period.year, slug="ekonomi", name="Ekonomi")

    def refuse(**kwargs: object) -> None:
        raise error

    monkeypatch.setattr(steering_services, "perspective_delete", refuse)
    url = reverse(
        "steering:perspective_delete",
        kwargs={"organisation": up.unit.organisation.slug, "year": up.period.year.year},
    )
    client = factories.logged_in(world["admin"])
    response = client.post(url, {"id": perspective.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == status
    assert error.message in response.content.decode()
    assert Perspective.objects.filter(pk=perspective.pk).exists()
