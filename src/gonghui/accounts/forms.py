from django import forms
from django.contrib.auth import password_validation

from gonghui.core.roles import Role


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, widget=forms.TextInput(attrs={"class": "form-control", "autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label="密码", max_length=128, widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "current-password"}))


class TotpForm(forms.Form):
    code = forms.CharField(label="动态验证码", max_length=8, widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "current-password"}))
    new_password = forms.CharField(label="新密码", widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}), help_text=password_validation.password_validators_help_text_html)
    new_password2 = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", "两次输入的新密码不一致")
        return data


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, widget=forms.TextInput(attrs={"class": "form-control"}))
    display_name = forms.CharField(label="姓名", max_length=40, widget=forms.TextInput(attrs={"class": "form-control"}))
    org_code = forms.CharField(label="所属组织编码", max_length=32, widget=forms.TextInput(attrs={"class": "form-control"}), help_text="新账号在安全管理员授予角色之前不能使用任何业务功能")
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}), help_text="首次登录时须修改")


class PasswordResetForm(forms.Form):
    password = forms.CharField(label="新的初始密码", widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}), help_text="账号将被解锁，下次登录时须修改")


class GrantForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=Role.choices, widget=forms.Select(attrs={"class": "form-select"}))
    can_reveal = forms.BooleanField(label="可查看完整敏感信息(身份证号、手机号等)", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
