"""Forms of the set-up pages. Numbers go through the one Swedish parser (field named).

Choice lists (units, perspectives, success factors) are handed in by the view from
rows the page has already read, so a page with a hundred forms costs no query per form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.limits import COMMENT_CHARS, TextLimit
from scorecards.forms import SwedishNumberField
from scorecards.models import (
    MONTHS_LONG,
    Direction,
    Frequency,
    Measure,
    Organisation,
    Role,
    Unit,
)
from scorecards.terms import AMOUNT_SCALES, DEFAULT_AMOUNTS, DEFAULT_TERMS, OrganisationKind
from steering.services import WORD_FIELDS, MeasureInput, WordsInput

Choices = list[tuple[Any, Any]]


class KeyedForm(forms.Form):
    """A form with ids unique on a page of many forms (``key`` names the form)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{key}_%s"
        super().__init__(*args, **kwargs)
        self.form_key = key


def _slug_field() -> forms.SlugField:
    return forms.SlugField(
        label=_("Kortnamn"),
        max_length=50,
        help_text=_("Används i adresser: små bokstäver a–z, siffror och bindestreck."),
        error_messages={
            "invalid": _("Kortnamnet får bara innehålla a–z, siffror och bindestreck.")
        },
    )


class OrganisationForm(KeyedForm):
    name = forms.CharField(label=_("Namn"), max_length=200)
    slug = _slug_field()
    # Not required: a post without it (an older form, a script) makes a region.
    kind = forms.ChoiceField(
        label=_("Typ av organisation"),
        choices=OrganisationKind.choices,
        initial=OrganisationKind.REGION,
        required=False,
        help_text=_(
            "Ger rapporternas ord och beloppsenhet; de ändras under Benämningar och belopp."
        ),
    )


class UnitForm(KeyedForm):
    name = forms.CharField(label=_("Namn"), max_length=200)
    slug = _slug_field()
    kind = forms.ChoiceField(
        label=_("Typ"),
        choices=Unit.Kind.choices,
        initial=Unit.Kind.DIVISION,
    )
    # A choice, not a checkbox: a form posted without it keeps the kind's rule.
    reports = forms.TypedChoiceField(
        label=_("Rapporterar"),
        choices=[
            ("", _("Enligt typ (divisioner rapporterar)")),
            ("ja", _("Ja")),
            ("nej", _("Nej")),
        ],
        coerce=lambda value: value == "ja",
        empty_value=None,
        required=False,
        help_text=_(
            "En enhet som rapporterar får perioder att registrera i, styrkort och rapport."
        ),
    )
    parent = forms.TypedChoiceField(
        label=_("Överordnad enhet"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, units: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("– ingen (högst upp) –")), *units]  # type: ignore[attr-defined]


