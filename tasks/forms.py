from django import forms

from tasks.models import REPORT_STATES, CalendarDay, ProgressReport
from workplans.models import Target
from workplans.parsing.reading import MAX_UPLOAD_BYTES


class DeskFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部状态"), *REPORT_STATES.items()],
    )
    # Choices are the sections of the user's own tasks, set by show_sections() once the desk is
    # built; any other number simply matches no task.
    section = forms.IntegerField(label="板块", required=False, widget=forms.Select)
    deadline_before = forms.DateField(
        label="时限不晚于",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    q = forms.CharField(label="关键词", required=False, max_length=50)

    def show_sections(self, sections: list[tuple[int, str]]) -> None:
        self.fields["section"].widget.choices = [("", "全部板块"), *sections]


class ReportForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # The period the form was opened for, so that a report started for March stays March's.
    period = forms.IntegerField(required=False, widget=forms.HiddenInput)
    narrative = forms.CharField(
        label="工作进展",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,  # checked by the service with its own message
    )
    percent = forms.IntegerField(
        label="完成进度（%）",
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": "完成进度请填 0 到 100 的整数。",
            "min_value": "完成进度不能小于 0。",
            "max_value": "完成进度不能超过 100。",
            "required": "请填写完成进度。",
        },
    )
    problems = forms.CharField(
        label="存在问题", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    next_steps = forms.CharField(
        label="下步计划", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, targets: list[Target], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.targets = targets
        for target in targets:
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=target.indicator,
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=4,
                help_text=target.unit,
                error_messages={
                    "invalid": f"“{target.indicator}”的实际值请填数字。",
                    "min_value": "实际值不能为负数。",
                },
            )

    def actuals(self) -> dict:
        return {t.pk: self.cleaned_data.get(f"target_{t.pk}") for t in self.targets}

    def target_fields(self):
        return [(target, self[f"target_{target.pk}"]) for target in self.targets]

    @staticmethod
    def initial_from(
        report: ProgressReport | None, targets: list[Target], period, values: dict
    ) -> dict:
        """The form as the report was saved; `values` maps target ids to its actuals."""
        if report is None:
            return {"version": 0, "percent": 0, "period": period.pk if period else None}
        initial = {
            "period": report.period_id,
            "version": report.version,
            "narrative": report.narrative,
            "percent": report.percent,
            "problems": report.problems,
            "next_steps": report.next_steps,
        }
        for target in targets:
            if target.pk in values:
                initial[f"target_{target.pk}"] = values[target.pk].normalize()
        return initial


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="佐证材料",
        allow_empty_file=True,
        help_text=f"PDF、Word、Excel、JPG/PNG，单个不超过 {MAX_UPLOAD_BYTES // 2**20} MB。",
    )


class CooperationForm(forms.Form):
    text = forms.CharField(
        label="配合情况", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReceiptForm(forms.Form):
    action = forms.ChoiceField(choices=[("confirm", "签收"), ("adjust", "申请调整")])
    reason = forms.CharField(
        label="调整理由", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DelayRequestForm(forms.Form):
    new_deadline = forms.DateField(
        label="申请延至",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请选择新的完成时限。", "invalid": "日期格式不对。"},
    )
    reason = forms.CharField(
        label="延期理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "同意"), ("refuse", "不同意")])
    comment = forms.CharField(
        label="意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "通过"), ("return", "退回")])
    comment = forms.CharField(
        label="审核意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label="批示", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class PeriodForm(forms.Form):
    label = forms.CharField(label="报送期", max_length=50)
    start = forms.DateField(
        label="开始日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label="结束日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    due_date = forms.DateField(
        label="报送截止日", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class UrgeForm(forms.Form):
    note = forms.CharField(label="催办说明", required=False, max_length=1000)


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="回复", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NotificationSettingsForm(forms.Form):
    action = forms.ChoiceField(choices=[("read_all", "全部已读"), ("settings", "保存设置")])
    daily_digest = forms.BooleanField(required=False)


# The working-day calendar page ----------------------------------------------------------

FIRST_YEAR, LAST_YEAR = 2000, 2100


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    edit = forms.IntegerField(required=False, min_value=1)  # a row to change: fills the form


class CalendarImportForm(forms.Form):
    year = forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)


class CalendarDayForm(forms.Form):
    date = forms.DateField(
        label="日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写日期。", "invalid": "日期格式应为 2026-10-01。"},
    )
    kind = forms.ChoiceField(label="类型", choices=CalendarDay.Kind.choices)
    name = forms.CharField(
        label="名称",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：国庆节、国庆节调休"}),
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(f"日期应在 {FIRST_YEAR} 年至 {LAST_YEAR} 年之间。")
        return day
