"""Forms of the case pages: they parse input; the services and `checks` decide.

Unit choices follow the user's scope: the 被申请人 / 被告 among the units the user may see, the
复议机构 among those of them that handle matters for their region (the 司法局); a 复议机关 or co-defendant among the 人民政府 of the user's region (or above), and
a court among the courts of the user's region (or above), since those are other bodies, not
records of the user's units.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from fazhi.core import calendar
from fazhi.core.exceptions import ApplicationError, CalendarMissingError
from fazhi.org.models import EXTERNAL_KINDS, RoleAssignment, Unit, UnitKind, User
from fazhi.org.roles import BUSINESS_ROLES, Role
from fazhi.org.scoping import visible_units

from .enums import (
    RECON_CLOSE_OUTCOMES,
    RECON_EARLY_ENDINGS,
    HeadAttendance,
    LawsuitOutcome,
    PartyKind,
    Procedure,
    ProgressKind,
    ReconOutcome,
    SimpleGround,
    SuspensionReason,
)
from .models import DisputeField, Hearing, Lawsuit, Reconsideration, Suspension
from .rules import EXTENSION_MAX_DAYS
from .services import CaseProblemsError, PartyData
from .workflow import Transition

SM = "form-control form-control-sm"
SELECT = "form-select form-select-sm"
CHECK = "form-check-input"


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": SM}, format="%Y-%m-%d")


def _css(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return CHECK
    if isinstance(widget, forms.Select):
        return SELECT
    return SM


def _style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (no template tag library needed)."""
    for field in form.fields.values():
        widget = field.widget
        widget.attrs.setdefault("class", _css(widget))
        if isinstance(widget, forms.Textarea):
            widget.attrs["rows"] = 2
        if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
            field.empty_label = "—请选择—"
        elif isinstance(field, forms.TypedChoiceField) and field.choices:
            blank = "—请选择—"
            field.choices = [(v, blank if v == "" else k) for v, k in field.widget.choices]


def problems_to_form(
    form: Any, problems: Iterable[tuple[str, str]], *, parties_key: str = "", formset: Any = None
) -> None:
    """Each (field, message) beside its field, or above the form when the form lacks it. A form
    may name, in `problem_fields`, the field that shows a record field's problems."""
    renamed = getattr(form, "problem_fields", {})
    for field, message in problems:
        if formset is not None and field == parties_key:
            formset._non_form_errors = formset.error_class([*formset.non_form_errors(), message])
        else:
            name = renamed.get(field, field)
            form.add_error(name if name in form.fields else None, message)


def show_refusal(form: Any, exc: Exception) -> None:
    """A service's refusal on the form: each problem beside its field, the rest above it."""
    if isinstance(exc, CaseProblemsError):
        problems_to_form(form, exc.problems)
    elif isinstance(exc, ValidationError):
        for message in exc.messages:
            form.add_error(None, message)
    elif isinstance(exc, ApplicationError):
        form.add_error(None, exc.message)


# ---------------------------------------------------------------------------------------------
# Unit choices


def _region_prefixes(user: Any) -> list[str]:
    """The paths of the user's region and of every region above it, nearest first."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return []
    codes = unit.region.path_codes()
    return ["/" + "/".join(codes[:n]) + "/" for n in range(len(codes), 0, -1)]


def _around(user: Any, kinds: set[str]) -> QuerySet[Unit]:
    """Active units of `kinds` in the user's region, above it, or (region-wide) below it."""
    prefixes = _region_prefixes(user)
    if not prefixes:
        return Unit.objects.none()
    near = Q(region__path__in=prefixes) | Q(region__path__startswith=prefixes[0])
    return Unit.objects.filter(near, kind__in=kinds, is_active=True).select_related("region")


def administrative_units(user: Any) -> QuerySet[Unit]:
    """The units the user may register a case against (被申请人 / 被告)."""
    return visible_units(user).filter(is_active=True).exclude(kind__in=EXTERNAL_KINDS)


def handling_bodies(user: Any) -> QuerySet[Unit]:
    """The 复议机构 the user may register for: a visible unit that handles matters for its region
    (the county 司法局, or the 人民政府 itself); never a township or a department that acts."""
    kinds = {UnitKind.DEPARTMENT, UnitKind.GOVERNMENT}
    return administrative_units(user).filter(kind__in=kinds, oversees_region=True)


def governments(user: Any) -> QuerySet[Unit]:
    return _around(user, {UnitKind.GOVERNMENT})


def courts(user: Any) -> QuerySet[Unit]:
    return _around(user, {UnitKind.COURT})


