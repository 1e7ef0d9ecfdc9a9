"""The 台账 pages: templates, the upload → preview → confirm import, and the Excel export."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.audit import Event
from fazhi.core.models import AuditEvent
from fazhi.disputes.ledger_columns import LAWSUIT_COLUMNS, RECON_COLUMNS
from fazhi.disputes.models import Applicant, Reconsideration
from fazhi.disputes.tests.factories import lawsuit, recon
from fazhi.disputes.tests.test_ledger import RECON_HEADERS, book, recon_row
from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 10, tzinfo=dt.UTC)


def _upload(client, kind, data, name="台账.xlsx"):
    url = reverse("disputes:ledger-import", kwargs={"kind": kind})
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def _sheet(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return openpyxl.load_workbook(io.BytesIO(content))


def _rows(workbook, title):
    return [list(r) for r in workbook[title].iter_rows(values_only=True)]


# --- templates -----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "columns"), [("reconsideration", RECON_COLUMNS),
                                                ("litigation", LAWSUIT_COLUMNS)])  # fmt: skip
def test_templates_list_the_columns_their_values_and_validations(
    client, county_admin, kind, columns
):
    client.force_login(county_admin)
    response = client.get(reverse("disputes:ledger-template", kwargs={"kind": kind}))
    assert response.status_code == 200
    workbook = _sheet(response)
    data_sheet = workbook.worksheets[0]
    assert [c.value for c in data_sheet[1]] == [c.header for c in columns]
    assert data_sheet.max_row == 1  # no example row to import by mistake
    notes = _rows(workbook, "填写说明")
    assert any(row[0] == "行为类别" and "行政处罚" in (row[3] or "") for row in notes) or any(
        row[0] == "案由" and "行政处罚" in (row[3] or "") for row in notes
    )
    assert data_sheet.data_validations.dataValidation  # lists for the enumerations
    assert "可选值" in workbook.sheetnames


def test_an_unknown_ledger_kind_is_404(client, county_admin):
    client.force_login(county_admin)
    assert client.get("/disputes/ledger/penalty/template/").status_code == 404


# --- import ----------------------------------------------------------------------------------


@time_machine.travel(NOW)
def test_upload_previews_then_confirm_imports(client, county_admin):
    client.force_login(county_admin)
    data = book([recon_row(), recon_row("示复〔2026〕2号")], RECON_HEADERS)
    response = _upload(client, "reconsideration", data)
    assert response.status_code == 200
    assert response.context["result"].created == 2
    assert not Reconsideration.objects.exists()  # a preview writes nothing
    token = response.context["token"]
    url = reverse("disputes:ledger-import-confirm", kwargs={"kind": "reconsideration"})
    response = client.post(url, {"token": token})
    assert response.status_code == 302
    assert Reconsideration.objects.count() == 2
    assert AuditEvent.objects.filter(event=Event.IMPORT, actor=county_admin).count() == 1


@time_machine.travel(NOW)
def test_an_upload_with_errors_shows_them_all_and_offers_no_confirm(client, county_admin):
    client.force_login(county_admin)
    rows = [
        recon_row(over={"被申请单位": "县交通运输局"}),
        recon_row("示复〔2026〕2号", {"审理结果": "?"}),
    ]
    response = _upload(client, "reconsideration", book(rows, RECON_HEADERS))
    assert response.status_code == 400
    assert len(response.context["result"].errors) == 2
    body = response.content.decode()
    assert "县交通运输局" in body and "确认导入" not in body
    assert not Reconsideration.objects.exists()


def test_confirm_needs_the_previewed_token(client, county_admin):
    client.force_login(county_admin)
    url = reverse("disputes:ledger-import-confirm", kwargs={"kind": "reconsideration"})
    response = client.post(url, {"token": "0" * 64})
    assert response.status_code == 302 and not Reconsideration.objects.exists()


def test_a_macro_workbook_is_refused_before_reading(client, county_admin):
    client.force_login(county_admin)
    response = _upload(client, "reconsideration", b"PK\x03\x04junk", name="台账.xlsm")
    assert response.status_code == 400 and "宏" in response.content.decode()


@pytest.mark.parametrize("persona", ["township_clerk", "leader", "auditor"])
def test_only_region_wide_editors_may_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("disputes:ledger-import", kwargs={"kind": "reconsideration"})
    assert client.get(url).status_code == 403


def test_the_justice_bureau_reviewer_may_import(client, reviewer):
    client.force_login(reviewer)
    url = reverse("disputes:ledger-import", kwargs={"kind": "litigation"})
    response = client.get(url)
    assert response.status_code == 200 and "示例县" in response.content.decode()


# --- export ----------------------------------------------------------------------------------


def _export(client, kind="reconsideration", query=""):
    url = reverse("disputes:ledger-export", kwargs={"kind": kind}) + query
    response = client.get(url)
    assert response.status_code == 200
    return _sheet(response)


@time_machine.travel(NOW)
def test_export_has_the_template_columns_and_reimports_unchanged(client, county_admin, tree):
    case = recon(tree, outcome="revoke", accepted_on=dt.date(2026, 3, 4),
                 closed_on=dt.date(2026, 4, 1))  # fmt: skip
    lawsuit(tree, outcome="withdrawn", closed_on=dt.date(2026, 5, 1),
            hearings=[{"held_on": dt.date(2026, 4, 1), "head_appeared": True,
                       "head_rank": "principal", "head_name": "李局长", "head_position": "局长"}],
            )  # fmt: skip
    client.force_login(county_admin)
    workbook = _export(client)
    rows = _rows(workbook, "行政复议台账")
    assert rows[0] == [c.header for c in RECON_COLUMNS]
    assert rows[1][0] == case.case_number and rows[1][1] == "张某某"
    assert rows[1][2] == "330102199001011234"  # in full for a role that may see it
    for kind, sheet in (("reconsideration", "行政复议台账"), ("litigation", "行政诉讼台账")):
        exported = _export(client, kind)
        buffer = io.BytesIO()
        exported.save(buffer)
        response = _upload(client, kind, buffer.getvalue())
        assert response.status_code == 200, response.context["result"].errors
        result = response.context["result"]
        assert (result.created, result.updated, result.unchanged) == (0, 0, 1), sheet
    assert AuditEvent.objects.filter(event=Event.EXPORT).count() == 3


@time_machine.travel(NOW)
def test_export_masks_names_and_ids_and_the_masked_file_keeps_stored_names(
    client, tree, county_admin
):
    recon(tree)
    clerk = UserFactory(username="police_clerk", unit=tree["units"]["police"], roles=[Role.CLERK])
    client.force_login(clerk)
    workbook = _export(client)
    row = _rows(workbook, "行政复议台账")[1]
    assert row[1] == "张某某" or row[1].startswith("张")
    assert row[2] == "330***********1234"
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(county_admin)
    response = _upload(client, "reconsideration", buffer.getvalue())
    assert response.context["result"].unchanged == 1
    applicant = Applicant.objects.get()
    assert applicant.id_number == "330102199001011234"


@time_machine.travel(NOW)
def test_export_neutralises_formulas(client, tree, county_admin):
    case = recon(tree, note='=HYPERLINK("http://evil","x")')
    Applicant.objects.filter(case=case).update(name="@SUM(1+1)")
    client.force_login(county_admin)
    workbook = _export(client)
    sheet = workbook["行政复议台账"]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert cells and all(c.data_type == "s" for c in cells)
    assert any(c.value.startswith("=HYPERLINK") for c in cells)


@time_machine.travel(NOW)
def test_export_follows_the_list_filters_and_the_users_scope(client, tree, township_clerk):
    recon(tree, respondent=tree["units"]["qingshi"], received_on=dt.date(2026, 2, 2))
    recon(tree, received_on=dt.date(2026, 2, 3))  # the 公安局's: not the clerk's
    client.force_login(township_clerk)
    assert len(_rows(_export(client), "行政复议台账")) == 2
    assert len(_rows(_export(client, query="?year=2025"), "行政复议台账")) == 1
    line = AuditEvent.objects.filter(event=Event.EXPORT).latest("pk")
    assert "year=2025" in line.message and "脱敏" in line.message
