import re

from django import forms
from django.core.exceptions import ValidationError

from workplans.models import Comparator, Unit
from workplans.parsing.reading import MAX_UPLOAD_BYTES


def form_errors_text(form, *, labelled: bool = False) -> str:
    """A bound form's errors as one line for a notice; with `labelled`, each names its field
    (where the form's fields are not shown beside their errors)."""
    return "；".join(
        f"{form.fields[name].label}：{message}" if labelled and name in form.fields else message
        for name, messages_ in form.errors.items()
        for message in messages_
    )


class PlanTaskFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="责任单位",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="全部单位",
        error_messages={"invalid_choice": "所选单位不存在或不属于本机构。"},
    )

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.known_in(plan.bureau_id)


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="工作要点文件",
        required=False,
        allow_empty_file=True,  # the reader explains an empty file in its own words
        help_text=f"支持 .docx、.txt、.xlsx（任务分工表），{MAX_UPLOAD_BYTES // 2**20} MB 以内。",
    )
    text = forms.CharField(
        label="或粘贴正文",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": "从网站或 Word 复制工作要点全文粘贴到这里"}
        ),
    )
    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="留空则从标题识别。",
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError("请选择要上传的文件，或粘贴工作要点正文。")
        if cleaned.get("file") and (cleaned.get("text") or "").strip():
            raise forms.ValidationError("请只提供一种来源：上传文件或粘贴正文。")
        return cleaned


class DraftVersionForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class DraftSectionForm(DraftVersionForm):
    title = forms.CharField(label="板块标题", max_length=300)


class DraftTaskForm(DraftVersionForm):
    title = forms.CharField(label="任务名称", max_length=300)
    deadline = forms.DateField(
        label="完成时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    deadline_text = forms.CharField(label="时限原文", max_length=100, required=False)
    lead_units = forms.MultipleChoiceField(
        label="牵头单位", required=False, widget=forms.CheckboxSelectMultiple
    )
    co_units = forms.MultipleChoiceField(
        label="配合单位", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, unit_names: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(name, name) for name in unit_names]
        self.fields["lead_units"].choices = choices
        self.fields["co_units"].choices = choices

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("lead_units") or []) & set(cleaned.get("co_units") or [])
        if both:
            raise forms.ValidationError(f"同一单位不能既牵头又配合：{'、'.join(sorted(both))}")
        return cleaned


class DraftSplitForm(DraftVersionForm):
    at_sentence = forms.IntegerField(label="从第几句起拆为新任务", min_value=2)


class DraftMoveForm(DraftVersionForm):
    section = forms.ChoiceField(label="移到板块")

    def __init__(self, *args, sections: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = sections


class DraftTargetForm(DraftVersionForm):
    indicator = forms.CharField(label="指标名称", max_length=200)
    comparator = forms.ChoiceField(
        label="比较方式",
        required=False,
        choices=[("", "—"), *Comparator.choices],
    )
    value = forms.DecimalField(
        label="目标值",
        min_value=0,
        max_digits=14,
        decimal_places=4,
        error_messages={"invalid": "目标值必须是数字。", "min_value": "目标值不能为负数。"},
    )
    unit = forms.CharField(label="计量单位", max_length=20, required=False)
    text = forms.CharField(label="原文", max_length=300, required=False)


class DraftUnitForm(DraftVersionForm):
    name = forms.CharField(label="单位名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=Unit.Kind.choices, initial=Unit.Kind.OTHER)


COLUMN_FIELD = re.compile(r"column_(\d{1,4})")


def column_roles_from(data) -> dict[int, str]:
    """The roles posted for a task table's columns (`column_<index>` = role), checked against
    the draft by the service (drafts.column_roles)."""
    roles = {
        int(match.group(1)): data.get(key, "").strip()
        for key in data
        if (match := COLUMN_FIELD.fullmatch(key))
    }
    if not roles:
        raise ValidationError("没有收到各列的含义，请刷新页面后重试。")
    return roles
