"""A township's contract, in a real browser, from submission through 补正, review, the opinion
letter, adoption and rectification to closure; the figures change along the way (issue 4)."""

from __future__ import annotations

import io
import zipfile

import pytest

from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory
from fazhi.review.models import CatalogEntry, ReviewMatter
from fazhi.review.services.catalog import ensure_default_catalog
from fazhi.review.tests.factories import PDF_BYTES, docx_bytes
from tests.browser.conftest import screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def people(tree, township_clerk):
    """青石镇's clerk (the township_clerk persona) and its own 法审员, with the county catalog."""
    ensure_default_catalog(county=tree["regions"]["county"], actor=None, check=False)
    qingshi = tree["units"]["qingshi"]
    return {
        "clerk": township_clerk,
        "reviewer": UserFactory(username="qs_reviewer", unit=qingshi, roles=[Role.REVIEWER]),
        "entry": CatalogEntry.objects.get(level="township", matter_type="contract"),
    }


@pytest.fixture
def signed_in(browser, live_server):
    """A signed-in page per user, each in its own browser context (dialogs accepted, console
    errors kept), closed after the test."""
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


def _file(name, content, mime):
    return {"name": name, "mimeType": mime, "buffer": content}


def _figure(page, live_server, code):
    page.goto(f"{live_server.url}/review/figures/")
    return page.inner_text(f"[data-testid='value-review.{code}']")


def _post(page, selector):
    with page.expect_navigation():
        page.click(f"{selector} button[type=submit]")


def test_a_township_contract_from_submission_to_closure(signed_in, live_server, people):
    clerk = signed_in(people["clerk"].username)
    reviewer = signed_in(people["reviewer"].username)
    assert _figure(reviewer, live_server, "matters_reviewed") == "—"

    url = _submit_without_materials(clerk, live_server, people["entry"])
    _return_for_supplement(reviewer, url)
    _supplement_and_resubmit(clerk, url, people["entry"])
    _review_and_sign(reviewer, live_server.url, url)
    _download_letter(reviewer)
    _answer_and_close(clerk, url)
    _rectify(clerk, reviewer, url)

    assert _figure(reviewer, live_server, "matters_reviewed") == "1 件"
    assert _figure(reviewer, live_server, "adoption_rate") == "100.00%"
    assert _figure(reviewer, live_server, "contract_rectify_rate") == "100.00%"
    assert _figure(reviewer, live_server, "coverage") == "100.00%"
    screenshot(reviewer, "review-figures")
    assert clerk.console_errors == [] and reviewer.console_errors == []


def _submit_without_materials(page, live_server, entry):
    page.goto(f"{live_server.url}/review/new/")
    page.select_option("select[name=catalog_entry]", str(entry.pk))
    page.wait_for_selector("#fz-entry-materials >> text=合同相对方主体资格材料")  # htmx fragment
    page.fill("input[name=title]", "青石镇农贸市场摊位租赁合同")
    page.fill("textarea[name=legal_basis]", "《中华人民共和国民法典》第七百零三条")
    page.fill("textarea[name=procedure_note]", "已经镇党政联席会议研究")
    with page.expect_navigation():
        page.click("[data-testid=matter-form] button[type=submit]")
    page.set_input_files(
        "[data-testid=upload-draft] input[type=file]",
        files=[_file("租赁合同.docx", docx_bytes("摊位租赁合同"), DOCX)],
    )
    _post(page, "[data-testid=upload-draft]")
    assert "租赁合同.docx" in page.inner_text("[data-testid=checklist]")
    _post(page, "[data-testid=act-submit]")
    assert page.inner_text("h1 [data-testid=matter-status]") == "待受理"
    return page.url


def _return_for_supplement(page, url):
    page.goto(url)
    assert "缺少必备材料" in page.inner_text("[data-testid=missing-materials]")
    page.fill("[data-testid=act-return] textarea[name=note]", "请补充合同相对方营业执照")
    _post(page, "[data-testid=act-return]")
    assert page.inner_text("h1 [data-testid=matter-status]") == "退回补正"


