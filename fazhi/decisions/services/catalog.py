"""The annual catalog (决策事项目录): its lines while it is compiled, the Party committee's
agreement, publication, and later adjustments with their approval and each published version.

条例 第3条第3款: the 决策机关 sets its catalog and publishes it after the same-level Party
committee agrees; Zhejiang practice adjusts it during the year with government approval (RULES.md
§3), each change published again. Only the county's catalog managers write here (`policies`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.services import (
    audited_create,
    audited_delete,
    audited_transition,
    required_text,
    versioned_update,
)
from fazhi.decisions import items, policies
from fazhi.decisions.items import ItemData
from fazhi.decisions.models import (
    CatalogAdjustment,
    CatalogEdition,
    Decision,
    DecisionCatalog,
    Origin,
)
from fazhi.decisions.services.common import (
    not_before,
    record_event,
    required_date,
    run_transition,
    update_recorded,
)
from fazhi.decisions.workflow import (
    OPTIONAL_STAGES,
    Action,
    AdjustmentKind,
    AdjustmentStatus,
    CatalogStatus,
    Status,
)
from fazhi.org.models import Region, RegionLevel

WHERE = "决策事项目录"


def require_manager(actor: Any, region: Region, where: str = WHERE) -> None:
    if not policies.manages_catalog(actor, region):
        raise NotAllowedError(
            f"{where}：只能由{region.name}的县级管理员、司法局或县政府工作人员维护"
        )


def open_catalog(*, region: Region, year: int, actor: Any) -> DecisionCatalog:
    """Start compiling a county's catalog for `year` (编制中)."""
    require_manager(actor, region)
    if region.level != RegionLevel.COUNTY:
        raise ApplicationError(f"{WHERE}：“{region.name}”不是县级区划，目录按县(市、区)编制")
    if DecisionCatalog.objects.filter(region=region, year=year).exists():
        raise ApplicationError(f"{WHERE}：{region.name}{year}年度目录已经建立")
    return audited_create(
        DecisionCatalog,
        actor=actor,
        message=f"编制{region.name}{year}年度重大行政决策事项目录",
        region=region,
        year=year,
    )


def _require_draft(catalog: DecisionCatalog, where: str) -> None:
    if catalog.status != CatalogStatus.DRAFT:
        raise ApplicationError(
            f"{where}：{catalog.year}年度目录已“{CatalogStatus(catalog.status).label}”，"
            "只能通过目录调整增补、调整或调出事项"
        )


def check_item(data: ItemData, catalog: DecisionCatalog, where: str) -> None:
    found = items.problems(data, catalog)
    if found:
        raise ApplicationError(f"{where}：" + "；".join(f"「{c}」{m}" for c, m in found))


def next_seq(catalog: DecisionCatalog) -> int:
    return (catalog.decisions.aggregate(top=Max("seq"))["top"] or 0) + 1


def add_item(
    *, catalog: DecisionCatalog, actor: Any, data: ItemData, seq: int | None = None
) -> Decision:
    """A line of a catalog still being compiled."""
    where = "增加目录事项"
    require_manager(actor, catalog.region, where)
    _require_draft(catalog, where)
    check_item(data, catalog, where)
    seq = seq or next_seq(catalog)
    if catalog.decisions.filter(seq=seq).exists():
        raise ApplicationError(f"{where}：序号 {seq} 已被使用")
    return _create(catalog, actor, data, seq, Origin.CATALOG, where)


def _create(
    catalog: DecisionCatalog,
    actor: Any,
    data: ItemData,
    seq: int,
    origin: Origin,
    where: str,
    listed_on: dt.date | None = None,
    note: str = "",
) -> Decision:
    with transaction.atomic():
        decision = audited_create(
            Decision,
            actor=actor,
            message=f"{where}：{data.title}",
            catalog=catalog,
            seq=seq,
            origin=origin,
            listed_on=listed_on,
            **data.fields(),
        )
        record_event(decision, where, actor, note=note or f"{catalog.year}年度目录第{seq}项")
    return decision


def update_item(
    *, decision: Decision, actor: Any, expected_version: int, data: ItemData
) -> Decision:
    where = "修改目录事项"
    require_manager(actor, decision.catalog.region, where)
    _require_draft(decision.catalog, where)
    check_item(data, decision.catalog, where)
    return versioned_update(
        decision,
        expected_version=expected_version,
        changes=data.fields(),
        actor=actor,
        message=f"{where}：{decision.title}",
    )


def delete_item(*, decision: Decision, actor: Any) -> None:
    where = "删除目录事项"
    require_manager(actor, decision.catalog.region, where)
    _require_draft(decision.catalog, where)
    audited_delete(decision, actor=actor, message=f"{where}：{decision.title}")


# --- approval and publication ----------------------------------------------------------------


