from django import forms

from workplans.models import Unit


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
        self.fields["unit"].queryset = Unit.objects.filter(bureau_id=plan.bureau_id).active()
