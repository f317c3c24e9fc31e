"""Who is reminded, once, through the e-mail backend; the send_reminders command.

On the demo: Region Norrbotten's default årshjul, T1 2021 open for every division, the
registrering of delårsrapport 1 moved to 14 May 2021, klarmarkering 17 May, godkännande
28 May (reminders from 7 days before).
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from pytest_django.fixtures import Settings

from annual_cycle import selectors, services
from annual_cycle.management.commands.send_reminders import Command
from annual_cycle.models import Deadline, ReminderSent, Step
from annual_cycle.tasks import send_reminders
from scorecards.models import UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

D = datetime.date
BEFORE_APPROVAL_WINDOW = D(2021, 5, 20)  # entry, submission overdue; approval's opens 21 May
IN_APPROVAL_WINDOW = D(2021, 5, 22)


def who(today: datetime.date) -> set[tuple[str, str, str]]:
    """(username, unit, step) of today's reminders."""
    return {
        (r.user.get_username(), r.unit.slug, r.deadline.step)
        for r in selectors.reminders_due(today=today)
    }


def set_status(unit: str, status: str) -> None:
    UnitPeriod.objects.filter(unit__slug=unit, period__key="2021-T1").update(status=status)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    settings.SITE_URL = "https://styrkort.example.org"


def test_controllers_are_reminded_of_entry_and_submission() -> None:
    assert who(BEFORE_APPROVAL_WINDOW) == {
        ("controller", "lansteknik", Step.ENTRY),
        ("controller", "lansteknik", Step.SUBMISSION),
        ("controller_other", "narsjukvard", Step.ENTRY),
        ("controller_other", "narsjukvard", Step.SUBMISSION),
    }


def test_manager_is_reminded_of_approval_in_the_window() -> None:
    reminded = who(IN_APPROVAL_WINDOW)
    assert ("manager", "lansteknik", Step.APPROVAL) in reminded
    # Nobody else answers for godkännande; the other division's controller never gets
    # Länsteknik's reminders; readers and administrators get none.
    assert {name for name, _unit, step in reminded if step == Step.APPROVAL} == {"manager"}
    assert {unit for name, unit, _step in reminded if name == "controller_other"} == {"narsjukvard"}
    assert not {name for name, _u, _s in reminded} & {"reader", "admin"}


def test_no_reminder_once_the_step_is_reached() -> None:
    set_status("lansteknik", UnitPeriod.Status.SUBMITTED)
    reminded = who(IN_APPROVAL_WINDOW)
    assert ("controller", "lansteknik", Step.ENTRY) not in reminded
    assert ("controller", "lansteknik", Step.SUBMISSION) not in reminded
    assert ("manager", "lansteknik", Step.APPROVAL) in reminded

    set_status("lansteknik", UnitPeriod.Status.APPROVED)
    assert not {r for r in who(IN_APPROVAL_WINDOW) if r[1] == "lansteknik"}


def test_the_moved_date_is_used() -> None:
    entry = next(
        r
        for r in selectors.reminders_due(today=BEFORE_APPROVAL_WINDOW)
        if r.deadline.step == Step.ENTRY
    )
    assert entry.date == D(2021, 5, 14)
    assert entry.overdue


def test_nothing_before_the_window_opens() -> None:
    assert who(D(2021, 5, 6)) == set()  # entry 14 May − 7 days = 7 May
    assert {step for _n, _u, step in who(D(2021, 5, 7))} == {Step.ENTRY}


def test_each_reminder_is_sent_once() -> None:
    output = run("--today", "2021-05-20")
    assert len(mail.outbox) == 4
    assert ReminderSent.objects.count() == 4
    assert "Påminnelser 2021-05-20: 4 skickade, 0 utan e-postadress, 0 misslyckade." in output
    assert (
        "Skickad: controller <controller@example.org> – Division Länsteknik T1 2021 – "
        "Delårsrapport 1, registrering klar 2021-05-14 (försenad)"
    ) in output

    again = run("--today", "2021-05-20")
    assert len(mail.outbox) == 4
    assert ReminderSent.objects.count() == 4
    assert "Påminnelser 2021-05-20: 0 skickade" in again
    # The next window (godkännande) brings the manager's reminder only.
    run("--today", "2021-05-22")
    assert [m.to for m in mail.outbox[4:]] == [["manager@example.org"]]


