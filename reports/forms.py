from django import forms

from reports.dashboard import DRILL_LATE, DRILL_UNREPORTED
from tasks.models import ReportingPeriod
from workplans.models import Plan, Section, TaskStatus, Unit


class PlanScopedForm(forms.Form):
    """A plan's period, section and unit, from the query string: choices limited to the plan (and
    its bureau's units), with messages that name the problem."""

    period = forms.ModelChoiceField(
        label="报送期",
        queryset=ReportingPeriod.objects.none(),
        required=False,
        error_messages={"invalid_choice": "所选报送期不存在或不属于这份工作要点。"},
    )
    section = forms.ModelChoiceField(
        label="工作板块",
        queryset=Section.objects.none(),
        required=False,
        empty_label="全部板块",
        error_messages={"invalid_choice": "所选板块不存在或不属于这份工作要点。"},
    )
    unit = forms.ModelChoiceField(
        label="责任单位",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="全部单位",
        error_messages={"invalid_choice": "所选单位不存在或不属于本机构。"},
    )

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.filter(plan=plan).order_by("start")
        self.fields["section"].queryset = Section.objects.filter(plan=plan).order_by("order")
        # Inactive units still lead tasks in older plans: any unit of the plan's bureau.
        self.fields["unit"].queryset = Unit.objects.filter(bureau_id=plan.bureau_id)


class LedgerForm(PlanScopedForm):
    """The 督办台账's options, from the query string: as of a date or one of the plan's periods,
    approved reports only or also submitted ones, the co-units' 配合情况 in 工作进展 or not, and
    filters by section, unit and status."""

    as_of = forms.DateField(
        label="截止日期",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "截止日期应写成 YYYY-MM-DD，如 2026-06-30。"},
    )
    include_submitted = forms.TypedChoiceField(
        label="含待审核的报送",
        choices=[("0", "否"), ("1", "是")],
        coerce=lambda value: value == "1",
        required=False,
        empty_value=False,
        error_messages={"invalid_choice": "“含待审核的报送”只能是 0 或 1。"},
    )
    include_cooperation = forms.TypedChoiceField(
        label="含配合单位情况",
        choices=[("0", "否"), ("1", "是")],
        coerce=lambda value: value == "1",
        required=False,
        empty_value=False,
        error_messages={"invalid_choice": "“含配合单位情况”只能是 0 或 1。"},
    )
    status = forms.ChoiceField(
        label="状态",
        choices=[("", "全部状态"), *TaskStatus.choices],
        required=False,
        error_messages={"invalid_choice": "没有这种任务状态。"},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("as_of") and cleaned.get("period"):
            raise forms.ValidationError("请只选择截止日期或报送期中的一个。")
        return cleaned

    def as_json(self) -> dict:
        """The cleaned options as an export job stores them (ids and ISO dates)."""
        data = self.cleaned_data
        return {
            "as_of": data["as_of"].isoformat() if data["as_of"] else None,
            "period": data["period"].pk if data["period"] else None,
            "include_submitted": data["include_submitted"],
            "include_cooperation": data["include_cooperation"],
            "section": data["section"].pk if data["section"] else None,
            "unit": data["unit"].pk if data["unit"] else None,
            "status": data["status"] or None,
        }


class DashboardForm(PlanScopedForm):
    """The plan dashboard's URL: as of one of the plan's periods, and the drill-down's filters
    (section, lead unit, status, 滞后+逾期 or 未报送)."""

    status = forms.ChoiceField(
        label="状态",
        choices=[
            ("", "全部状态"),
            *TaskStatus.choices,
            (DRILL_LATE, "滞后和逾期"),
            (DRILL_UNREPORTED, "未报送"),
        ],
        required=False,
        error_messages={"invalid_choice": "没有这种任务状态。"},
    )

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["period"].label = "截至报送期"
        self.fields["period"].empty_label = "当前"
        self.fields["unit"].label = "牵头单位"

    @property
    def drilled(self) -> bool:
        data = self.cleaned_data
        return any(data.get(name) for name in ("section", "unit", "status"))

    def caption(self) -> str:
        """The drill-down's filters in words: 板块：… 牵头单位：… 状态：…"""
        data = self.cleaned_data
        parts = []
        if data["section"]:
            parts.append(f"板块：{data['section'].number}、{data['section'].title}")
        if data["unit"]:
            parts.append(f"牵头单位：{data['unit'].name}")
        if data["status"]:
            parts.append(f"状态：{dict(self.fields['status'].choices)[data['status']]}")
        return "　".join(parts)
