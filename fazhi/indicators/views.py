"""Pages of indicators and assessment: runs and their rankings, targets, manual values,
indicator systems. Thin: parse, call one selector or service, render; the dashboard app owns
the 一屏掌控 screens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core import pages, uploads
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.http import attachment
from fazhi.core.permissions import Perm, deny, has_perm, require_perm
from fazhi.core.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from fazhi.indicators import assessment, exporters, importers, selectors, services, systems
from fazhi.indicators.models import (
    ManualIndicator,
    RunStatus,
    Target,
    TargetLevel,
)
from fazhi.indicators.periods import parse_year
from fazhi.indicators.registry import Direction

# --- assessment runs -------------------------------------------------------------------------


@require_perm(Perm.VIEW_BUSINESS)
def run_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    can_manage = has_perm(user, Perm.MANAGE_ASSESSMENT)
    context = {
        "runs": selectors.runs_for(user)[:200],
        "can_manage": can_manage,
        "regions": selectors.assessable_regions(user) if can_manage else [],
        "systems": selectors.systems_for(user) if can_manage else [],
        "levels": TargetLevel.choices,
        "year": selectors.current_year(),
    }
    return render(request, "indicators/run_list.html", context)


@require_perm(Perm.MANAGE_ASSESSMENT)
@require_POST
def run_new(request: HttpRequest) -> HttpResponse:
    user, post = request.user, request.POST
    back = reverse("indicators:runs")
    try:
        region = selectors.region_for(user, post.get("region", ""))
        system = None
        if post.get("system"):
            system = selectors.system_for(user, int(post["system"]))
        run = assessment.run_assessment(
            region=region, year=parse_year(post.get("year", "")), level=post.get("level", ""),
            system=system, actor=user, freeze=post.get("freeze") == "1",
        )  # fmt: skip
    except NotAllowedError as exc:
        pages.refused(request, exc.message)
        return redirect(back)
    except (ApplicationError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", "参数有误"))
        return redirect(back)
    messages.success(request, f"已完成考核测评：{run}")
    return redirect("indicators:run", run_id=run.pk)


@require_perm(Perm.VIEW_BUSINESS)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for(request.user, run_id)
    columns, rows = selectors.ranking(run)
    context = {
        "run": run,
        "columns": columns,
        "rows": rows,
        "is_live": run.status == RunStatus.LIVE,
        "can_manage": has_perm(request.user, Perm.MANAGE_ASSESSMENT),
    }
    return render(request, "indicators/run_detail.html", context)


@require_perm(Perm.VIEW_BUSINESS)
def run_compare(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for(request.user, run_id)
    differences = assessment.compare_with_live(run)
    return render(request, "indicators/run_compare.html", {"run": run, "differences": differences})


@require_perm(Perm.VIEW_BUSINESS)
def run_xlsx(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for(request.user, run_id)
    content = exporters.export_ranking(run, actor=request.user)
    return attachment(content, filename=f"{run}.xlsx", content_type=XLSX_CONTENT_TYPE)


def _run_action(request: HttpRequest, run_id: int, action: Any, done: str) -> HttpResponse:
    run = selectors.run_for(request.user, run_id)
    url = reverse("indicators:run", kwargs={"run_id": run.pk})
    return pages.run(request, lambda: action(run, actor=request.user), done, url)


@require_perm(Perm.MANAGE_ASSESSMENT)
@require_POST
def run_freeze(request: HttpRequest, run_id: int) -> HttpResponse:
    done = "已冻结：本次考核结果不再随数据更正而变动。"
    return _run_action(request, run_id, assessment.freeze_run, done)


@require_perm(Perm.MANAGE_ASSESSMENT)
@require_POST
def run_recompute(request: HttpRequest, run_id: int) -> HttpResponse:
    return _run_action(request, run_id, assessment.recompute_run, "已按当前数据重新计算。")


@require_perm(Perm.MANAGE_ASSESSMENT)
@require_POST
def run_delete(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for(request.user, run_id)
    try:
        assessment.delete_run(run, actor=request.user)
    except NotAllowedError as exc:
        pages.refused(request, exc.message)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("indicators:run", run_id=run.pk)
    else:
        messages.success(request, "已删除考核测评。")
    return redirect("indicators:runs")


# --- targets ---------------------------------------------------------------------------------


@require_perm(Perm.VIEW_BUSINESS)
def targets_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    unit = user.unit
    if unit is None:
        raise deny(request, "账号没有所在单位")
    region = unit.region.county() or unit.region
    return redirect("indicators:targets", region_code=region.code, year=selectors.current_year())


@require_perm(Perm.VIEW_BUSINESS)
def targets(request: HttpRequest, region_code: str, year: int) -> HttpResponse:
    region = selectors.region_for(request.user, region_code)
    context = {
        "region": region,
        "year": year,
        "rows": selectors.targets_of(region, year),
        "can_manage": has_perm(request.user, Perm.MANAGE_ASSESSMENT),
        "levels": TargetLevel.choices,
        "codes": services.settable_indicators(),
        "years": range(selectors.current_year() + 1, selectors.current_year() - 5, -1),
    }
    return render(request, "indicators/targets.html", context)


@require_perm(Perm.MANAGE_ASSESSMENT)
@require_POST
def target_set(request: HttpRequest, region_code: str, year: int) -> HttpResponse:
    region = selectors.region_for(request.user, region_code)
    post = request.POST

    def call() -> Any:
        return services.set_target(
            actor=request.user, region=region, code=post.get("code", ""), year=year,
            level=post.get("level", ""), green_at=post.get("green_at"),
            yellow_at=post.get("yellow_at"), basis=post.get("basis", ""),
        )  # fmt: skip

    back = reverse("indicators:targets", kwargs={"region_code": region.code, "year": year})
    return pages.run(request, call, "已保存指标目标。", back)


@require_perm(Perm.MANAGE_ASSESSMENT)
@require_POST
def target_delete(request: HttpRequest, region_code: str, year: int) -> HttpResponse:
    region = selectors.region_for(request.user, region_code)
    back = reverse("indicators:targets", kwargs={"region_code": region.code, "year": year})
    target_id = request.POST.get("target", "")
    target = Target.objects.filter(
        region=region, year=year, pk=int(target_id) if target_id.isdigit() else 0
    ).first()
    if target is None:
        messages.error(request, "该目标不存在或已删除")
        return redirect(back)
    return pages.run(
        request,
        lambda: services.delete_target(actor=request.user, target=target),
        "已删除指标目标。",
        back,
    )


# --- manual values ---------------------------------------------------------------------------


@require_perm(Perm.VIEW_BUSINESS)
def manual_home(request: HttpRequest) -> HttpResponse:
    """A unit's own page; the units in scope listed for those who see several."""
    user: Any = request.user
    year = selectors.parse_page_year(request.GET.get("year"))
    units = selectors.entry_units(user)
    can_declare = has_perm(user, Perm.MANAGE_ASSESSMENT)
    if units.count() <= 1 and user.unit is not None and not can_declare:
        return redirect("indicators:manual", unit_code=user.unit.code, year=year)
    counts = selectors.entered_counts(units, year)
    context = {
        "rows": [(unit, counts.get(unit.pk, 0)) for unit in units],
        "year": year,
        "indicators": ManualIndicator.objects.filter(is_active=True).count(),
        "can_declare": can_declare,
        "directions": [(d.value, d.label) for d in Direction if d != Direction.NEUTRAL],
    }
    return render(request, "indicators/manual_home.html", context)