def _supplement_and_resubmit(page, url, entry):
    page.goto(url)
    assert "合同相对方主体资格材料" in page.inner_text("[data-testid=missing-note]")
    # A file that claims to be a PDF but is not is refused with a Chinese message.
    first = entry.materials.filter(required=True).first()
    selector = f"[data-testid=upload-material-{first.pk}]"
    page.set_input_files(
        f"{selector} input[type=file]", files=[_file("执照.pdf", b"not a pdf", "application/pdf")]
    )
    _post(page, selector)
    assert "不是有效的" in page.inner_text(".alert-danger")
    screenshot(page, "review-bad-upload")
    for material in entry.materials.filter(required=True):
        selector = f"[data-testid=upload-material-{material.pk}]"
        page.set_input_files(
            f"{selector} input[type=file]",
            files=[_file(f"{material.name}.pdf", PDF_BYTES, "application/pdf")],
        )
        _post(page, selector)
    _post(page, "[data-testid=act-submit]")
    assert page.inner_text("h1 [data-testid=matter-status]") == "待受理"


def _review_and_sign(page, base, url):
    page.goto(f"{base}/review/queue/")
    assert "青石镇农贸市场摊位租赁合同" in page.inner_text("[data-testid=queue]")
    page.goto(url)
    _post(page, "[data-testid=act-accept]")
    page.select_option("[data-testid=issue-form] select[name=category]", "content")
    page.fill(
        "[data-testid=issue-form] textarea[name=description]", "违约责任仅约定承租方一方，不对等"
    )
    page.fill("[data-testid=issue-form] textarea[name=suggestion]", "对等约定出租方违约责任")
    _post(page, "[data-testid=issue-form]")
    page.select_option("[data-testid=act-opinion] select[name=conclusion]", "amend")
    page.fill("[data-testid=act-opinion] textarea[name=opinion]", "经审查，该合同修改后合法。")
    _post(page, "[data-testid=act-opinion]")
    _post(page, "[data-testid=act-sign]")
    assert page.inner_text("h1 [data-testid=matter-status]") == "待反馈"
    assert "问题合同整改" in page.inner_text("[data-testid=matter-rectify]")
    screenshot(page, "review-signed")


def _download_letter(page):
    with page.expect_download() as info:
        page.click("[data-testid=letter-link]")
    content = open(info.value.path(), "rb").read()  # noqa: SIM115
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert (
        "合法性审查意见书" in xml
        and "青石镇人民政府法审〔" in xml
        and "违约责任仅约定承租方一方" in xml
    )


def _answer_and_close(page, url):
    page.goto(url)
    page.select_option("[data-testid=answer-1] select[name=adopted]", "yes")
    _post(page, "[data-testid=answer-1]")
    assert page.inner_text("[data-testid=adoption-1]") == "采纳"
    _post(page, "[data-testid=act-close]")
    assert page.inner_text("h1 [data-testid=matter-status]") == "已办结"
    assert ReviewMatter.objects.get(title="青石镇农贸市场摊位租赁合同").status == "closed"


def _rectify(clerk, reviewer, url):
    clerk.goto(url)
    with clerk.expect_navigation():
        clerk.click("[data-testid=matter-rectify] a")
    clerk.fill(
        "[data-testid=rectify-submit-form] textarea[name=measures]", "已与承租方签订补充协议"
    )
    clerk.set_input_files(
        "[data-testid=rectify-submit-form] input[type=file]",
        files=[_file("补充协议.pdf", PDF_BYTES, "application/pdf")],
    )
    _post(clerk, "[data-testid=rectify-submit-form]")
    assert "待核验" in clerk.inner_text("h1")
    reviewer.goto(clerk.url)
    _post(reviewer, "[data-testid=rectify-close-form]")
    assert "已销号" in reviewer.inner_text("h1")
    screenshot(reviewer, "review-rectified")