def approve(
    *,
    catalog: DecisionCatalog,
    actor: Any,
    expected_version: int,
    approved_on: dt.date | None,
    approval_body: str,
    approval_ref: str = "",
) -> DecisionCatalog:
    """Record the same-level Party committee's agreement (条例 第3条第3款)."""
    where = "党委同意目录"
    require_manager(actor, catalog.region, where)
    _require_draft(catalog, where)
    if not catalog.decisions.exists():
        raise ApplicationError(f"{where}：目录中还没有事项")
    changes = {
        "approved_on": required_date(approved_on, "党委同意日期", where),
        "approval_body": required_text(approval_body, "审定机关", where),
        "approval_ref": (approval_ref or "").strip(),
    }
    return audited_transition(
        catalog,
        sources={CatalogStatus.DRAFT},
        target=CatalogStatus.APPROVED,
        expected_version=expected_version,
        changes=changes,
        actor=actor,
        message=f"{where}：{catalog}",
    )


def publish(
    *,
    catalog: DecisionCatalog,
    actor: Any,
    expected_version: int,
    published_on: dt.date | None,
    channel: str,
) -> DecisionCatalog:
    """Publish the agreed catalog: its first edition; every line is then in the catalog."""
    where = "公布目录"
    require_manager(actor, catalog.region, where)
    if catalog.status != CatalogStatus.APPROVED:
        raise ApplicationError(f"{where}：目录须经党委同意后才能公布（条例 第3条第3款）")
    published_on = required_date(published_on, "公布日期", where)
    not_before(published_on, catalog.approved_on, "公布日期", "党委同意日期", where)
    channel = required_text(channel, "公布渠道", where)
    with transaction.atomic():
        catalog.decisions.filter(origin=Origin.CATALOG).update(listed_on=published_on)
        catalog = audited_transition(
            catalog,
            sources={CatalogStatus.APPROVED},
            target=CatalogStatus.PUBLISHED,
            expected_version=expected_version,
            actor=actor,
            message=f"{where}：{catalog}",
            changes={"published_on": published_on, "channel": channel, "edition": 1},
        )
        _edition(catalog, actor, published_on, channel, "年度目录")
    return catalog


def _edition(
    catalog: DecisionCatalog, actor: Any, published_on: dt.date, channel: str, note: str
) -> CatalogEdition:
    return audited_create(
        CatalogEdition,
        actor=actor,
        message=f"公布{catalog}第{catalog.edition}版",
        catalog=catalog,
        number=catalog.edition,
        published_on=published_on,
        channel=channel,
        note=note,
        items=snapshot(catalog),
        published_by=actor if getattr(actor, "pk", None) else None,
    )


def snapshot(catalog: DecisionCatalog) -> list[dict[str, Any]]:
    """The published lines as they read now (withdrawn and unlisted ones left out)."""
    lines = (
        catalog.decisions.listed()
        .exclude(status=Status.WITHDRAWN)
        .select_related("host_unit", "decision_unit")
        .order_by("seq")
    )
    return [
        {
            "序号": d.seq,
            "事项名称": d.title,
            "决策主体": d.decision_unit.name,
            "承办单位": d.host_unit.name,
            "法律政策依据": d.legal_basis,
            "履行程序": "、".join(
                s.label for s, flag in OPTIONAL_STAGES.items() if getattr(d, flag)
            ),
            "计划集体讨论": f"{d.plan_meeting:%Y-%m}" if d.plan_meeting else "",
        }
        for d in lines
    ]


# --- adjustments -----------------------------------------------------------------------------


def propose_adjustment(
    *,
    catalog: DecisionCatalog,
    actor: Any,
    kind: str,
    reason: str,
    decision: Decision | None = None,
    data: ItemData | None = None,
    today: dt.date | None = None,
) -> CatalogAdjustment:
    """Propose adding, changing or removing a line of a published catalog."""
    where = "目录调整"
    require_manager(actor, catalog.region, where)
    if catalog.status != CatalogStatus.PUBLISHED:
        raise ApplicationError(f"{where}：目录尚未公布，可直接修改目录事项")
    if kind not in AdjustmentKind.values:
        raise ApplicationError(f"{where}：请选择调整类型")
    _check_target(catalog, kind, decision, where)
    if kind != AdjustmentKind.REMOVE:
        if data is None:
            raise ApplicationError(f"{where}：请填写事项内容")
        check_item(data, catalog, where)
    return audited_create(
        CatalogAdjustment,
        actor=actor,
        message=f"{where}：{AdjustmentKind(kind).label}",
        catalog=catalog,
        kind=kind,
        decision=decision,
        reason=required_text(reason, "调整理由", where),
        proposal=data.as_json() if data else {},
        proposed_on=today or timezone.localdate(),
        proposed_by=actor,
    )


def _check_target(
    catalog: DecisionCatalog, kind: str, decision: Decision | None, where: str
) -> None:
    if kind == AdjustmentKind.ADD:
        return
    if decision is None or decision.catalog_id != catalog.pk:
        raise ApplicationError(f"{where}：请选择本目录中要调整的事项")
    if decision.status not in (Status.PLANNED, Status.DRAFTING):
        raise ApplicationError(
            f"{where}：“{decision.title}”已{Status(decision.status).label}，不能再调整目录事项"
        )


