"""Granskning: where a report's texts may contradict its figures, listed before approval.

Four checks over the report exactly as it is printed (``report_html``):

* a live figure name ("[[…]]", ``reports.live``) the report does not offer;
* a number in a narrative text (written with a unit, or with decimals) that matches no
  figure printed in its section's tables and lists (in the whole report's, for a section
  without figures, such as the summary), within the text's rounding and in kr, tkr or
  mnkr ("negativt med 2 mnkr" when the table says −1,0);
* a text that refers to a chart or a table ("se diagrammet", "tabellen nedan") printed
  in a section without one;
* a measure whose comment names one direction (ökat, minskat, …) while its figures went
  the other way against the comparison period.

It is a list for the person who approves, not a rule: a number may be right and still be
listed (a figure the report does not print). ``build_report --check`` prints it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from common.markdown import render_markdown
from common.numbers import format_number
from reports.builder import ReportData, report_html
from reports.live import UNKNOWN_RE

# A number written the Swedish way: "−1,5", "24,40", "1 956 000", "+3".
_NUMBER = r"[+\-\u2212]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|[+\-\u2212]?\d+(?:,\d+)?"
# Units that make an integer a figure worth checking; "%" needs no space before it.
_UNIT = r"mnkr|miljoner kronor|tkr|kr|kronor|%|procentenheter|procent|timmar|årsarbetare"
_TEXT_NUMBER_RE = re.compile(
    rf"(?<![\w,.\-\u2212])(?P<number>{_NUMBER})(?:[ \u00a0\u202f]?(?P<unit>{_UNIT}))?(?![\w])"
)
_ANY_NUMBER_RE = re.compile(rf"(?<![\w,])(?:{_NUMBER})(?![\w])")
_CHART_WORDS_RE = re.compile(r"\b(diagram\w*|graf\w*|figur\w*)", re.IGNORECASE)
_TABLE_WORDS_RE = re.compile(r"\b(tabell\w*)", re.IGNORECASE)
_UP_WORDS = ("ökat", "ökade", "ökning", "ökar", "högre", "fler", "stigit", "steg")
_DOWN_WORDS = ("minskat", "minskade", "minskning", "minskar", "lägre", "färre", "sjunkit", "sjönk")
_SECTION_RE = re.compile(r'<section id="([^"]+)" class="chapter">(.*?)</section>', re.DOTALL)


@dataclass(frozen=True)
class Finding:
    """One thing to look at before approving: where, what, and why it was listed."""

    where: str
    # The heading's anchor in the report, for a link from the report page.
    anchor: str
    excerpt: str
    message: str


def _decimal(text: str) -> Decimal | None:
    cleaned = re.sub(r"[ \u00a0\u202f]", "", text).replace("\u2212", "-").replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


class _Cells(HTMLParser):
    """The text of every element of the given kinds (table cells, list items)."""

    def __init__(self, tags: tuple[str, ...]) -> None:
        super().__init__()
        self.tags = tags
        self.texts: list[str] = []
        self._depth = 0
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self.tags:
            self._depth += 1
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.tags and self._depth:
            self._depth -= 1
            self.texts.append("".join(self._buffer))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._buffer.append(data)


def printed_figures(html: str, tags: tuple[str, ...] = ("td", "th", "li", "dd")) -> set[Decimal]:
    """Every number printed in a table cell or list item, as an absolute value, also
    scaled between kr, tkr and mnkr (a text may write 2 mnkr for 1 956 000 kr)."""
    parser = _Cells(tags)
    parser.feed(html)
    figures: set[Decimal] = set()
    for text in parser.texts:
        for match in _ANY_NUMBER_RE.finditer(text):
            value = _decimal(match.group(0))
            if value is None:
                continue
            value = abs(value)
            figures.update({value, value * 1000, value / 1000, value * 1_000_000})
            figures.add(value / 1_000_000)
    return figures


def _matches(written: Decimal, decimals: int, figures: set[Decimal]) -> bool:
    """Whether a figure rounds to the written number at the text's number of decimals."""
    step = Decimal(1).scaleb(-decimals)
    half = step / 2
    return any(abs(figure - written) <= half for figure in figures)


def _texts(data: ReportData) -> list[str]:
    """The narrative texts of the report as printed (by kind and per perspective).

    The summary is printed in parts around its generated key points, so its parts are
    the texts to look for.
    """
    summary = data.section_data("summary")
    parts = [p.text for p in getattr(summary, "parts", ()) if p.text.strip()]
    texts = [t for kind, t in data.texts.items() if t.strip() and not (parts and kind == "summary")]
    texts += parts
    perspectives = data.section_data("perspectives") or []
    texts += [item.text for item in perspectives if getattr(item, "text", "")]
    return texts


@dataclass(frozen=True)
class _Printed:
    """The report as printed: its sections' HTML and its texts rendered as printed."""

    sections: list[tuple[str, str, str]]  # (anchor, heading, html)
    texts: list[tuple[str, str]]  # (Markdown source, rendered HTML)
    # The values of the live figures the texts named: computed, so never listed.
    live: frozenset[str] = frozenset()

    @classmethod
    def of(cls, data: ReportData, html: str) -> _Printed:
        titles = {entry.anchor: entry.title for entry in data.toc}
        return cls(
            sections=[(a, titles.get(a, a), body) for a, body in _SECTION_RE.findall(html)],
            texts=[(text, str(render_markdown(text))) for text in _texts(data)],
            live=frozenset(data.live.values()),
        )

    def texts_in(self, body: str) -> list[str]:
        """The narrative texts printed in a section (as their Markdown source)."""
        return [text for text, rendered in self.texts if rendered and rendered in body]

    def without_texts(self, body: str) -> str:
        """The HTML with the narrative texts cut out: what is left is computed."""
        for _text, rendered in self.texts:
            if rendered:
                body = body.replace(rendered, "")
        return body