def test_dry_run_sends_and_records_nothing() -> None:
    output = run("--dry-run", "--today", "2021-05-20")
    assert mail.outbox == []
    assert ReminderSent.objects.count() == 0
    assert output.count("Skulle skickas: ") == 4
    assert "Provkörning 2021-05-20: 4 påminnelser skulle skickas; inget skickat" in output


def test_the_email_is_swedish_and_links_to_the_entry_page() -> None:
    run("--today", "2021-05-20")
    message = next(
        m
        for m in mail.outbox
        if m.to == ["controller@example.org"] and "klarmarkering" in m.subject
    )
    assert message.subject == (
        "Försenad klarmarkering: Delårsrapport 1 – Division Länsteknik T1 2021"
    )
    assert "Hej Demo Controller Länsteknik," in message.body
    assert "Fristen för klarmarkeringen av Delårsrapport 1" in message.body
    assert "var 17 maj 2021. Perioden är fortfarande öppen." in message.body
    assert "https://styrkort.example.org/styrkort/lansteknik/2021-T1/registrera/" in message.body


def test_a_user_without_email_is_skipped_and_reminded_later() -> None:
    from django.contrib.auth.models import User

    User.objects.filter(username="controller").update(email="")
    output = run("--today", "2021-05-20")
    assert "Hoppas över (saknar e-postadress): controller <–>" in output
    assert not ReminderSent.objects.filter(user__username="controller").exists()
    User.objects.filter(username="controller").update(email="controller@example.org")
    run("--today", "2021-05-20")
    assert ReminderSent.objects.filter(user__username="controller").count() == 2


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages: object) -> int:
        raise OSError("SMTP-servern svarar inte")


def test_a_failed_send_is_not_recorded_and_fails_the_command(settings: Settings) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.BrokenBackend"}}
    out = io.StringIO()
    with pytest.raises(CommandError, match="4 påminnelser kunde inte skickas"):
        call_command("send_reminders", "--today", "2021-05-20", stdout=out)
    assert "Misslyckades: controller" in out.getvalue()
    assert ReminderSent.objects.count() == 0


def test_exit_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a scheduler sees it: 0 on success, 1 on a refused argument."""
    # run_from_argv closes the database connections at the end, the test's too.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    Command().run_from_argv(["manage.py", "send_reminders", "--dry-run", "--today", "2021-05-20"])
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "send_reminders", "--today", "20/5 2021"])
    assert exit_.value.code == 1


def test_one_organisation_only() -> None:
    output = run("--dry-run", "--today", "2021-05-20", "--organisation", "region-norrbotten")
    assert output.count("Skulle skickas") == 4
    with pytest.raises(CommandError, match="finns inte"):
        run("--organisation", "finns-inte")


def test_reminders_due_costs_a_fixed_number_of_queries(django_assert_num_queries: object) -> None:
    with django_assert_num_queries(6):  # type: ignore[operator]
        assert len(selectors.reminders_due(today=IN_APPROVAL_WINDOW)) == 5
    Deadline.objects.create(
        organisation=Deadline.objects.first().organisation,  # type: ignore[union-attr]
        title="Extra",
        period_kind="T1",
        step=Step.APPROVAL,
        month=5,
        day=25,
    )
    with django_assert_num_queries(6):  # type: ignore[operator]
        assert len(selectors.reminders_due(today=IN_APPROVAL_WINDOW)) == 6


def test_the_task_sends_like_the_command() -> None:
    result = send_reminders.enqueue(today="2021-05-20")
    assert result.return_value == 4
    assert services.reminders_send(today=D(2021, 5, 20)) == []
