from django import forms

from gonghui.core.forms import StyledForm
from gonghui.core.indicators import catalogue


class TargetForm(StyledForm):
    indicator_code = forms.ChoiceField(label="指标")
    org_code = forms.CharField(label="工会编码", max_length=32, help_text="目标所属的工会(本级或下级)的组织编码")
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    value = forms.DecimalField(label="目标值", max_digits=16, decimal_places=2, min_value=0, help_text="比率类指标填百分数，如 50 表示 50%")
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = [(i.code, f"{i.name}({i.code}，{i.unit})") for i in catalogue()]
