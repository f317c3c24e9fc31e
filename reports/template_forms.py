"""Forms of Inställningar → Rapportmallar: a new template, and a template's settings.

The settings form has, per section the apps contribute, whether it is in the report,
its heading, whether it is mandatory and its own options; the order is the order of
the posted ``order`` keys (one hidden input per section, in the order shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.numbers import AmountFormat
from reports.models import COVER_FIELDS, ReportKind, ReportTemplate, SectionSpec
from reports.sections import ReportSection
from reports.template_services import TemplateInput
from scorecards.models import MONTHS_LONG
from scorecards.terms import AMOUNT_SCALES

Choices = list[tuple[Any, Any]]


def month_choices(blank: str) -> Choices:
    return [("", blank), *((m, MONTHS_LONG[m]) for m in range(1, 13))]


def decimal_count(places: int) -> str:
    return ngettext("%(n)s decimal", "%(n)s decimaler", places) % {"n": places}


def amounts_label(amounts: AmountFormat) -> str:
    """ "mnkr, 1 decimal": how a blank amount unit shows amounts."""
    return f"{amounts.unit}, {decimal_count(amounts.places)}"


def decimals_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
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


class TemplateCreateForm(forms.Form):
    """A new template: its kind, and for a named kind its name and end month."""

    kind = forms.ChoiceField(label=_("Rapporttyp"), choices=ReportKind.choices)
    name = forms.CharField(
        label=_("Namn"),
        required=False,
        max_length=100,
        help_text=_("Till exempel ”Uppföljning per maj”. Tomt: rapporttypens namn."),
    )
    end_month = forms.TypedChoiceField(
        label=_("Gäller perioder som slutar i"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=month_choices(str(_("– alla perioder av typen –"))),
        help_text=_("Välj en månad för en egen mall för just de perioderna."),
        error_messages={"invalid_choice": _("Välj en månad i listan.")},
    )

    # Named like the set-up pages' forms (steering/fields.html ids its errors by it).
    form_key = "new-template"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_new_%s")
        super().__init__(*args, **kwargs)


@dataclass
class SectionRow:
    """One section on the settings page, with its fields, in the order shown."""

    section: ReportSection[Any]
    included: forms.BoundField
    heading: forms.BoundField
    mandatory: forms.BoundField
    options: list[forms.BoundField]
    is_included: bool
    # Among the included sections (the move buttons).
    first: bool = False
    last: bool = False

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self) -> str:
        return str(self.section.title)


class TemplateForm(forms.Form):
    """A template's settings: sections, title pattern, cover fields and amount unit."""

    name = forms.CharField(label=_("Namn"), required=False, max_length=100)
    end_month = forms.TypedChoiceField(
        label=_("Gäller perioder som slutar i"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Välj en månad i listan.")},
    )
    title_pattern = forms.CharField(label=_("Rapportens rubrik"), required=False, max_length=200)
    cover_fields = forms.MultipleChoiceField(
        label=_("Uppgifter på försättsbladet"),
        required=False,
        choices=COVER_FIELDS,
        widget=forms.CheckboxSelectMultiple,
    )
    amount_scale = forms.ChoiceField(label=_("Beloppsenhet i rapporten"), required=False)
    amount_decimals = decimals_field()
    order = forms.MultipleChoiceField(widget=forms.MultipleHiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        template: ReportTemplate,
        sections: list[ReportSection[Any]],
        organisation_amounts: AmountFormat,
        **kwargs: Any,
    ) -> None:
        self.template = template
        self.sections = {s.key: s for s in sections}
        if not args and "initial" not in kwargs:
            kwargs["initial"] = self._initial(template)
        super().__init__(*args, **kwargs)
        kind = ReportKind(template.kind).label.lower()
        self.fields["end_month"].choices = month_choices(  # type: ignore[attr-defined]
            str(_("– alla perioder av typen %(kind)s –") % {"kind": kind})
        )
        self.fields["amount_scale"].choices = [  # type: ignore[attr-defined]
            (
                "",
                _("Organisationens (%(amounts)s)")
                % {"amounts": amounts_label(organisation_amounts)},
            ),
            *AMOUNT_SCALES,
        ]
        self.fields["order"].choices = [(s.key, s.key) for s in sections]  # type: ignore[attr-defined]
        self.fields["title_pattern"].widget.attrs["placeholder"] = _("{rapport} {år}, {period}")
        for section in sections:
            key = section.key
            self.fields[f"{key}-included"] = forms.BooleanField(
                label=_("Med i rapporten"), required=False
            )
            self.fields[f"{key}-heading"] = forms.CharField(
                label=_("Rubrik"),
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"placeholder": str(section.title)}),
            )
            self.fields[f"{key}-mandatory"] = forms.BooleanField(
                label=_("Skriv ”Inga uppgifter för perioden” när avsnittet saknar uppgifter"),
                required=False,
            )
            for option in section.options:
                self.fields[f"{key}-option-{option.key}"] = forms.BooleanField(
                    label=str(option.label), required=False
                )

    def _initial(self, template: ReportTemplate) -> dict[str, Any]:
        specs = [spec for spec in template.specs() if spec.key in self.sections]
        chosen = {spec.key for spec in specs}
        initial: dict[str, Any] = {
            "name": template.name,
            "end_month": template.end_month,
            "title_pattern": template.title_pattern,
            "cover_fields": list(template.cover_fields),
            "amount_scale": template.amount_scale,
            "amount_decimals": template.amount_decimals,
            "order": [spec.key for spec in specs]
            + [key for key in self.sections if key not in chosen],
        }
        for key, section in self.sections.items():
            spec = next((s for s in specs if s.key == key), SectionSpec(key))
            initial[f"{key}-included"] = key in chosen
            initial[f"{key}-heading"] = spec.heading
            initial[f"{key}-mandatory"] = spec.mandatory
            for option, value in section.resolve_options(spec.options).items():
                initial[f"{key}-option-{option}"] = value
        return initial

    def _value(self, name: str) -> Any:
        """A field's value as shown: cleaned when valid, else as posted, else initial."""
        if self.is_bound and hasattr(self, "cleaned_data") and name in self.cleaned_data:
            return self.cleaned_data[name]
        bound = self[name]
        return bound.field.to_python(bound.value()) if self.is_bound else bound.initial

    def ordered_keys(self) -> list[str]:
        """Every section key in the order shown: as posted (unknown keys dropped, missing
        ones after), included sections first."""
        raw = self._value("order") or []
        shown = [k for k in dict.fromkeys(raw) if k in self.sections]
        shown += [k for k in self.sections if k not in shown]
        included = [k for k in shown if self._value(f"{k}-included")]
        return included + [k for k in shown if k not in included]

    def rows(self) -> list[SectionRow]:
        keys = self.ordered_keys()
        included = [k for k in keys if self._value(f"{k}-included")]
        return [
            SectionRow(
                section=self.sections[key],
                included=self[f"{key}-included"],
                heading=self[f"{key}-heading"],
                mandatory=self[f"{key}-mandatory"],
                options=[self[f"{key}-option-{o.key}"] for o in self.sections[key].options],
                is_included=key in included,
                first=bool(included) and key == included[0],
                last=bool(included) and key == included[-1],
            )
            for key in keys
        ]

    def specs(self) -> list[SectionSpec]:
        """The included sections in the order shown, with their choices (after is_valid)."""
        data = self.cleaned_data
        return [
            SectionSpec(
                key=key,
                heading=data[f"{key}-heading"].strip(),
                mandatory=bool(data[f"{key}-mandatory"]),
                options={
                    o.key: bool(data[f"{key}-option-{o.key}"]) for o in self.sections[key].options
                },
            )
            for key in self.ordered_keys()
            if data[f"{key}-included"]
        ]

    def data_input(self, specs: list[SectionSpec] | None = None) -> TemplateInput:
        data = self.cleaned_data
        return TemplateInput(
            name=data["name"],
            end_month=data["end_month"],
            title_pattern=data["title_pattern"],
            sections=self.specs() if specs is None else specs,
            cover_fields=list(data["cover_fields"]),
            amount_scale=data["amount_scale"],
            amount_decimals=data["amount_decimals"],
        )