@require_perm(Perm.MANAGE_ASSESSMENT)
@require_POST
def manual_declare(request: HttpRequest) -> HttpResponse:
    post = request.POST

    def call() -> Any:
        return services.declare_manual_indicator(
            actor=request.user, code=post.get("code", ""), name=post.get("name", ""),
            definition=post.get("definition", ""), unit=post.get("unit") or "%",
            direction=post.get("direction", ""), is_ratio=post.get("is_ratio") == "1",
            basis=post.get("basis", ""),
        )  # fmt: skip

    return pages.run(request, call, "已声明手工填报指标。", reverse("indicators:manual-home"))


@require_perm(Perm.VIEW_BUSINESS)
def manual_unit(request: HttpRequest, unit_code: str, year: int) -> HttpResponse:
    unit = selectors.unit_for(request.user, unit_code)
    if request.method == "POST":
        return _manual_save(request, unit, year)
    context = {
        "unit": unit,
        "year": year,
        "entries": selectors.manual_entries(unit, year),
        "can_edit": has_perm(request.user, Perm.EDIT_BUSINESS),
        "max_mb": uploads.max_bytes() // 1024 // 1024,
    }
    return render(request, "indicators/manual_unit.html", context)


def _manual_save(request: HttpRequest, unit: Any, year: int) -> HttpResponse:
    if not has_perm(request.user, Perm.EDIT_BUSINESS):
        raise deny(request, f"缺少权限“{Perm.EDIT_BUSINESS.label}”")
    post = request.POST
    indicator = ManualIndicator.objects.filter(pk=post.get("indicator") or 0).first()
    back = reverse("indicators:manual", kwargs={"unit_code": unit.code, "year": year})
    if indicator is None:
        messages.error(request, "请选择要填报的指标")
        return redirect(back)

    def call() -> Any:
        return services.enter_manual_value(
            actor=request.user, indicator=indicator, unit=unit, year=year,
            numerator=post.get("numerator"), denominator=post.get("denominator"),
            value=post.get("value"), note=post.get("note", ""),
            upload=request.FILES.get("evidence"),
            expected_version=int(post["version"]) if post.get("version", "").isdigit() else None,
        )  # fmt: skip

    return pages.run(request, call, f"已保存{unit.name} {year} 年“{indicator.name}”。", back)


