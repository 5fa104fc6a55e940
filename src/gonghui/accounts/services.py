"""Account use cases: signing in (with lock-out and two factors), passwords, and the work of
the system and security administrators. Every step is audited."""

import datetime
import hmac as std_hmac

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core import audit, scope
from gonghui.core.roles import ADMIN_ROLES, BUSINESS_ROLES, Role, is_security_admin, is_system_admin
from gonghui.core.sealing import SealedValue

TOTP_ISSUER = "工会工作平台"


class LoginRefused(Exception):
    """Sign-in refused; the message is shown to the person as it is."""


def login_check(*, username: str, password: str, request=None) -> User:
    """Check a username and password. Five failures in a row lock the account for 15
    minutes; a locked account is refused even with the right password."""
    username = (username or "").strip()[:150]
    # The refusal is raised only after the transaction has committed: raised inside it, the
    # failure count, the lock and their audit entries would all be rolled back.
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        refusal = _password_step(user, username=username, password=password, request=request)
    if refusal:
        raise LoginRefused(refusal)
    return user


def password_refusal() -> str:
    """The one answer to every refused password step. Before a person has proved who they are,
    nothing may tell them whether the username exists, how many tries are left, or that the
    account is locked: each of those would let a guesser find real accounts."""
    return f"用户名或密码错误。连续输错 {settings.LOGIN_MAX_FAILURES} 次账号将锁定 {settings.LOGIN_LOCK_MINUTES} 分钟，锁定期间无法登录"


def _password_step(user: User | None, *, username: str, password: str, request) -> str:
    """Checks the password and records the outcome; returns the refusal message, or "" on success."""
    now = timezone.now()
    if user is None:
        make_password(password)  # the same hashing time as a real check: no timing tells the name exists
        audit.record(actor=None, actor_name=username, action=audit.Action.LOGIN_FAILED, summary="用户名不存在", request=request)
        return password_refusal()
    if user.locked_until and user.locked_until > now:
        make_password(password)
        audit.record(actor=user, action=audit.Action.LOGIN_FAILED, target=user, summary="账号锁定期间尝试登录", request=request)
        return password_refusal()
    if user.is_active and authenticate(request, username=username, password=password) is not None:
        user.failed_logins = 0
        user.locked_until = None
        user.save(update_fields=["failed_logins", "locked_until"])
        return ""
    _count_failure(user, summary="密码错误", request=request)
    return password_refusal()


def _count_failure(user: User, *, summary: str, request) -> bool:
    """One more failed sign-in step (password or dynamic code); the fifth in a row locks the
    account. Call inside a transaction that commits; returns whether this failure locked it."""
    user.failed_logins += 1
    audit.record(actor=user, action=audit.Action.LOGIN_FAILED, target=user, summary=f"{summary}(连续第 {user.failed_logins} 次)", request=request)
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        user.locked_until = timezone.now() + datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
        user.failed_logins = 0
        user.save(update_fields=["failed_logins", "locked_until"])
        audit.record(actor=user, action=audit.Action.LOCKED, target=user, summary=f"连续 {settings.LOGIN_MAX_FAILURES} 次登录失败，锁定 {settings.LOGIN_LOCK_MINUTES} 分钟", request=request)
        return True
    user.save(update_fields=["failed_logins"])
    return False


def needs_two_factor(user: User) -> bool:
    return user.role in ADMIN_ROLES or settings.REQUIRE_2FA_FOR_ALL or user.totp_enabled


def password_expired(user: User) -> bool:
    if user.must_change_password or user.password_changed_at is None:
        return True
    if settings.PASSWORD_MAX_AGE_DAYS <= 0:
        return False
    return timezone.now() - user.password_changed_at > datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def totp_verify(user: User, code: str) -> bool:
    """Whether `code` is the account's current dynamic code (one step of clock drift either
    way) and has not been used before; a code that passes is used up."""
    secret = user.totp_secret.reveal() if isinstance(user.totp_secret, SealedValue) else ""
    code = (code or "").strip()
    if not secret or not code.isdigit():
        return False
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if step > user.totp_last_step and std_hmac.compare_digest(totp.generate_otp(step), code):
            user.totp_last_step = step
            user.save(update_fields=["totp_last_step"])
            return True
    return False


def second_factor_check(*, user: User, code: str, request=None) -> None:
    """Check the dynamic code of the second sign-in step. Wrong codes count toward the same
    lock-out as wrong passwords, so six digits cannot be guessed at leisure."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        now = timezone.now()
        if user.locked_until and user.locked_until > now:
            minutes = int((user.locked_until - now).total_seconds() // 60) + 1
            audit.record(actor=user, action=audit.Action.LOGIN_FAILED, target=user, summary="账号锁定期间尝试动态验证码", request=request)
            refusal = f"账号已被锁定，请 {minutes} 分钟后再试"
        elif totp_verify(user, code):
            if user.failed_logins:
                user.failed_logins = 0
                user.save(update_fields=["failed_logins"])
            refusal = ""
        else:
            # Past the password step the person has shown who they are: the count may be told.
            if _count_failure(user, summary="动态验证码错误", request=request):
                refusal = f"连续 {settings.LOGIN_MAX_FAILURES} 次动态验证码错误，账号已锁定 {settings.LOGIN_LOCK_MINUTES} 分钟"
            else:
                refusal = f"动态验证码不正确，再错 {settings.LOGIN_MAX_FAILURES - user.failed_logins} 次账号将被锁定"
    if refusal:
        raise LoginRefused(refusal)


def totp_begin(*, user: User) -> str:
    """Give the account a new (unconfirmed) secret; returns the otpauth:// URI for the QR."""
    secret = pyotp.random_base32()
    user.totp_secret = SealedValue(secret, "secret")
    user.totp_enabled = False
    user.save(update_fields=["totp_secret", "totp_enabled"])
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)


