"""`fazhi ledger import|export …`: counts on success, every error and a non-zero exit otherwise."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.disputes.models import Reconsideration
from fazhi.disputes.tests.test_ledger import RECON_HEADERS, book, recon_row

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 10, tzinfo=dt.UTC)


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("ledger", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def ledger_file(tmp_path):
    path = tmp_path / "复议台账.xlsx"
    path.write_bytes(book([recon_row(), recon_row("示复〔2026〕2号")], RECON_HEADERS))
    return path


@time_machine.travel(NOW)
def test_import_prints_the_counts(tree, ledger_file):
    out, _ = _call("import", "reconsideration", str(ledger_file), "--region", "示例县")
    assert "导入完成" in out and "新增 2" in out
    out, _ = _call("import", "reconsideration", str(ledger_file), "--region", "990121000000")
    assert "新增 0" in out and "未变 2" in out
    assert Reconsideration.objects.count() == 2


@time_machine.travel(NOW)
def test_dry_run_stores_nothing(tree, ledger_file):
    out, _ = _call("import", "reconsideration", str(ledger_file), "--region", "示例县", "--dry-run")
    assert "检查通过（未写入）" in out and "新增 2" in out
    assert not Reconsideration.objects.exists()


@time_machine.travel(NOW)
def test_errors_are_printed_and_the_exit_code_is_not_zero(tree, tmp_path):
    path = tmp_path / "坏台账.xlsx"
    rows = [
        recon_row(over={"被申请单位": "县交通运输局"}),
        recon_row("示复〔2026〕2号", {"受理日期": "昨天"}),
    ]
    path.write_bytes(book(rows, RECON_HEADERS))
    err = io.StringIO()
    with pytest.raises(CommandError, match="共 2 处错误") as info:
        call_command(
            "ledger", "import", "reconsideration", str(path), "--region", "示例县", stderr=err
        )
    assert info.value.returncode != 0  # run from the shell, the command exits with it
    assert "第 2 行「被申请单位」列" in err.getvalue() and "第 3 行「受理日期」列" in err.getvalue()
    assert not Reconsideration.objects.exists()


def test_bad_arguments_are_explained(tree, ledger_file):
    with pytest.raises(CommandError, match="未知台账"):
        _call("import", "penalty", str(ledger_file), "--region", "示例县")
    with pytest.raises(CommandError, match="--region"):
        _call("import", "reconsideration", str(ledger_file))
    with pytest.raises(CommandError, match="未找到区划"):
        _call("import", "reconsideration", str(ledger_file), "--region", "无此县")
    with pytest.raises(CommandError, match="文件不存在"):
        _call("import", "reconsideration", "/nonexistent.xlsx", "--region", "示例县")


@time_machine.travel(NOW)
def test_export_writes_the_region_in_full(tree, ledger_file, tmp_path):
    _call("import", "reconsideration", str(ledger_file), "--region", "示例县")
    target = tmp_path / "导出.xlsx"
    out, _ = _call("export", "reconsideration", str(target), "--region", "示例县", "--year", "2026")
    assert "2 件" in out
    rows = list(openpyxl.load_workbook(target)["行政复议台账"].iter_rows(values_only=True))
    assert len(rows) == 3 and rows[1][1] == "王某"
