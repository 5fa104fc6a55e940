import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from gonghui.accounts import selectors, services
from gonghui.accounts.forms import GrantForm, LoginForm, PasswordChangeForm, PasswordResetForm, TotpForm, UserCreateForm
from gonghui.accounts.models import User
from gonghui.core import audit
from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.roles import Role, is_audit_admin, is_security_admin, is_system_admin
from gonghui.orgs.models import Org


def _finish_login(request, user: User):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.pop("pending_user_id", None)
    audit.record(actor=user, action=audit.Action.LOGIN, target=user, summary="登录成功", request=request)
    return redirect(request.session.pop("next", None) or "core:home")


def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_check(username=form.cleaned_data["username"], password=form.cleaned_data["password"], request=request)
        except services.LoginRefused as refused:
            form.add_error(None, str(refused))
        else:
            request.session.cycle_key()
            nxt = request.GET.get("next", "")
            request.session["next"] = nxt if nxt.startswith("/") and not nxt.startswith("//") else ""
            if services.needs_two_factor(user):
                request.session["pending_user_id"] = user.pk
                return redirect("accounts:two-factor")
            return _finish_login(request, user)
    return render(request, "accounts/login.html", {"form": form, "title": "登录"})


def two_factor_view(request):
    """Second step of sign-in: enrol a TOTP app on first use, then type its code."""
    user = User.objects.filter(pk=request.session.get("pending_user_id"), is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = TotpForm(request.POST or None)
    enrolling = not user.totp_enabled
    uri = None
    if enrolling and (request.method == "GET" or not user.totp_secret):
        uri = services.totp_begin(user=user)
        request.session["totp_uri"] = uri
    elif enrolling:
        uri = request.session.get("totp_uri")
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if enrolling:
            try:
                services.totp_confirm(user=user, code=code, request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                return _finish_login(request, user)
        else:
            try:
                services.second_factor_check(user=user, code=code, request=request)
            except services.LoginRefused as refused:
                form.add_error("code", str(refused))
                if User.objects.filter(pk=user.pk, locked_until__gt=timezone.now()).exists():
                    # Locked: the password step must be passed again once the lock ends.
                    request.session.pop("pending_user_id", None)
            else:
                return _finish_login(request, user)
    qr_svg = segno.make(uri).svg_inline(scale=4) if uri else None
    secret = user.totp_secret.reveal() if enrolling and user.totp_secret else None
    return render(request, "accounts/two_factor.html", {"form": form, "enrolling": enrolling, "qr_svg": qr_svg, "secret": secret, "title": "双因素认证"})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit.record(actor=request.user, action=audit.Action.LOGOUT, target=request.user, summary="退出登录", request=request)
    logout(request)
    return redirect("accounts:login")


@login_required
def password_view(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(user=request.user, old_password=form.cleaned_data["old_password"], new_password=form.cleaned_data["new_password"], request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            from django.contrib.auth import update_session_auth_hash

            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改")
            return redirect("core:home")
    return render(request, "core/form.html", {"form": form, "title": "修改密码", "submit_label": "修改密码"})


@login_required
def security_view(request):
    return render(request, "accounts/security.html", {"title": "账号安全", "two_factor_required": services.needs_two_factor(request.user)})


# System administrator ------------------------------------------------------------------------

system_admin_required = user_passes_test(is_system_admin, login_url="accounts:login")

USER_LISTING = Listing(
    columns=[
        Column("username", "用户名", sort="username"),
        Column("display_name", "姓名"),
        Column("org.name", "所属组织"),
        Column("role", "角色", value=lambda u: u.get_role_display(), sort="role"),
        Column("is_active", "启用"),
        Column("locked_until", "锁定至"),
        Column("last_login", "最近登录", sort="last_login"),
    ],
    search_fields=["username", "display_name", "org__name"],
    search_hint="用户名、姓名或组织",
    filters=[Filter("role", "角色", Role.choices, "role")],
    default_sort="username",
    row_url=lambda u: reverse("accounts:user-detail", args=[u.pk]),
    export_name="账号",
)


@login_required
@system_admin_required
def user_list(request):
    return USER_LISTING.respond(request, selectors.users_managed(request.user), template="accounts/user_list.html", title="账号管理")


@login_required
@system_admin_required
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = Org.objects.filter(code=data["org_code"].strip()).first()
        try:
            user = services.user_create(acting_user=request.user, username=data["username"], display_name=data["display_name"], org=org, password=data["password"], request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"账号 {user.username} 已开设，首次登录须修改密码")
            return redirect("accounts:user-detail", user.pk)
    return render(request, "core/form.html", {"form": form, "title": "开设账号", "cancel_url": reverse("accounts:user-list")})


@login_required
@system_admin_required
def user_detail(request, user_id):
    target = selectors.user_get_managed(request.user, user_id)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST":
        try:
            if "active" in request.POST:
                services.user_set_active(acting_user=request.user, user=target, active=request.POST["active"] == "1", request=request)
                messages.success(request, "已更新账号状态")
                return redirect("accounts:user-detail", target.pk)
            if form.is_valid():
                services.user_reset_password(acting_user=request.user, user=target, password=form.cleaned_data["password"], request=request)
                messages.success(request, "密码已重置，账号已解锁")
                return redirect("accounts:user-detail", target.pk)
        except ValidationError as exc:
            attach_errors(form, exc)
    return render(request, "accounts/user_detail.html", {"target": target, "form": form, "title": f"账号 {target.username}"})


# Security administrator ----------------------------------------------------------------------

security_admin_required = user_passes_test(is_security_admin, login_url="accounts:login")

GRANT_LISTING = Listing(
    columns=[
        Column("username", "用户名", sort="username"),
        Column("display_name", "姓名"),
        Column("org.name", "所属组织"),
        Column("role", "角色", value=lambda u: u.get_role_display(), sort="role"),
        Column("can_reveal", "可查看完整敏感信息"),
    ],
    search_fields=["username", "display_name", "org__name"],
    search_hint="用户名、姓名或组织",
    filters=[Filter("role", "角色", Role.choices, "role")],
    default_sort="username",
    row_url=lambda u: reverse("accounts:grant-edit", args=[u.pk]),
    export_name="角色授权",
)


@login_required
@security_admin_required
def grant_list(request):
    return GRANT_LISTING.respond(request, selectors.users_managed(request.user), title="角色授权")


@login_required
@security_admin_required
def grant_edit(request, user_id):
    target = selectors.user_get_managed(request.user, user_id)
    form = GrantForm(request.POST or None, initial={"role": target.role, "can_reveal": target.can_reveal})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_grant(acting_user=request.user, user=target, role=form.cleaned_data["role"], can_reveal=form.cleaned_data["can_reveal"], request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已调整 {target.username} 的角色与授权")
            return redirect("accounts:grant-list")
    return render(request, "core/form.html", {"form": form, "title": f"角色授权: {target.username}({target.org})", "cancel_url": reverse("accounts:grant-list")})


# Audit administrator -------------------------------------------------------------------------

audit_admin_required = user_passes_test(is_audit_admin, login_url="accounts:login")

AUDIT_LISTING = Listing(
    columns=[
        Column("seq", "序号", sort="seq"),
        Column("at", "时间", sort="at"),
        Column("actor_name", "操作人", sort="actor_name"),
        Column("action", "动作", value=lambda e: audit.Action.LABELS.get(e.action, e.action)),
        Column("object_type", "对象类型"),
        Column("object_id", "对象ID"),
        Column("summary", "摘要"),
        Column("ip", "IP"),
    ],
    search_fields=["actor_name", "summary", "object_id"],
    search_hint="操作人、摘要或对象ID",
    filters=[Filter("action", "动作", list(audit.Action.LABELS.items()), "action")],
    default_sort="-seq",
    row_url=lambda e: reverse("accounts:audit-detail", args=[e.pk]),
    export_name="审计日志",
    extra_export=[Column("changes", "变更"), Column("hash", "哈希")],
)


@login_required
@audit_admin_required
def audit_list(request):
    entries = selectors.audit_entries(request.user)
    since, until = parse_date(request.GET.get("since", "") or ""), parse_date(request.GET.get("until", "") or "")
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return AUDIT_LISTING.respond(request, entries, template="accounts/audit_list.html", title="审计日志", context={"since": since, "until": until})


@login_required
@audit_admin_required
def audit_detail(request, entry_id):
    entry = selectors.audit_entry_get(request.user, entry_id)
    return render(request, "accounts/audit_detail.html", {"entry": entry, "title": f"审计日志 #{entry.seq}", "action_label": audit.Action.LABELS.get(entry.action, entry.action)})