def _nearest(units: QuerySet[Unit], user: Any, name_suffix: str = "") -> Unit | None:
    """The unit of `units` nearest the user's region (its own first), by name suffix."""
    found = [u for u in units if u.name.endswith(name_suffix)]
    for prefix in _region_prefixes(user):
        for unit in found:
            if unit.region.path == prefix:
                return unit
    return found[0] if found else None


# ---------------------------------------------------------------------------------------------
# Parties

ID_PATTERN = re.compile(r"^(\d{15}|\d{17}[\dX])$")
CREDIT_CODE_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class PartyForm(forms.Form):
    """One applicant or plaintiff; a row left empty is ignored."""

    kind = forms.ChoiceField(label="类型", choices=PartyKind.choices, initial=PartyKind.PERSON)
    name = forms.CharField(label="姓名或名称", max_length=100)
    id_number = forms.CharField(label="身份证号或统一社会信用代码", max_length=30, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip().upper()
        if not value:
            return value
        kind = self.cleaned_data.get("kind") or self.data.get(self.add_prefix("kind"))
        if kind == PartyKind.ORGANISATION:
            if not CREDIT_CODE_PATTERN.match(value):
                raise forms.ValidationError("统一社会信用代码应为 18 位数字或大写字母")
        elif not ID_PATTERN.match(value):
            raise forms.ValidationError("身份证号应为 18 位（末位可为 X）或 15 位数字")
        return value

    def party(self) -> PartyData:
        data = self.cleaned_data
        return PartyData(
            name=data["name"].strip(),
            kind=data["kind"],
            id_number=data["id_number"],
            phone=data["phone"].strip(),
            address=data["address"].strip(),
        )


PartyFormSet = forms.formset_factory(PartyForm, extra=1, max_num=50, validate_max=True)


def party_rows(formset: Any) -> list[PartyData]:
    return [form.party() for form in formset.forms if form.has_changed() and form.is_valid()]


# ---------------------------------------------------------------------------------------------
# Registration


class _CaseForm(forms.ModelForm):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = DisputeField.objects.filter(is_active=True)  # type: ignore[attr-defined]
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = date_input()
        _style(self)

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class ReconsiderationForm(_CaseForm):
    """登记复议申请: the application as received (status 受理审查中)."""

    class Meta:
        model = Reconsideration
        fields = [
            "case_number",
            "organ",
            "handling_unit",
            "respondent",
            "act_type",
            "field",
            "act_description",
            "claim",
            "amount",
            "applied_on",
            "received_on",
            "procedure",
            "simple_ground",
            "quick_fine",
            "note",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        organs = governments(user)
        handlers = handling_bodies(user).select_related("region")
        self.fields["organ"].queryset = organs  # type: ignore[attr-defined]
        self.fields["handling_unit"].queryset = handlers  # type: ignore[attr-defined]
        self.fields["respondent"].queryset = administrative_units(user)  # type: ignore[attr-defined]
        self.fields["simple_ground"].help_text = "适用简易程序时选择（行政复议法 第53条）"
        if not self.is_bound:
            self.initial.setdefault("organ", _nearest(organs, user))
            self.initial.setdefault("handling_unit", _nearest(handlers, user, "司法局"))
            self.initial.setdefault("received_on", timezone.localdate())


class LawsuitForm(_CaseForm):
    """登记诉讼案件: a case filed by a court, with the 复议 case it follows, if any."""

    reconsideration_number = forms.CharField(
        label="前置复议案号", max_length=64, required=False, help_text="复议后起诉的，填写复议案号"
    )
    previous_number = forms.CharField(
        label="原审案号", max_length=64, required=False, help_text="二审、再审案件填写"
    )

    class Meta:
        model = Lawsuit
        fields = [
            "case_number",
            "instance",
            "court",
            "defendant",
            "co_defendant",
            "act_type",
            "field",
            "claim",
            "amount",
            "simple_procedure",
            "filed_on",
            "complaint_received_on",
            "note",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        court_units = courts(user)
        self.fields["court"].queryset = court_units  # type: ignore[attr-defined]
        self.fields["defendant"].queryset = administrative_units(user)  # type: ignore[attr-defined]
        co = governments(user) | administrative_units(user)
        self.fields["co_defendant"].queryset = co.distinct()  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("court", _nearest(court_units, user))
            self.initial.setdefault("filed_on", timezone.localdate())

    def _visible_case(self, model: Any, key: str, what: str) -> Any:
        number = (self.cleaned_data.get(key) or "").strip()
        if not number:
            return None
        case = model.objects.visible_to(self.user).filter(case_number=number).first()
        if case is None:
            raise forms.ValidationError(f"在您可查看的{what}中没有案号为“{number}”的案件")
        return case

    def clean_reconsideration_number(self) -> Reconsideration | None:
        return self._visible_case(Reconsideration, "reconsideration_number", "复议案件")

    def clean_previous_number(self) -> Lawsuit | None:
        return self._visible_case(Lawsuit, "previous_number", "诉讼案件")

    def service_fields(self) -> dict[str, Any]:
        fields = super().service_fields()
        fields["reconsideration"] = self.cleaned_data.get("reconsideration_number")
        fields["previous_instance"] = self.cleaned_data.get("previous_number")
        return fields


# ---------------------------------------------------------------------------------------------
# Transitions: one small form per transition, its fields from the transition's params


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _date_field(model: Any, name: str, required: bool = True) -> Callable[[], forms.Field]:
    return lambda: forms.DateField(
        label=_label(model, name),
        required=required,
        widget=date_input(),
        initial=timezone.localdate,
    )


R, L = Reconsideration, Lawsuit
# Outcomes that fit each transition (a 复议 case accepted cannot end as 不予受理 or 视为放弃).
OUTCOMES: dict[str, list[tuple[str, str]]] = {
    "close": [(o.value, o.label) for o in ReconOutcome if o in RECON_CLOSE_OUTCOMES],
    "resolve_early": [(o.value, o.label) for o in ReconOutcome if o in RECON_EARLY_ENDINGS],
    "decide": list(LawsuitOutcome.choices),
}

PARAM_FIELDS: dict[str, Callable[[], forms.Field]] = {
    **{
        name: _date_field(R, name)
        for name in (
            "accepted_on",
            "correction_requested_on",
            "correction_supplied_on",
            "copy_sent_on",
            "reply_received_on",
            "hearing_on",
            "extended_on",
        )
    },
    "suspended_on": _date_field(Suspension, "suspended_on"),
    "resumed_on": _date_field(Suspension, "resumed_on"),
    "complaint_received_on": _date_field(L, "complaint_received_on"),
    "answered_on": _date_field(L, "answered_on"),
    "served_on": _date_field(L, "served_on", required=False),
    "procedure": lambda: forms.ChoiceField(
        label="审理程序", choices=Procedure.choices, initial=Procedure.NORMAL
    ),
    "simple_ground": lambda: forms.ChoiceField(
        label="简易程序适用情形（第53条）",
        choices=[("", "—（普通程序不填）"), *SimpleGround.choices],
        required=False,
    ),
    "head_attendance": lambda: forms.ChoiceField(
        label="被申请人负责人参加听证（第51条）",
        choices=[c for c in HeadAttendance.choices if c[0]],
    ),
    "extension_days": lambda: forms.IntegerField(
        label="延期天数",
        help_text=f"只能延长一次，最多 {EXTENSION_MAX_DAYS} 日（行政复议法 第62条）",
        widget=forms.NumberInput(attrs={"min": 1, "max": EXTENSION_MAX_DAYS}),
    ),
    "suspension_reason": lambda: forms.TypedChoiceField(
        label="中止情形（第39条）", choices=SuspensionReason.choices, coerce=int
    ),
    "defendant_changed_act": lambda: forms.BooleanField(
        label="被告改变行政行为后原告撤诉", required=False
    ),
}


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def transition_form(
    spec: Transition, case: Any, data: Any = None, today: dt.date | None = None
) -> TransitionForm:
    """The form of `spec`'s params, bound to `data` when given, carrying the case's version."""
    form = TransitionForm(data, initial={"version": case.version})
    for name in spec.params:
        if name == "outcome":
            field: forms.Field = forms.ChoiceField(
                label=_label(type(case), "outcome"),
                choices=[("", "—请选择—"), *OUTCOMES.get(spec.name, [])],
            )
        elif name == "closed_on":
            field = _date_field(type(case), "closed_on")()
            field.label = "决定日期" if spec.name == "refuse" else field.label
        else:
            field = PARAM_FIELDS[name]()
        form.fields[name] = field
    if spec.name == "accept" and isinstance(case, Reconsideration):
        form.fields["procedure"].initial = case.procedure
        form.fields["simple_ground"].initial = case.simple_ground
    _style(form)
    return form


# ---------------------------------------------------------------------------------------------
# Hearings


class HearingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Hearing
        fields = [
            "held_on",
            "notice_served_on",
            "head_requested",
            "head_appeared",
            "head_name",
            "head_position",
            "head_rank",
            "excuse",
            "excuse_documented",
        ]
        widgets = {"held_on": date_input(), "notice_served_on": date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields[
            "head_rank"
        ].help_text = (
            "受委托组织的负责人、下级行政机关的负责人不计为负责人出庭（最高法 2020 年规定 第2条）"
        )

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


# ---------------------------------------------------------------------------------------------
# 争议化解: the risk mark, a progress entry, a 败诉风险提示函

NOTICE_REPLY_WORKING_DAYS = 5  # the default 反馈期限 offered on the form


def _style_plain(form: forms.BaseForm) -> None:
    """Bootstrap classes on the visible widgets only; choice and text areas as declared."""
    for bound in form.visible_fields():
        widget = bound.field.widget
        widget.attrs.setdefault("class", _css(widget))


class LeaderField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        parts = [p for p in (obj.position, obj.unit.name if obj.unit else "") if p]
        return f"{obj}（{'，'.join(parts)}）" if parts else str(obj)


def leader_candidates(user: Any, current_id: int | None) -> QuerySet[User]:
    """The people `user` may name 包案领导: active business users of the units in scope,
    领导 first (and whoever is named now, so a saved form never loses its value)."""
    in_scope = Q(
        is_active=True,
        unit__in=visible_units(user),
        role_assignments__role__in=list(BUSINESS_ROLES),
    )
    leader = RoleAssignment.objects.filter(user=OuterRef("pk"), role=Role.LEADER)
    return (
        User.objects.filter(in_scope | Q(pk=current_id or 0))
        .distinct()
        .select_related("unit")
        .annotate(is_leader=Exists(leader))
        .order_by("-is_leader", "unit__region__path", "unit__sort_order", "full_name", "username")
    )


def unit_candidates(user: Any, *current: Any) -> QuerySet[Unit]:
    """The units `user` may name (administrative_units), and those named now."""
    ids = [u.pk for u in current if u is not None]
    visible = administrative_units(user).values("pk")
    return Unit.objects.filter(Q(pk__in=visible) | Q(pk__in=ids)).order_by(
        "region__path", "sort_order", "code"
    )


class RiskMarkForm(forms.Form):
    high_risk = forms.BooleanField(label="高败诉风险", required=False, initial=True)
    reason = forms.CharField(
        label="风险原因", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_leader = LeaderField(label="包案领导", queryset=User.objects.none(), required=False)
    risk_unit = forms.ModelChoiceField(
        label="化解责任单位", queryset=Unit.objects.none(), required=False
    )
    marked_on = forms.DateField(label="标记日期", required=False, widget=date_input())
    version = forms.IntegerField(widget=forms.HiddenInput)

    # The service names the record's field; this form's field for it is `reason`.
    problem_fields = {"risk_reason": "reason"}

    def __init__(self, *args: Any, user: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_leader"].queryset = leader_candidates(user, case.lead_leader_id)  # type: ignore[attr-defined]
        units = unit_candidates(user, case.risk_unit, case.answering_unit)
        self.fields["risk_unit"].queryset = units  # type: ignore[attr-defined]
        self.initial.update(
            high_risk=True,
            reason=case.risk_reason,
            lead_leader=case.lead_leader_id,
            risk_unit=case.responsible_unit.pk,
            marked_on=case.risk_marked_on or timezone.localdate(),
            version=case.version,
        )
        _style_plain(self)

    def clean_marked_on(self) -> dt.date | None:
        day = self.cleaned_data.get("marked_on")
        if day and day > timezone.localdate():
            raise ValidationError("标记日期晚于今天")
        return day


class ProgressForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=[(k.value, k.label) for k in ProgressKind if k != ProgressKind.NOTICE]
    )
    happened_on = forms.DateField(label="日期", widget=date_input())
    content = forms.CharField(
        label="内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("happened_on", timezone.localdate())
        self.initial.setdefault("kind", ProgressKind.MEETING)
        _style_plain(self)


class NoticeForm(forms.Form):
    to_unit = forms.ModelChoiceField(label="致送单位", queryset=Unit.objects.none())
    issued_on = forms.DateField(label="发函日期", widget=date_input())
    risks = forms.CharField(
        label="风险点", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    suggestions = forms.CharField(
        label="工作建议", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    reply_by = forms.DateField(label="反馈期限", required=False, widget=date_input())

    def __init__(self, *args: Any, user: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = case.answering_unit
        self.fields["to_unit"].queryset = unit_candidates(user, unit)  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.initial.update(
            to_unit=unit.pk, issued_on=today, risks=case.risk_reason, reply_by=_reply_by(today)
        )
        _style_plain(self)

    def clean_issued_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["issued_on"]
        if day > timezone.localdate():
            raise ValidationError("发函日期晚于今天")
        return day


def _reply_by(today: dt.date) -> dt.date | None:
    try:
        return calendar.add_working_days(today, NOTICE_REPLY_WORKING_DAYS)
    except CalendarMissingError:  # the calendar lacks next year: leave it to the user
        return None