def _excerpt(text: str, start: int, end: int) -> str:
    """The words around a match, on one line."""
    left = text.rfind(" ", 0, max(0, start - 40)) + 1
    right = text.find(" ", end + 40)
    words = text[left : len(text) if right == -1 else right]
    # Markdown marks (headings, emphasis, list bullets) mean nothing in a one-line quote.
    return " ".join(re.sub(r"(^|\s)[#*>_-]+(?=\s)|[*_]{1,2}", " ", words).split())


def number_findings(printed: _Printed) -> list[Finding]:
    everywhere = printed_figures(
        "".join(printed.without_texts(b) for _a, _h, b in printed.sections)
    )
    findings = []
    for anchor, heading, body in printed.sections:
        # A text speaks of its own section's tables when the section prints any (the
        # net cost text of its table); a summary's text may name any figure.
        figures = printed_figures(printed.without_texts(body), ("td", "th")) or everywhere
        for text in printed.texts_in(body):
            # A live figure's value is the computed figure itself: cut out, not checked.
            for live_value in printed.live:
                text = text.replace(live_value, " ")
            for match in _TEXT_NUMBER_RE.finditer(text):
                number, unit = match.group("number"), match.group("unit")
                decimals = len(number.split(",")[1]) if "," in number else 0
                if not unit and not decimals:
                    continue  # "13 incidenter", "2 av 6", a date: too often not a figure
                value = _decimal(number)
                if value is None or _matches(abs(value), decimals, figures):
                    continue
                findings.append(
                    Finding(
                        where=heading,
                        anchor=anchor,
                        excerpt=_excerpt(text, match.start(), match.end()),
                        message=_("%(number)s finns inte bland rapportens siffror.")
                        % {"number": match.group(0).strip()},
                    )
                )
    return findings


def reference_findings(printed: _Printed) -> list[Finding]:
    findings = []
    for anchor, heading, body in printed.sections:
        computed = printed.without_texts(body)
        present = {
            "chart": "<img" in computed or "<svg" in computed,
            "table": "<table" in computed,
        }
        for text in printed.texts_in(body):
            for pattern, kind, what in (
                (_CHART_WORDS_RE, "chart", _("ett diagram")),
                (_TABLE_WORDS_RE, "table", _("en tabell")),
            ):
                match = pattern.search(text)
                if match and not present[kind]:
                    findings.append(
                        Finding(
                            where=heading,
                            anchor=anchor,
                            excerpt=_excerpt(text, match.start(), match.end()),
                            message=_("Texten hänvisar till %(what)s som avsnittet saknar.")
                            % {"what": what},
                        )
                    )
    return findings


def direction_findings(data: ReportData) -> list[Finding]:
    """A measure comment saying up while the figure went down, or the other way round."""
    findings = []
    for item in data.section_data("perspectives") or []:
        block = item.block
        for goal in block.goals:
            for row in goal.rows:
                comment = (row.outcome.comment if row.outcome else "").lower()
                value = row.outcome.value if row.outcome else None
                previous = row.comparison.value if row.comparison else None
                if not comment or value is None or previous is None or value == previous:
                    continue
                says_up = any(re.search(rf"\b{w}", comment) for w in _UP_WORDS)
                says_down = any(re.search(rf"\b{w}", comment) for w in _DOWN_WORDS)
                if says_up == says_down:
                    continue  # no direction, or both: nothing to compare
                if says_up == (value > previous):
                    continue
                findings.append(
                    Finding(
                        where=f"{block.perspective.name}: {row.measure.name}",
                        anchor=f"s-p-{block.perspective.slug}",
                        excerpt=" ".join(comment.split())[:160],
                        message=_(
                            "Kommentaren säger %(said)s, men utfallet gick från "
                            "%(previous)s till %(value)s."
                        )
                        % {
                            "said": _("ökning") if says_up else _("minskning"),
                            "previous": format_number(previous, decimals=row.measure.decimals),
                            "value": format_number(value, decimals=row.measure.decimals),
                        },
                    )
                )
    return findings


def unknown_name_findings(printed: _Printed) -> list[Finding]:
    """A live figure name ("[[…]]") the report does not offer: printed as "[[okänt: …]]"."""
    findings = []
    for anchor, heading, body in printed.sections:
        for text in printed.texts_in(body):
            for match in UNKNOWN_RE.finditer(text):
                findings.append(
                    Finding(
                        where=heading,
                        anchor=anchor,
                        excerpt=_excerpt(text, match.start(), match.end()),
                        message=_(
                            "[[%(name)s]] är inget värde som rapporten räknar fram; "
                            "se listan över värden på sidan Texter."
                        )
                        % {"name": match.group("name").strip()},
                    )
                )
    return findings


def review(data: ReportData, html: str | None = None) -> list[Finding]:
    """Everything Granskning lists for the report, in the order of the report.

    ``html``: the report's web HTML when the caller has rendered it already.
    """
    printed = _Printed.of(data, report_html(data, for_pdf=False) if html is None else html)
    return (
        unknown_name_findings(printed)
        + number_findings(printed)
        + reference_findings(printed)
        + direction_findings(data)
    )