class MembershipForm(KeyedForm):
    username = forms.CharField(label=_("Användarnamn"), max_length=150)
    unit = forms.TypedChoiceField(label=_("Enhet"), coerce=int)
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)

    def __init__(self, *args: Any, units: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class InviteForm(KeyedForm):
    """Invite a person by e-mail with a role on a unit (an existing user gets the role)."""

    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        error_messages={"invalid": _("Ange en giltig e-postadress.")},
    )
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, required=False)
    unit = forms.TypedChoiceField(label=_("Enhet"), coerce=int)
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)

    def __init__(self, *args: Any, units: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class CustomPeriodForm(KeyedForm):
    """A period of the year from January to the chosen month (e.g. jan–maj)."""

    end_month = forms.TypedChoiceField(
        label=_("Till och med"),
        coerce=int,
        choices=[(m, MONTHS_LONG[m]) for m in range(1, 12)],
        help_text=_("Perioden börjar i januari, som alla perioder (utfallen är ackumulerade)."),
    )


class YearForm(KeyedForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)


class PerspectiveForm(KeyedForm):
    name = forms.CharField(label=_("Namn"), max_length=100)
    description = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StrategicGoalForm(KeyedForm):
    parent = forms.IntegerField(widget=forms.HiddenInput)  # the perspective
    title = forms.CharField(label=_("Strategiskt mål"), max_length=300)


class SuccessFactorForm(KeyedForm):
    parent = forms.IntegerField(widget=forms.HiddenInput)  # the strategic goal
    title = forms.CharField(label=_("Framgångsfaktor"), max_length=300)


class UnitGoalForm(KeyedForm):
    parent = forms.IntegerField(widget=forms.HiddenInput)  # the unit
    title = forms.CharField(label=_("Mål"), max_length=300)
    perspective = forms.TypedChoiceField(label=_("Perspektiv"), coerce=int)
    success_factor = forms.TypedChoiceField(
        label=_("Framgångsfaktor"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, perspectives: Choices, success_factors: Choices, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perspective"].choices = perspectives  # type: ignore[attr-defined]
        self.fields["success_factor"].choices = [  # type: ignore[attr-defined]
            ("", _("– ingen –")),
            *success_factors,
        ]


class MeasureForm(KeyedForm):
    parent = forms.IntegerField(widget=forms.HiddenInput)  # the unit goal
    name = forms.CharField(label=_("Styrmått"), max_length=300)
    key = forms.SlugField(
        label=_("Nyckel"),
        required=False,
        max_length=80,
        help_text=_("Lämna tomt så skapas den av namnet. Samma nyckel år efter år ger trenden."),
        error_messages={"invalid": _("Nyckeln får bara innehålla a–z, siffror och bindestreck.")},
    )
    description = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    value_kind = forms.ChoiceField(
        label=_("Typ av utfall"), choices=Measure.ValueKind.choices, initial="number"
    )
    unit_of_measurement = forms.CharField(
        label=_("Enhet (st, %, dagar …)"), required=False, max_length=20
    )
    decimals = forms.IntegerField(label=_("Decimaler"), min_value=0, max_value=4, initial=0)
    baseline_value = SwedishNumberField(label=_("Ingångsvärde"))
    baseline_text = forms.CharField(
        label=_("Ingångsvärde som text"),
        required=False,
        max_length=300,
        help_text=_("Till exempel ”2018: 13 st”."),
    )
    baseline_label = forms.CharField(
        label=_("Ingångsvärdets rubrik"),
        required=False,
        max_length=100,
        help_text=_("Till exempel ”Utfall 2018”."),
    )
    target_direction = forms.ChoiceField(label=_("Målets riktning"), choices=Direction.choices)
    target_value = SwedishNumberField(label=_("Målvärde"))
    target_text = forms.CharField(
        label=_("Mål som text"),
        required=False,
        max_length=300,
        help_text=_("Lämna tomt så skrivs målet av riktning och målvärde, t.ex. ”Högst 10 st”."),
    )
    partly_threshold = SwedishNumberField(
        label=_("Gräns för delvis uppnått"),
        help_text=_("För ”högst 10” med gränsen 12 är 11 och 12 delvis uppnått."),
    )
    frequency = forms.ChoiceField(
        label=_("Följs upp"), choices=Frequency.choices, initial=Frequency.TERTIAL
    )
    accumulates = forms.BooleanField(
        label=_("Ackumuleras under året"),
        required=False,
        help_text=_("Antal eller timmar som växer under året jämförs bara med samma period."),
    )
    value_source = forms.ChoiceField(
        label=_("Utfallet"),
        required=False,
        choices=Measure.ValueSource.choices,
        initial=Measure.ValueSource.TYPED,
        help_text=_(
            "Räknas från tillfällen: utfallet räknas från målets daterade tillfällen "
            "(t.ex. sammanträden och närvaro), som registreras på sidan Mål och prognos."
        ),
    )

    @classmethod
    def initial_for(cls, measure: Measure) -> dict[str, Any]:
        return {
            "id": measure.pk,
            "parent": measure.goal_id,
            **{
                name: getattr(measure, name)
                for name in cls.base_fields
                if name not in ("id", "parent")
            },
        }

    def data_input(self) -> MeasureInput:
        data = self.cleaned_data
        return MeasureInput(
            **{
                name: data[name]
                for name in MeasureInput.__dataclass_fields__  # type: ignore[attr-defined]
            }
        )


def _amounts_label(kind: str) -> str:
    amounts = DEFAULT_AMOUNTS[kind]
    decimals = ngettext("%(n)s decimal", "%(n)s decimaler", amounts.places) % {"n": amounts.places}
    return f"{amounts.unit}, {decimals}"


class WordsForm(KeyedForm):
    """The organisation's kind, words and amount unit (Benämningar och belopp).

    Each word shows its kind's default as placeholder: blank keeps the default.
    """

    kind = forms.ChoiceField(
        label=_("Typ av organisation"),
        choices=OrganisationKind.choices,
        help_text=_("Typen ger standardorden och standardenheten för belopp."),
    )
    organisation_goals_term = forms.CharField(
        label=_("Organisationens mål kallas"),
        required=False,
        max_length=100,
        help_text=_("T.ex. ”Regionens strategiska mål”, ”Nämndens mål”, ”Kommunfullmäktiges mål”."),
    )
    unit_goals_term = forms.CharField(
        label=_("En enhets mål kallas"),
        required=False,
        max_length=100,
        help_text=_("T.ex. ”Divisionens mål”, ”Verksamhetens mål”."),
    )
    deciding_body_term = forms.CharField(
        label=_("Organet som beslutar ramar kallas"),
        required=False,
        max_length=100,
        help_text=_("Som mitt i en mening: ”regionstyrelsen”, ”nämnden”."),
    )
    unit_term = forms.CharField(
        label=_("En rapporterande enhet kallas"),
        required=False,
        max_length=100,
        help_text=_("Med liten bokstav: ”division”, ”förvaltning”, ”verksamhet”."),
    )
    amount_scale = forms.ChoiceField(label=_("Beloppsenhet"), required=False)
    amount_decimals = forms.TypedChoiceField(
        label=_("Decimaler i belopp"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Enhetens standard (mnkr: 1, tkr och kr: 0)")),
            (0, "0"),
            (1, "1"),
            (2, "2"),
        ],
        error_messages={"invalid_choice": _("Välj 0, 1 eller 2 decimaler, eller lämna tomt.")},
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        defaults = DEFAULT_TERMS[kind]
        for name in WORD_FIELDS:
            self.fields[name].widget.attrs["placeholder"] = str(
                defaults[name.removesuffix("_term")]
            )
        self.fields["amount_scale"].choices = [  # type: ignore[attr-defined]
            ("", _("Typens standard (%(amounts)s)") % {"amounts": _amounts_label(kind)}),
            *AMOUNT_SCALES,
        ]

    @staticmethod
    def initial_for(organisation: Organisation) -> dict[str, Any]:
        return {
            "kind": organisation.kind,
            **{name: getattr(organisation, name) for name in WORD_FIELDS},
            "amount_scale": organisation.amount_scale,
            "amount_decimals": organisation.amount_decimals,
        }

    def data_input(self) -> WordsInput:
        return WordsInput(
            **{name: self.cleaned_data[name] for name in WordsInput.__dataclass_fields__}
        )