def totp_confirm(*, user: User, code: str, request=None) -> None:
    if not totp_verify(user, code):
        raise ValidationError({"code": "动态验证码不正确，请核对手机上的验证器时间后重试"})
    with transaction.atomic():
        user.totp_enabled = True
        user.save(update_fields=["totp_enabled"])
        audit.record(actor=user, action=audit.Action.TWO_FACTOR, target=user, summary="启用双因素认证", request=request)


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str, request=None) -> None:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确"})
    if old_password == new_password:
        raise ValidationError({"new_password": "新密码不能与原密码相同"})
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from None
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit.record(actor=user, action=audit.Action.PASSWORD, target=user, summary="修改密码", request=request)


# The system administrator: accounts ---------------------------------------------------------

USER_FIELDS = ["username", "display_name", "org", "role", "is_active", "can_reveal"]


def _admin_covers(admin: User, org) -> bool:
    return admin.org_id is not None and org is not None and org.path.startswith(admin.org.path)


@transaction.atomic
def user_create(*, acting_user: User, username: str, display_name: str, org, password: str, request=None) -> User:
    """The system administrator opens an account in their subtree. It holds no role until the
    security administrator grants one (三员分立: who opens accounts does not grant rights), and
    its first password must be changed at first sign-in."""
    if not is_system_admin(acting_user):
        raise PermissionDenied("只有系统管理员可以开设账号")
    if not _admin_covers(acting_user, org):
        raise ValidationError({"org": "所属组织不在您的管辖范围内"})
    username = username.strip()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"用户名 {username} 已存在"})
    user = User(username=username, display_name=display_name.strip(), org=org, role=Role.NONE, must_change_password=True)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save()
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=user, summary=f"开设账号 {username}(待安全管理员授权)", changes=audit.created(user, USER_FIELDS), request=request)
    return user


def _system_admin_may_manage(acting_user: User, user: User) -> bool:
    """Within their subtree, and never the administrators' own accounts: the system
    administrator cannot lock out or take over the security or audit administrator."""
    return is_system_admin(acting_user) and _admin_covers(acting_user, user.org) and user.role not in ADMIN_ROLES


@transaction.atomic
def user_set_active(*, acting_user: User, user: User, active: bool, request=None) -> User:
    if not _system_admin_may_manage(acting_user, user):
        raise PermissionDenied("无权操作该账号(管理员账号不能由系统管理员停用或重置)")
    if user.pk == acting_user.pk:
        raise ValidationError({"is_active": "不能停用自己的账号"})
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=user, summary=f"{'启用' if active else '停用'}账号 {user.username}", request=request)
    return user


@transaction.atomic
def user_reset_password(*, acting_user: User, user: User, password: str, request=None) -> User:
    if not _system_admin_may_manage(acting_user, user):
        raise PermissionDenied("无权操作该账号(管理员账号不能由系统管理员停用或重置)")
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["password", "must_change_password", "failed_logins", "locked_until"])
    audit.record(actor=acting_user, action=audit.Action.PASSWORD, target=user, summary=f"重置账号 {user.username} 的密码并解锁", request=request)
    return user


# The security administrator: roles and grants -----------------------------------------------


@transaction.atomic
def user_grant(*, acting_user: User, user: User, role: str, can_reveal: bool, request=None) -> User:
    """The security administrator sets an account's role and its personal-data grant. The
    three administrator roles never get the reveal grant, and nobody changes their own."""
    if not is_security_admin(acting_user) or not _admin_covers(acting_user, user.org):
        raise PermissionDenied("只有安全管理员可以授权")
    if user.pk == acting_user.pk:
        raise ValidationError({"role": "不能给自己授权"})
    if role not in Role.values:
        raise ValidationError({"role": "角色不存在"})
    if can_reveal and role not in BUSINESS_ROLES:
        raise ValidationError({"can_reveal": "管理员角色不能获得查看完整敏感信息的权限"})
    before = audit.snapshot(user, USER_FIELDS)
    user.role, user.can_reveal = role, can_reveal
    user.save(update_fields=["role", "can_reveal"])
    audit.record(actor=acting_user, action=audit.Action.GRANT, target=user, summary=f"调整账号 {user.username} 的角色与授权", changes=audit.diff(before, audit.snapshot(user, USER_FIELDS)), request=request)
    return user

