"""Issue 5's "Done when": in a real browser, a decision of the 2026 catalog walks every stage
from 启动 to 公布 (公众参与, 听证, 专家论证, 风险评估, 合法性审查, 集体讨论决定, 党委请示报告), the
guards refusing a too-short consultation, late hearing materials and a premature 集体讨论.

Time is frozen (ticking) at 2026-11-02, then moved to 2026-11-16 so that the 合法性审查 has had
its 7 工作日; the 法审员's own steps are the review module's (walked in test_review_flow.py) and
run here through its services.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine

from fazhi.decisions.models import Decision
from fazhi.decisions.tests import factories as f
from fazhi.decisions.tests.conftest import gov_clerk, police_clerk, review_catalog
from fazhi.review.tests.factories import PDF_BYTES, docx_bytes
from tests.browser.conftest import screenshot, sign_in

__all__ = ["gov_clerk", "police_clerk", "review_catalog"]  # fixtures shared with the unit tests
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CST = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 11, 2, 9, 30, tzinfo=CST)
MEETING_DAY = dt.datetime(2026, 11, 16, 9, 30, tzinfo=CST)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def clock(settings):
    settings.CSRF_COOKIE_AGE = None  # the browser lives in real time (see test_disputes_walk)
    with time_machine.travel(START, tick=True) as traveller:
        yield traveller


@pytest.fixture
def decision(tree, clock, review_catalog, county_admin, police_clerk, gov_clerk, reviewer):
    line = f.line(tree, title="城区停车收费标准调整", hearing=True, expert=True, risk=True)
    _catalog, (made,) = f.published_catalog(tree, county_admin, [line])
    return made


@pytest.fixture
def signed_in(browser, live_server):
    contexts = []

    def open_page(username):
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None
        )
        page.on("dialog", lambda dialog: dialog.accept())
        sign_in(page, live_server, username)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _post(page, selector):
    with page.expect_navigation():
        page.click(f"{selector} button[type=submit]")


def _upload(page, kind, name=None):
    name = name or f"{kind}.pdf"
    content, mime = (
        (docx_bytes(kind), DOCX) if name.endswith(".docx") else (PDF_BYTES, "application/pdf")
    )
    selector = f"[data-testid=upload-{kind}]"
    page.set_input_files(
        f"{selector} input[type=file]", files=[{"name": name, "mimeType": mime, "buffer": content}]
    )
    _post(page, selector)
    assert name in page.inner_text(f"[data-testid=materials-{_stage_of(kind)}]")


def _stage_of(kind):
    from fazhi.decisions.workflow import MATERIAL_SPECS

    return MATERIAL_SPECS[kind][0].value


def _fill(page, form, values):
    for name, value in values.items():
        page.fill(f"[data-testid={form}] [name={name}]", value)


def _complete(page, stage, day):
    page.fill(f"[data-testid=complete-{stage}] [name=done_on]", day)
    _post(page, f"[data-testid=complete-{stage}]")
    assert "该阶段已完成" in page.inner_text(".fz-messages")


def _status(page):
    return page.inner_text("h1 [data-testid=decision-status]")


def test_a_decision_walks_every_stage_to_publication(
    signed_in, live_server, decision, clock, reviewer
):
    url = f"{live_server.url}{decision.get_absolute_url()}"
    host = signed_in("police_clerk")
    host.goto(url)
    _launch(host)
    _consult(host)
    _hear(host)
    _argue_and_assess(host)

    organ = signed_in("gov_clerk")
    organ.goto(url)
    _premature_meeting(organ)

    host.goto(url)
    _upload(host, "draft", "决策草案.docx")
    _upload(host, "draft_note")
    _post(host, "[data-testid=act-legality]")
    assert "已送合法性审查" in host.inner_text(".fz-messages")
    f.pass_review(Decision.objects.get(pk=decision.pk), reviewer)

    clock.move_to(MEETING_DAY)  # two weeks on: the sessions have timed out, sign in again
    organ = signed_in("gov_clerk")
    organ.goto(url)
    _decide_report_publish(organ)
    _archive(organ)
    organ.goto(f"{live_server.url}/decisions/2026/")
    states = organ.eval_on_selector_all(
        "[data-decision] .fz-step", "els => els.map(e => e.dataset.stage + ':' + e.dataset.state)"
    )
    assert "publication:done" in states and "meeting:done" in states
    screenshot(organ, "decisions-catalog")
    assert host.console_errors == [] and organ.console_errors == []


def _launch(page):
    _upload(page, "proposal", "立项申请.pdf")
    _fill(
        page,
        "act-launch",
        {
            "launched_on": "2026-09-01",
            "proposal": "现行收费标准已执行十年。",
            "research_note": "梳理价格法及省定价目录。",
        },
    )
    page.select_option("[data-testid=act-launch] [name=proposal_source]", "department")
    _post(page, "[data-testid=act-launch]")
    assert _status(page) == "拟订中"


def _consult(page):
    values = {"starts_on": "2026-09-02", "ends_on": "2026-09-20", "channel": "县政府门户网站"}
    _fill(page, "act-consultation", values)
    _post(page, "[data-testid=act-consultation]")
    assert "公开征求意见期限仅 18 日" in page.inner_text(".alert-danger")
    _fill(
        page,
        "act-consultation",
        {**values, "ends_on": "2026-10-12", "comments": "12", "adopted": "5"},
    )
    _post(page, "[data-testid=act-consultation]")
    assert "2026-10-12" in page.inner_text("[data-testid=consultations]")
    _upload(page, "notice")
    _upload(page, "feedback")
    _complete(page, "participation", "2026-10-13")


def _hear(page):
    values = {
        "announced_on": "2026-10-14",
        "materials_sent_on": "2026-10-20",
        "held_on": "2026-10-26",
        "participants": "消费者代表5人、经营者代表3人",
    }
    _fill(page, "act-hearing", values)
    page.check("[data-testid=act-hearing] [name=record_signed]")
    _post(page, "[data-testid=act-hearing]")
    assert "不足7日" in page.inner_text(".alert-danger")
    _fill(page, "act-hearing", {**values, "materials_sent_on": "2026-10-15"})
    page.check("[data-testid=act-hearing] [name=record_signed]")
    _post(page, "[data-testid=act-hearing]")
    _upload(page, "hearing_notice")
    _upload(page, "hearing_record")
    _complete(page, "hearing", "2026-10-27")


def _argue_and_assess(page):
    _fill(page, "act-expert", {"name": "王教授", "given_on": "2026-10-28", "opinion": "方案可行。"})
    page.check("[data-testid=act-expert] [name=signed]")
    _post(page, "[data-testid=act-expert]")
    _upload(page, "expert_opinions")
    _complete(page, "expert", "2026-10-29")
    _fill(
        page,
        "act-risk",
        {
            "assessed_on": "2026-10-30",
            "assessor": "县社会稳定风险评估中心",
            "risk_points": "个别经营者反对，已制定应急预案。",
        },
    )
    _post(page, "[data-testid=act-risk]")
    _upload(page, "risk_report")
    _complete(page, "risk", "2026-10-30")


def _premature_meeting(page):
    assert "合法性审查：尚未送审" in page.inner_text("[data-testid=meeting-problems]")
    _upload(page, "minutes", "会议纪要.pdf")
    _fill(
        page,
        "act-decide",
        {
            "decided_on": "2026-10-31",
            "meeting_name": "县政府第12次常务会议",
            "attendance": "县长等11人",
            "head_decision": "同意",
            "dissent": "无",
        },
    )
    _post(page, "[data-testid=act-decide]")
    message = page.inner_text(".alert-danger")
    assert "不能提交集体讨论决定" in message and "合法性审查：尚未送审" in message
    assert _status(page) == "拟订中"
    screenshot(page, "decisions-premature-meeting")


def _decide_report_publish(page):
    assert "可提交集体讨论决定" in page.inner_text("[data-testid=meeting-check]")
    _fill(
        page,
        "act-decide",
        {
            "decided_on": "2026-11-12",
            "meeting_name": "县政府第12次常务会议",
            "attendance": "县长、副县长等11人",
            "head_decision": "原则同意，修改后印发",
            "dissent": "无",
        },
    )
    _post(page, "[data-testid=act-decide]")
    assert _status(page) == "已决定"
    _upload(page, "party_report")
    _fill(page, "act-report", {"reported_on": "2026-11-13", "party_body": "中共示例县委常委会"})
    _post(page, "[data-testid=act-report]")
    assert _status(page) == "已报党委"
    _upload(page, "published_text", "公布文本.pdf")
    _fill(
        page, "act-publish", {"published_on": "2026-11-16", "publication_ref": "示政发〔2026〕8号"}
    )
    page.check("[data-testid=act-publish] [value=website]")
    page.check("[data-testid=act-publish] [value=gazette]")
    _post(page, "[data-testid=act-publish]")
    assert _status(page) == "已公布"
    timeline = page.inner_text("[data-testid=timeline]")
    for label in (
        "决策启动",
        "完成公众参与",
        "完成听证",
        "完成专家论证",
        "完成风险评估",
        "送合法性审查",
        "集体讨论决定",
        "党委请示报告",
        "决策公布",
    ):
        assert label in timeline
    screenshot(page, "decisions-published")


def _archive(page):
    with page.expect_download() as info:
        page.click("[data-testid=archive-link]")
    with open(info.value.path(), "rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert "00-卷内目录.xlsx" in names
    assert any("合法性审查意见书" in name for name in names)
    assert any(name.startswith("01-决策启动") for name in names)
