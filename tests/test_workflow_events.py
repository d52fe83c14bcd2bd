"""The two workflows' histories share one shape: who, when, from which status, why."""

import pytest

from contributions import services
from contributions.exceptions import ReportError
from contributions.models import Report, ReportEvent
from core.events import PERMANENT_RECORD_MESSAGE, WorkflowEvent
from issues.models import IssueEvent


def test_both_histories_are_workflow_events():
    for model in (IssueEvent, ReportEvent):
        assert issubclass(model, WorkflowEvent)
        names = {field.name for field in model._meta.get_fields()}
        assert {"action", "from_status", "to_status", "user", "at", "comment"} <= names


def test_a_report_event_records_the_status_it_led_to(make_report, contributor, editor):
    report = make_report(contributor)
    services.return_report(report, editor, "请补充图片。")
    event = report.events.first()
    assert (event.action, event.from_status, event.to_status) == (
        ReportEvent.Action.RETURN,
        Report.Status.SUBMITTED,
        Report.Status.RETURNED,
    )
    assert (event.user, event.comment) == (editor, "请补充图片。")


def test_a_report_event_is_never_changed(make_report, contributor, editor):
    report = make_report(contributor)
    services.return_report(report, editor, "请补充图片。")
    event = report.events.first()
    event.comment = "改写"
    with pytest.raises(ReportError, match=str(PERMANENT_RECORD_MESSAGE)):
        event.save()
    with pytest.raises(ReportError):
        event.delete()
    with pytest.raises(ReportError):
        ReportEvent.objects.filter(pk=event.pk).update(comment="改写")
    with pytest.raises(ReportError):
        ReportEvent.objects.all().delete()
    assert ReportEvent.objects.get(pk=event.pk).comment == "请补充图片。"