def approve_adjustment(
    *,
    adjustment: CatalogAdjustment,
    actor: Any,
    expected_version: int,
    approved_on: dt.date | None,
    approval_body: str,
    approval_ref: str = "",
) -> CatalogAdjustment:
    """Approve a proposed adjustment and apply it to the catalog (publish it with
    `publish_edition`)."""
    where = "批准目录调整"
    catalog = adjustment.catalog
    require_manager(actor, catalog.region, where)
    approved_on = required_date(approved_on, "批准日期", where)
    not_before(approved_on, adjustment.proposed_on, "批准日期", "提出日期", where)
    changes = {
        "approved_on": approved_on,
        "approval_body": required_text(approval_body, "批准机关", where),
        "approval_ref": (approval_ref or "").strip(),
    }
    with transaction.atomic():
        adjustment = audited_transition(
            adjustment,
            sources={AdjustmentStatus.PROPOSED},
            target=AdjustmentStatus.APPROVED,
            expected_version=expected_version,
            changes=changes,
            actor=actor,
            message=f"{where}：{adjustment}",
        )
        _apply(adjustment, actor)
    return adjustment


def _apply(adjustment: CatalogAdjustment, actor: Any) -> None:
    catalog, kind = adjustment.catalog, adjustment.kind
    where = f"目录调整（{AdjustmentKind(kind).label}）"
    if kind == AdjustmentKind.ADD:
        data = ItemData.from_json(adjustment.proposal)
        check_item(data, catalog, where)
        decision = _create(
            catalog,
            actor,
            data,
            next_seq(catalog),
            Origin.ADJUSTMENT,
            where,
            listed_on=adjustment.approved_on,
        )
        CatalogAdjustment.objects.filter(pk=adjustment.pk).update(decision=decision)
        return
    decision_id = adjustment.decision_id
    if decision_id is None:
        raise ApplicationError(f"{where}：请选择本目录中要调整的事项")
    decision = Decision.objects.get(pk=decision_id)
    _check_target(catalog, kind, decision, where)
    if kind == AdjustmentKind.REMOVE:
        run_transition(
            decision,
            Action.WITHDRAW,
            actor,
            expected_version=decision.version,
            note=adjustment.reason,
        )
        return
    data = ItemData.from_json(adjustment.proposal)
    check_item(data, catalog, where)
    update_recorded(
        decision, expected_version=decision.version, changes=data.fields(), actor=actor,
        where=where, note=adjustment.reason,
    )  # fmt: skip


def reject_adjustment(
    *, adjustment: CatalogAdjustment, actor: Any, expected_version: int
) -> CatalogAdjustment:
    require_manager(actor, adjustment.catalog.region, "不予批准目录调整")
    return audited_transition(
        adjustment,
        sources={AdjustmentStatus.PROPOSED},
        target=AdjustmentStatus.REJECTED,
        expected_version=expected_version,
        changes={},
        actor=actor,
        message=f"不予批准目录调整：{adjustment}",
    )


def publish_edition(
    *,
    catalog: DecisionCatalog,
    actor: Any,
    expected_version: int,
    published_on: dt.date | None,
    channel: str,
    note: str = "",
) -> CatalogEdition:
    """Publish the catalog again after approved adjustments: its next edition."""
    where = "公布调整后的目录"
    require_manager(actor, catalog.region, where)
    if catalog.status != CatalogStatus.PUBLISHED:
        raise ApplicationError(f"{where}：目录尚未公布")
    last = catalog.adjustments.filter(status=AdjustmentStatus.APPROVED).aggregate(
        day=Max("approved_on")
    )["day"]
    if last is None:
        raise ApplicationError(f"{where}：没有已批准的目录调整")
    published_on = required_date(published_on, "公布日期", where)
    not_before(published_on, last, "公布日期", "最近一次调整的批准日期", where)
    with transaction.atomic():
        catalog = versioned_update(
            catalog,
            expected_version=expected_version,
            actor=actor,
            message=where,
            changes={"edition": catalog.edition + 1},
        )
        return _edition(
            catalog, actor, published_on, required_text(channel, "公布渠道", where), note
        )


def register_unlisted(
    *, catalog: DecisionCatalog, actor: Any, data: ItemData, reason: str
) -> Decision:
    """A major decision made outside the catalog (found in 督察 or reported): recorded so that
    it runs the procedure and counts against 目录化管理覆盖率."""
    where = "登记目录外决策事项"
    require_manager(actor, catalog.region, where)
    check_item(data, catalog, where)
    reason = required_text(reason, "登记原因", where)
    return _create(catalog, actor, data, next_seq(catalog), Origin.UNLISTED, where, note=reason)
