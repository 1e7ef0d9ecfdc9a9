"""整改: raising an item from any record, evidence, verification and closure, the inbox, pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core import inbox
from fazhi.core.exceptions import ApplicationError
from fazhi.core.models import AuditEvent
from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory
from fazhi.rectify import selectors, services
from fazhi.rectify.models import RectificationItem
from fazhi.rectify.workflow import Status
from tests.testapp.models import SampleCase

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_frozen"),
]
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def _frozen():
    with time_machine.travel(dt.datetime(2026, 11, 16, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def source(tree):
    """Any record of any module may be the source of a finding."""
    return SampleCase.objects.create(
        title="督察发现的问题", unit=tree["units"]["qingshi"], received_on="2026-11-02"
    )


@pytest.fixture
def item(source, reviewer, tree):
    return services.raise_item(
        source=source,
        unit=tree["units"]["qingshi"],
        title="合同未经审查即签订",
        due_on=dt.date(2026, 12, 16),
        actor=reviewer,
        module="法治督察",
        category="程序问题",
    )


def _evidence(name="整改报告.pdf"):
    return SimpleUploadedFile(name, PDF)


def test_raise_item_records_the_source_owner_and_raiser(item, source, reviewer, tree):
    assert (item.source_type, item.source_id, item.source_label) == (
        "testapp.samplecase",
        source.pk,
        "督察发现的问题",
    )
    assert (item.unit, item.raised_by_unit, item.status) == (
        tree["units"]["qingshi"],
        reviewer.unit,
        Status.OPEN,
    )
    assert list(selectors.items_for_source(source)) == [item]
    assert AuditEvent.objects.filter(
        event="create", object_type="rectify.rectificationitem"
    ).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": " "}, "请填写整改事项名称"),
        ({"due_on": dt.date(2026, 11, 1)}, r"整改期限（2026-11-01）不能早于提出日期（2026-11-16）"),
        ({"unit": "court"}, "外部机关，不能承担整改"),
    ],
)
def test_bad_input_to_raise_item_is_refused_and_stores_nothing(
    source, reviewer, tree, changes, message
):
    values = {"title": "问题", "due_on": dt.date(2026, 12, 1), "unit": "qingshi", **changes}
    with pytest.raises(ApplicationError, match=message):
        services.raise_item(
            source=source,
            unit=tree["units"][values["unit"]],
            title=values["title"],
            due_on=values["due_on"],
            actor=reviewer,
            module="法治督察",
        )
    assert not RectificationItem.objects.exists()


def test_the_owner_submits_evidence_and_the_raiser_closes(item, township_clerk, reviewer):
    with pytest.raises(ApplicationError, match="请上传至少一份整改佐证材料"):
        services.submit(
            item=item, actor=township_clerk, measures="已重新签订", expected_version=item.version
        )
    item = services.submit(
        item=item,
        actor=township_clerk,
        measures="已重新签订",
        expected_version=item.version,
        upload=_evidence(),
    )
    assert (item.status, item.submitted_by) == (Status.SUBMITTED, township_clerk)
    item = services.close(item=item, actor=reviewer, expected_version=item.version, note="材料齐全")
    assert (item.status, item.closed_on, item.closed_by) == (
        Status.CLOSED,
        dt.date(2026, 11, 16),
        reviewer,
    )
    assert [e.action for e in item.events.all()] == ["raise", "submit", "close"]


def test_the_verifier_may_send_it_back_with_reasons(item, township_clerk, reviewer):
    item = services.submit(
        item=item,
        actor=township_clerk,
        measures="已整改",
        expected_version=item.version,
        upload=_evidence(),
    )
    with pytest.raises(ApplicationError, match="请填写退回理由"):
        services.send_back(item=item, actor=reviewer, note="", expected_version=item.version)
    item = services.send_back(
        item=item, actor=reviewer, note="缺少补充协议", expected_version=item.version
    )
    assert item.status == Status.OPEN


def test_the_owner_cannot_verify_and_others_cannot_submit(
    item, township_clerk, other_township_clerk, tree
):
    with pytest.raises(services.NotAllowedError):
        services.submit(
            item=item,
            actor=other_township_clerk,
            measures="x",
            expected_version=item.version,
            upload=_evidence(),
        )
    item = services.submit(
        item=item,
        actor=township_clerk,
        measures="x",
        expected_version=item.version,
        upload=_evidence(),
    )
    with pytest.raises(services.NotAllowedError):
        services.close(item=item, actor=township_clerk, expected_version=item.version)
    # Whoever submitted the evidence cannot also close the item.
    both = UserFactory(username="both", unit=tree["units"]["justice"], roles=[Role.REVIEWER])
    item.submitted_by = both
    with pytest.raises(services.NotAllowedError, match="不能核验自己的整改"):
        services.close(item=item, actor=both, expected_version=item.version)


def test_a_wrong_evidence_file_is_refused_and_the_item_stays_open(item, township_clerk):
    with pytest.raises(ApplicationError, match=r"整改佐证材料“报告.pdf”不是有效的"):
        services.submit(
            item=item,
            actor=township_clerk,
            measures="x",
            expected_version=item.version,
            upload=SimpleUploadedFile("报告.pdf", b"plain text"),
        )
    item.refresh_from_db()
    assert item.status == Status.OPEN and not item.evidence.exists()


def test_open_items_reach_the_inbox_of_owner_and_raiser(
    item, township_clerk, reviewer, other_township_clerk
):
    assert [i.title for i in inbox.items_for(township_clerk, module="整改")] == [
        f"{item.number} 合同未经审查即签订（整改期限）"
    ]
    assert len(inbox.items_for(reviewer, module="整改")) == 1
    assert inbox.items_for(other_township_clerk, module="整改") == []


def test_a_closed_item_leaves_the_inbox(item, township_clerk, reviewer):
    item = services.submit(
        item=item,
        actor=township_clerk,
        measures="x",
        expected_version=item.version,
        upload=_evidence(),
    )
    services.close(item=item, actor=reviewer, expected_version=item.version)
    assert inbox.items_for(township_clerk, module="整改") == []


def test_pages_list_show_and_act(client, item, township_clerk, reviewer):
    client.force_login(township_clerk)
    assert "合同未经审查即签订" in client.get(reverse("rectify:list")).content.decode()
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'data-testid="rectify-submit-form"' in page
    response = client.post(
        reverse("rectify:submit", args=[item.pk]),
        {"version": item.version, "measures": "重新签订", "file": _evidence()},
        follow=True,
    )
    assert "已提交整改材料" in response.content.decode()
    evidence = RectificationItem.objects.get(pk=item.pk).evidence.get()
    assert client.get(reverse("rectify:evidence", args=[evidence.pk])).status_code == 200
    client.force_login(reviewer)
    item.refresh_from_db()
    response = client.post(
        reverse("rectify:close", args=[item.pk]), {"version": item.version}, follow=True
    )
    assert "整改已核验销号" in response.content.decode()


def test_another_townships_item_answers_404(client, item, other_township_clerk):
    client.force_login(other_township_clerk)
    assert client.get(item.get_absolute_url()).status_code == 404
