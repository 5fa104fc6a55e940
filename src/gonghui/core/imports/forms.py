from django import forms

from gonghui.core.forms import StyledForm
from gonghui.core.models import ImportMode


class UploadForm(StyledForm):
    PREVIEW, DIRECTLY = "preview", "directly"

    file = forms.FileField(label="文件", help_text="Excel(.xlsx、.xls)或 CSV(UTF-8 或 GBK 编码)；表头在第一行，列顺序不限")
    org_code = forms.CharField(label="导入到组织(编码)", required=False, max_length=32, help_text="不填则为您所在的组织；可填您管辖范围内的下级组织编码")
    then = forms.ChoiceField(label="校验之后", initial=PREVIEW, required=False, widget=forms.RadioSelect, choices=(
        (PREVIEW, "先看校验结果(无误行、错误行的数量)，再选择导入方式(推荐)"),
        (DIRECTLY, "直接导入无误的行，错误行列入错误清单(不预览；数据多时只读一遍，更快)"),
    ))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xls,.csv"
        self.fields["then"].widget.attrs["class"] = "form-check-input"  # radios, not a text box


class StartForm(StyledForm):
    mode = forms.ChoiceField(label="导入方式", choices=ImportMode.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mode"].widget.attrs["class"] = "form-check-input"  # radios, not a text box
