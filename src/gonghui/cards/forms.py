from django import forms

from gonghui.cards.models import BenefitKind, PartnerCategory, PartnerStatus
from gonghui.core.forms import DateInput, StyledForm


class BatchIssueForm(StyledForm):
    org_code = forms.CharField(label="发卡范围(工会或镇(街道)编码)", max_length=32, help_text="该工会及其下级工会中尚无服务卡的在册会员都将发卡")


class ReasonDateForm(StyledForm):
    on = forms.DateField(label="日期", widget=DateInput())
    reason = forms.CharField(label="原因", max_length=200, required=False)


class ReplaceForm(StyledForm):
    reason = forms.CharField(label="补换原因", max_length=200, help_text="如：遗失、损坏、磁条失效")


class CancelForm(StyledForm):
    on = forms.DateField(label="注销日期", widget=DateInput())
    reason = forms.CharField(label="注销原因", max_length=200)


class PayoutForm(StyledForm):
    bank = forms.CharField(label="开户行", max_length=60)
    account = forms.CharField(label="银行账号", max_length=40)


class AccountOpenForm(StyledForm):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=False), help_text="首次登录须修改；至少8位，含字母和数字")


class MerchantAccountForm(AccountOpenForm):
    display_name = forms.CharField(label="姓名/岗位", max_length=40, required=False)


class PartnerForm(StyledForm):
    name = forms.CharField(label="单位名称", max_length=120)
    category = forms.ChoiceField(label="类别", choices=PartnerCategory.choices)
    town = forms.ChoiceField(label="所在镇(街道)")
    address = forms.CharField(label="地址", max_length=200, required=False)
    description = forms.CharField(label="简介", max_length=300, required=False)
    contact_name = forms.CharField(label="联系人", max_length=40)
    contact_phone = forms.CharField(label="联系人手机号", max_length=20)
    contract_number = forms.CharField(label="协议编号", max_length=40)
    contract_start = forms.DateField(label="合作起始日期", widget=DateInput())
    contract_end = forms.DateField(label="合作截止日期", widget=DateInput())

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = [("", "请选择")] + [(str(t.pk), t.name) for t in towns]


class PartnerStatusForm(StyledForm):
    status = forms.ChoiceField(label="办理", choices=[(PartnerStatus.SUSPENDED, "暂停合作"), (PartnerStatus.ACTIVE, "恢复合作"), (PartnerStatus.ENDED, "终止合作")])
    on = forms.DateField(label="日期", widget=DateInput())
    reason = forms.CharField(label="原因", max_length=200, required=False)


class StoreForm(StyledForm):
    name = forms.CharField(label="门店名称", max_length=120)
    town = forms.ChoiceField(label="所在镇(街道)")
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = forms.CharField(label="门店电话", max_length=30, required=False)
    opened_on = forms.DateField(label="加入日期", widget=DateInput())

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = [("", "请选择")] + [(str(t.pk), t.name) for t in towns]


class StoreCloseForm(StyledForm):
    on = forms.DateField(label="退出日期", widget=DateInput())


class BenefitForm(StyledForm):
    kind = forms.ChoiceField(label="优惠方式", choices=BenefitKind.choices)
    percent_off = forms.DecimalField(label="优惠比例(%)", max_digits=5, decimal_places=2, required=False, help_text="折扣时填：九折填10，八八折填12")
    amount_off = forms.DecimalField(label="立减金额(元)", max_digits=10, decimal_places=2, required=False)
    min_spend = forms.DecimalField(label="最低消费(元)", max_digits=10, decimal_places=2, required=False, help_text="满多少元可用；不限则留空")
    service = forms.CharField(label="免费服务内容", max_length=80, required=False, help_text="免费服务时填，如：洗车一次")
    store = forms.ChoiceField(label="适用门店", required=False)
    conditions = forms.CharField(label="使用条件", max_length=200, required=False, help_text="如：限本人使用，特价商品除外")
    valid_from = forms.DateField(label="生效日期", widget=DateInput())
    valid_until = forms.DateField(label="截止日期", widget=DateInput(), required=False)

    def __init__(self, *args, stores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].choices = [("", "全部门店")] + [(str(s.pk), s.name) for s in stores]


class ApiKeyForm(StyledForm):
    label = forms.CharField(label="用途说明", max_length=60, required=False, help_text="如：总店收银系统")
    rate_limit_per_minute = forms.IntegerField(label="每分钟请求上限", min_value=1, max_value=1_000_000, initial=600)


class CounterForm(StyledForm):
    store = forms.ChoiceField(label="门店")
    code = forms.CharField(label="卡号或电子卡码", max_length=400, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
                           help_text="输入16位卡号，或扫描会员手机上的电子卡二维码")

    def __init__(self, *args, stores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].choices = [(str(s.pk), s.name) for s in stores]


class UseForm(StyledForm):
    amount = forms.DecimalField(label="消费金额(元)", max_digits=10, decimal_places=2, min_value=0)
    benefit = forms.ChoiceField(label="所享优惠", required=False)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benefit"].choices = [(str(b.pk), b.describe() + (f"({b.conditions})" if b.conditions else "")) for b in offers] + [("", "不享受优惠")]
