"""`fazhi report draft --reporter … --year … -o report.docx`."""

from __future__ import annotations

import docx
import pytest
from django.core.management import CommandError, call_command

from fazhi.reports.models import Report

pytestmark = pytest.mark.django_db


def test_the_command_drafts_and_writes_the_word_file(data, frozen, tmp_path, capsys):
    out = tmp_path / "report.docx"
    call_command(
        "report", "draft", "--reporter", "示例县人民政府", "--year", "2025", "-o", str(out)
    )
    assert "已起草" in capsys.readouterr().out
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "示例县人民政府2025年法治政府建设年度报告" in texts
    assert Report.objects.count() == 1
    # A second run exports the report as it stands.
    call_command("report", "draft", "--reporter", "U-GOV", "--year", "2025", "-o", str(out))
    assert "已有报告" in capsys.readouterr().out
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reporter", "不存在县人民政府", "--year", "2025", "-o", "x.docx"], "未找到单位"),
        (["--reporter", "示例县人民政府", "--year", "2025", "-o", "x.txt"], ".docx 或 .pdf"),
        (["--year", "2025", "-o", "x.docx"], "--reporter"),
        (["--reporter", "示例县人民政府", "--year", "20x5", "-o", "x.docx"], "年度格式不正确"),
        (
            ["--reporter", "示例县人民政府", "--year", "2025", "-o", "/nonexistent/x.docx"],
            "文件夹不存在",
        ),
        (
            ["--reporter", "示例县司法局", "--year", "2025", "-o", "x.docx"],
            "没有可用于起草报告的数据",
        ),
        (
            ["--reporter", "示例县人民法院", "--year", "2025", "-o", "x.docx"],
            "不是法治政府建设年度报告的报告主体",
        ),
    ],
)
def test_bad_arguments_get_a_clear_message(data, frozen, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", "draft", *args)


def test_a_reporter_without_data_gets_a_clear_message(tree, frozen, tmp_path):
    out = tmp_path / "x.docx"
    with pytest.raises(CommandError, match="没有可用于起草报告的数据"):
        call_command(
            "report", "draft", "--reporter", "示例县人民政府", "--year", "2025", "-o", str(out)
        )
    assert not out.exists()
    assert not Report.objects.exists()
