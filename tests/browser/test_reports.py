"""The annual report in a real browser (issue 7): the county administrator drafts 示例县's 2025
report from the data, edits a paragraph, sees a wrong typed figure flagged and corrects it; the
主要负责人 signs it off; Word and PDF are exported."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from fazhi.reports.models import Report
from fazhi.reports.tests.factories import county_data
from fazhi.reports.tests.helpers import fill
from tests.browser.conftest import screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
FIVE = ("一、", "二、", "三、", "四、", "五、")


@pytest.fixture
def signed_in(browser, live_server):
    """A signed-in page per user, each in its own browser context, closed after the test."""
    contexts = []

    def open_page(username):
        context = browser.new_context(
            viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None
        )
        sign_in(page, live_server, username)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _post(page, selector):
    with page.expect_navigation():
        page.click(f"{selector} button[type=submit]")


def test_draft_edit_check_sign_off_and_export(signed_in, live_server, tree, county_admin, leader):
    county_data(tree)
    editor = signed_in(county_admin.username)
    report = _draft(editor, live_server.url, tree)
    _type_a_wrong_figure(editor, report)
    _see_it_flagged_and_correct_it(editor, live_server.url, report)
    _post(editor, "[data-testid=action-review]")
    assert "审核中" in editor.inner_text("h1")

    head = signed_in(leader.username)
    head.goto(f"{live_server.url}{report.get_absolute_url()}")
    head.check("#secrecy")
    head.fill("#signer-title", "县长")
    _post(head, "[data-testid=action-sign_off]")
    assert "已签发" in head.inner_text("h1"), head.inner_text(".alert")
    assert "县长" in head.inner_text("[data-testid=report-facts]")
    screenshot(head, "report-signed")

    _export_word(head, report)
    _export_pdf(head)
    assert editor.console_errors == [] and head.console_errors == []


def _draft(page, base, tree):
    page.goto(f"{base}/reports/")
    page.select_option("#d-reporter", str(tree["units"]["government"].pk))
    page.fill("#d-year", "2025")
    _post(page, "[data-testid=draft-form]")
    text = page.inner_text("[data-testid=report-text]")
    assert "行政诉讼败诉率降至10.00%，同比下降10个百分点" in text
    screenshot(page, "report-draft")
    return Report.objects.get()


def _type_a_wrong_figure(page, report):
    fill(report, report.drafted_by)  # the other parts, as the editor would write them
    part2 = report.sections.get(part=2)
    page.reload()
    with page.expect_navigation():
        page.click(f"[data-testid=edit-section-{part2.order}]")
    page.fill("[data-testid=section-body]", "全县行政诉讼调撤率达61.01%，基层执法力量仍然薄弱。")
    with page.expect_navigation():
        page.click("[data-testid=save-section]")
    assert "调撤率达61.01%" in page.inner_text(f"[data-testid=section-{part2.order}]")


def _see_it_flagged_and_correct_it(page, base, report):
    with page.expect_navigation():
        page.click("[data-testid=run-checks]")
    typed = page.inner_text("[data-testid=findings] tr[data-check=typed]")
    assert "61.01%" in typed and "60.00%" in typed
    assert page.inner_text("[data-testid=error-count]") == "1"
    screenshot(page, "report-checks")
    with page.expect_navigation():
        page.click("[data-testid=findings] tr[data-check=typed] a")
    # The editor uses the live figure instead of typing the number.
    page.fill(
        "[data-testid=section-body]",
        "全县行政诉讼调撤率达{{disputes.litigation_mediation_rate|value}}，基层执法力量仍然薄弱。",
    )
    with page.expect_navigation():
        page.click("[data-testid=save-section]")
    page.goto(f"{base}/reports/{report.pk}/checks/")
    assert page.inner_text("[data-testid=error-count]") == "0"
    page.goto(f"{base}{report.get_absolute_url()}")


def _export_word(page, report):
    with page.expect_download() as download:
        page.click("[data-testid=export-docx]")
    data = Path(download.value.path()).read_bytes()
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    assert paragraphs[0] == report.title
    assert [p[:2] for p in paragraphs if p.startswith(FIVE)] == list(FIVE)
    assert any("调撤率达60.00%" in p for p in paragraphs)


def _export_pdf(page):
    with page.expect_download(timeout=90_000) as download:
        page.click("[data-testid=export-pdf]")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