@require_perm(Perm.VIEW_BUSINESS)
def manual_evidence(request: HttpRequest, value_id: int) -> Any:  # a FileResponse
    value = selectors.manual_value_for(request.user, value_id)
    if not value.evidence:
        return redirect("indicators:manual", unit_code=value.unit.code, year=value.year)
    kind = next(
        (k for k in uploads.EVIDENCE if value.evidence.name.lower().endswith(k.extensions)),
        uploads.PDF,
    )
    return uploads.file_response(
        name=value.evidence.name,
        original_name=value.evidence_name or "佐证材料",
        content_type=kind.content_type,
    )


# --- indicator systems -----------------------------------------------------------------------


@require_perm(Perm.VIEW_BUSINESS)
def system_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "systems": selectors.systems_for(user),
        "can_manage": has_perm(user, Perm.MANAGE_ASSESSMENT),
        "regions": selectors.assessable_regions(user),
    }
    return render(request, "indicators/system_list.html", context)


@require_perm(Perm.VIEW_BUSINESS)
def system_detail(request: HttpRequest, system_id: int) -> HttpResponse:
    system = selectors.system_for(request.user, system_id)
    rows = systems.tree_rows(system)
    problems = systems.tree_problems(systems.nodes_of(system), system.total_points)
    context = {"system": system, "rows": rows, "problems": problems}
    return render(request, "indicators/system_detail.html", context)


@require_perm(Perm.VIEW_BUSINESS)
def system_xlsx(request: HttpRequest, system_id: int) -> HttpResponse:
    system = selectors.system_for(request.user, system_id)
    content = exporters.export_system(system, actor=request.user)
    return attachment(content, filename=f"{system}.xlsx", content_type=XLSX_CONTENT_TYPE)


@require_perm(Perm.VIEW_BUSINESS)
def system_template(request: HttpRequest) -> HttpResponse:
    return attachment(
        exporters.template_workbook(),
        filename="指标体系导入模板.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@require_perm(Perm.MANAGE_ASSESSMENT)
@require_POST
def system_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 Excel 文件（.xlsx）")
        return redirect("indicators:systems")
    region = selectors.region_for(user, request.POST.get("region", ""))
    data = upload.read(importers.MAX_BYTES + 1)
    try:
        result = importers.import_system(
            data=data, actor=user, region=region, filename=upload.name or ""
        )
    except NotAllowedError as exc:
        pages.refused(request, exc.message)
        return redirect("indicators:systems")
    if not result.ok:
        context = {"errors": result.errors, "filename": upload.name}
        return render(request, "indicators/system_import_errors.html", context, status=400)
    system = result.system
    messages.success(request, f"已导入指标体系“{system}”，共 {result.items} 项（草稿）。")
    return redirect("indicators:system", system_id=system.pk if system else 0)
