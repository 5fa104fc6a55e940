from django.core.exceptions import PermissionDenied
from django.utils import timezone
"""The three administrators are kept apart (三员分立): the system administrator opens
accounts, the security administrator sets roles and grants, the audit administrator reads
the audit trail; none of them reads business data, and no business role reaches an
administrator's page. A leader reads and never writes."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from gonghui.accounts import services
from gonghui.accounts.models import User
from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.core.roles import ADMIN_ROLES, BUSINESS_ROLES, Role
from gonghui.orgs import services as org_services
from gonghui.testing import TEST_PASSWORD, login_as

STRONG = "Strong-Pass-2024"


@pytest.fixture
def people(city, make_user):
    """Town A's clerk and leader, town B's clerk, and the three administrators of town A
    (the audit administrator at the federation)."""

    class People:
        clerk = make_user(Role.CLERK, city.town_a, username="clerk.a")
        leader = make_user(Role.LEADER, city.town_a, username="leader.a")
        clerk_b = make_user(Role.CLERK, city.town_b, username="clerk.b")
        system = make_user(Role.SYSTEM_ADMIN, city.town_a, username="sysadmin.a")
        security = make_user(Role.SECURITY_ADMIN, city.town_a, username="secadmin.a")
        auditor = make_user(Role.AUDIT_ADMIN, city.federation, username="auditadmin")

    return People


def business_pages(city):
    """Pages and API routes that show or change business records of town A."""
    town, village, enterprise = city.town_a.pk, city.villages[0].pk, city.enterprises[0].pk
    return [
        "/orgs/",
        f"/orgs/{town}/",
        f"/orgs/{village}/",
        "/orgs/list/",
        "/orgs/list/?export=xlsx",
        "/orgs/enterprises/",
        "/orgs/enterprises/?export=xlsx",
        f"/orgs/enterprises/{enterprise}/",
        f"/orgs/enterprises/{enterprise}/edit/",
        "/orgs/enterprises/new/",
        "/orgs/registrations/",
        f"/orgs/{town}/edit/",
        f"/orgs/{town}/move/",
        f"/orgs/{town}/children/new/",
        f"/orgs/{town}/registrations/new/",
        f"/api/v1/orgs/{town}",
        f"/api/v1/orgs/{town}/children",
        f"/api/v1/orgs/enterprises/{enterprise}",
    ]


def admin_pages(people):
    entry = audit.record(actor=None, actor_name="system", action=audit.Action.KEY_ROTATION, summary="测试条目")
    return {
        Role.SYSTEM_ADMIN: ["/accounts/users/", "/accounts/users/new/", f"/accounts/users/{people.clerk.pk}/", "/accounts/users/?export=xlsx"],
        Role.SECURITY_ADMIN: ["/accounts/grants/", f"/accounts/grants/{people.clerk.pk}/", "/accounts/grants/?export=xlsx"],
        Role.AUDIT_ADMIN: ["/accounts/audit/", f"/accounts/audit/{entry.pk}/", "/accounts/audit/?export=xlsx"],
    }


# Words only a page showing town A's records would contain (the navigation bar shows the
# account's own node, so node names of town A itself are not among them).
BUSINESS_WORDS = ["浒山街一村工会", "浒山街企业1", "浒山街企业2", "浒山街工业区联合工会", "91330282"]


def assert_refused(response, url):
    """Refused: 401, 403, 404, 405 (a write to a read-only API route), or sent to the sign-in
    page; and no business data on the way."""
    assert response.status_code in (302, 401, 403, 404, 405), (url, response.status_code)
    if response.status_code == 302:
        assert response.url.startswith("/accounts/login/"), (url, response.url)
    body = response.content.decode(errors="replace")
    for word in BUSINESS_WORDS:
        assert word not in body, (url, word)


def assert_refused_get_and_post(client, url):
    assert_refused(client.get(url), url)
    assert_refused(client.post(url, {"name": "改名", "role": "clerk", "can_reveal": "on", "username": "x", "password": STRONG}), url)


# The system administrator ----------------------------------------------------------------------------


def test_the_system_administrator_opens_an_account_in_their_subtree(client, city, people):
    login_as(client, people.system)

    response = client.post("/accounts/users/new/", {"username": "li.clerk", "display_name": "李经办", "org_code": "C-01-001", "role": "clerk", "password": STRONG})

    new = User.objects.get(username="li.clerk")
    assert response.status_code == 302 and response.url == f"/accounts/users/{new.pk}/"
    assert new.org == city.villages[0] and new.role == Role.NONE  # no rights until the security administrator grants them
    assert new.must_change_password and new.check_password(STRONG) and not new.can_reveal
    entry = AuditEntry.objects.get(action=audit.Action.CREATE, object_id=str(new.pk))
    assert entry.actor_id == people.system.pk and entry.changes["username"] == [None, "li.clerk"]
    assert STRONG not in str(entry.changes)


@pytest.mark.parametrize("org_code", ["C-02", "C-02-001", "C", "NO-SUCH-ORG"])
def test_the_system_administrator_cannot_open_an_account_outside_their_subtree(client, city, people, org_code):
    login_as(client, people.system)
    response = client.post("/accounts/users/new/", {"username": "li.clerk", "display_name": "李经办", "org_code": org_code, "role": "clerk", "password": STRONG})
    assert response.status_code == 200
    assert "所属组织不在您的管辖范围内" in response.content.decode()
    assert not User.objects.filter(username="li.clerk").exists()


def test_the_system_administrator_cannot_open_an_account_with_a_weak_first_password(client, city, people):
    login_as(client, people.system)
    response = client.post("/accounts/users/new/", {"username": "li.clerk", "display_name": "李经办", "org_code": "C-01", "role": "clerk", "password": "li.clerk-abc"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "密码须包含大写字母、小写字母、数字、符号中的至少三类" in text and "密码不能包含用户名" in text
    assert not User.objects.filter(username="li.clerk").exists()


def test_the_system_administrator_lists_and_manages_only_accounts_of_their_subtree(client, city, people):
    login_as(client, people.system)
    listing = client.get("/accounts/users/").content.decode()
    assert "clerk.a" in listing and "clerk.b" not in listing and "auditadmin" not in listing
    assert client.get(f"/accounts/users/{people.clerk_b.pk}/").status_code == 404
    assert client.post(f"/accounts/users/{people.clerk_b.pk}/", {"active": "0"}).status_code == 404
    people.clerk_b.refresh_from_db()
    assert people.clerk_b.is_active


def test_the_system_administrator_resets_a_password_which_unlocks_and_must_be_changed(client, city, people):
    User.objects.filter(pk=people.clerk.pk).update(failed_logins=3, locked_until="2999-01-01T00:00:00Z", must_change_password=False)
    login_as(client, people.system)
    response = client.post(f"/accounts/users/{people.clerk.pk}/", {"password": STRONG})
    assert response.status_code == 302
    people.clerk.refresh_from_db()
    assert people.clerk.locked_until is None and people.clerk.failed_logins == 0
    assert people.clerk.must_change_password and people.clerk.check_password(STRONG)


def test_the_system_administrator_deactivates_an_account_which_then_cannot_sign_in(client, city, people):
    login_as(client, people.system)
    assert client.post(f"/accounts/users/{people.clerk.pk}/", {"active": "0"}).status_code == 302
    client.logout()
    response = client.post("/accounts/login/", {"username": "clerk.a", "password": TEST_PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_the_system_administrator_cannot_grant_roles_or_the_reveal_permission(client, city, people):
    login_as(client, people.system)
    for url in ["/accounts/grants/", f"/accounts/grants/{people.clerk.pk}/"]:
        assert_refused_get_and_post(client, url)
    people.clerk.refresh_from_db()
    assert people.clerk.role == Role.CLERK and not people.clerk.can_reveal
    with pytest.raises(PermissionDenied):
        services.user_grant(acting_user=people.system, user=people.clerk, role=Role.REVIEWER, can_reveal=True)


# The security administrator --------------------------------------------------------------------------


def test_the_security_administrator_changes_a_role_and_the_reveal_grant(client, city, people):
    login_as(client, people.security)
    assert "clerk.a" in client.get("/accounts/grants/").content.decode()

    response = client.post(f"/accounts/grants/{people.clerk.pk}/", {"role": "reviewer", "can_reveal": "on"})

    assert response.status_code == 302
    people.clerk.refresh_from_db()
    assert people.clerk.role == Role.REVIEWER and people.clerk.can_reveal
    entry = AuditEntry.objects.get(action=audit.Action.GRANT, object_id=str(people.clerk.pk))
    assert entry.actor_id == people.security.pk
    assert entry.changes == {"role": ["clerk", "reviewer"], "can_reveal": [False, True]}

    client.post(f"/accounts/grants/{people.clerk.pk}/", {"role": "clerk"})
    people.clerk.refresh_from_db()
    assert people.clerk.role == Role.CLERK and not people.clerk.can_reveal


def test_the_security_administrator_grants_only_within_their_subtree_and_never_to_themselves(client, city, people):
    login_as(client, people.security)
    assert client.get(f"/accounts/grants/{people.clerk_b.pk}/").status_code == 404
    assert client.post(f"/accounts/grants/{people.clerk_b.pk}/", {"role": "reviewer", "can_reveal": "on"}).status_code == 404
    people.clerk_b.refresh_from_db()
    assert people.clerk_b.role == Role.CLERK and not people.clerk_b.can_reveal

    response = client.post(f"/accounts/grants/{people.security.pk}/", {"role": "leader"})
    assert response.status_code == 200 and "不能给自己授权" in response.content.decode()
    people.security.refresh_from_db()
    assert people.security.role == Role.SECURITY_ADMIN


def test_the_security_administrator_cannot_open_accounts(client, city, people):
    login_as(client, people.security)
    for url in ["/accounts/users/", "/accounts/users/new/", f"/accounts/users/{people.clerk.pk}/"]:
        assert_refused_get_and_post(client, url)
    response = client.post("/accounts/users/new/", {"username": "li.clerk", "display_name": "李经办", "org_code": "C-01", "role": "clerk", "password": STRONG})
    assert_refused(response, "/accounts/users/new/")
    assert not User.objects.filter(username="li.clerk").exists()
    with pytest.raises(PermissionDenied):
        services.user_create(acting_user=people.security, username="li.clerk", display_name="李经办", org=city.town_a, password=STRONG)


# The audit administrator ---------------------------------------------------------------------------------


def test_the_audit_administrator_reads_and_searches_the_audit_trail(client, city, people):
    for who in ("clerk.a", "clerk.b"):
        client.post("/accounts/login/", {"username": who, "password": "Wrong-Pass-1"})
    entry = AuditEntry.objects.get(actor_name="clerk.b")
    login_as(client, people.auditor)

    everything = client.get("/accounts/audit/").content.decode()
    assert "clerk.a" in everything and "clerk.b" in everything

    found = client.get("/accounts/audit/", {"q": "clerk.b"})
    assert found.status_code == 200
    text = found.content.decode()
    assert "clerk.b" in text and "clerk.a" not in text and "密码错误(连续第 1 次)" in text

    by_action = client.get("/accounts/audit/", {"action": audit.Action.LOGIN_FAILED}).content.decode()
    assert "clerk.a" in by_action and "clerk.b" in by_action

    detail = client.get(f"/accounts/audit/{entry.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "clerk.b" in text and entry.hash in text and entry.prev_hash in text and "登录失败" in text
    assert client.get("/accounts/audit/999999/").status_code == 404


def test_the_audit_administrator_does_nothing_else(client, city, people):
    login_as(client, people.auditor)
    for url in admin_pages(people)[Role.SYSTEM_ADMIN] + admin_pages(people)[Role.SECURITY_ADMIN] + business_pages(city):
        assert_refused_get_and_post(client, url)
    people.clerk.refresh_from_db()
    assert people.clerk.role == Role.CLERK


# Nobody but the audit administrator reads the trail; no administrator reads business data --------------


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN])
def test_the_other_administrators_cannot_read_the_audit_trail(client, city, people, role):
    admin = people.system if role == Role.SYSTEM_ADMIN else people.security
    login_as(client, admin)
    for url in admin_pages(people)[Role.AUDIT_ADMIN]:
        assert_refused_get_and_post(client, url)


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_no_administrator_reads_or_writes_business_data(client, city, people, role):
    admin = {Role.SYSTEM_ADMIN: people.system, Role.SECURITY_ADMIN: people.security, Role.AUDIT_ADMIN: people.auditor}[role]
    login_as(client, admin)
    names_before = sorted(city.town_a.__class__.objects.values_list("name", flat=True))
    for url in business_pages(city):
        assert_refused_get_and_post(client, url)
    assert sorted(city.town_a.__class__.objects.values_list("name", flat=True)) == names_before
    # Home sends each administrator to their own page, which shows no business figures.
    home = client.get("/")
    assert home.status_code == 302 and home.url.startswith("/accounts/")
    own_page = client.get(home.url)
    assert own_page.status_code == 200
    for word in BUSINESS_WORDS:
        assert word not in own_page.content.decode()


@pytest.mark.parametrize("role", sorted(BUSINESS_ROLES))
def test_no_business_role_reaches_an_administrator_page(client, city, make_user, people, role):
    user = make_user(role, city.federation)
    login_as(client, user)
    for pages in admin_pages(people).values():
        for url in pages:
            assert_refused_get_and_post(client, url)
    with pytest.raises(PermissionDenied):
        services.user_create(acting_user=user, username="li.clerk", display_name="李经办", org=city.town_a, password=STRONG)
    with pytest.raises(PermissionDenied):
        services.user_grant(acting_user=user, user=people.clerk, role=Role.LEADER, can_reveal=True)
    assert not User.objects.filter(username="li.clerk").exists()


# The reveal permission never goes to an administrator ------------------------------------------------------


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_the_security_administrator_cannot_give_an_administrator_the_reveal_permission(client, city, people, role):
    login_as(client, people.security)

    response = client.post(f"/accounts/grants/{people.clerk.pk}/", {"role": role, "can_reveal": "on"})

    assert response.status_code == 200
    assert "管理员角色不能获得查看完整敏感信息的权限" in response.content.decode()
    people.clerk.refresh_from_db()
    assert people.clerk.role == Role.CLERK and not people.clerk.can_reveal
    with pytest.raises(ValidationError):
        services.user_grant(acting_user=people.security, user=people.system, role=Role.SYSTEM_ADMIN, can_reveal=True)


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_the_database_refuses_an_administrator_with_the_reveal_permission(city, make_user, role):
    admin = make_user(role, city.town_a)
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            User.objects.filter(pk=admin.pk).update(can_reveal=True)
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            make_user(role, city.town_b, can_reveal=True)
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            User.objects.filter(pk=make_user(Role.CLERK, city.town_b, can_reveal=True).pk).update(role=role)
    admin.refresh_from_db()
    assert not admin.can_reveal


def test_a_business_account_may_hold_the_reveal_permission(city, make_user):
    for role in BUSINESS_ROLES:
        assert make_user(role, city.town_a, can_reveal=True).can_reveal


# A leader reads and never writes ----------------------------------------------------------------------------


def test_a_leader_reads_their_subtree_but_cannot_change_it(client, city, people):
    login_as(client, people.leader)
    town, enterprise = city.town_a, city.enterprises[0]
    assert client.get(f"/orgs/{town.pk}/").status_code == 200
    assert client.get(f"/orgs/enterprises/{enterprise.pk}/").status_code == 200

    assert client.post(f"/orgs/{town.pk}/edit/", {"name": "领导改的名字", "kind": "town", "status": "active"}).status_code == 403
    assert client.post(f"/orgs/{town.pk}/children/new/", {"name": "领导建的工会", "kind": "village"}).status_code == 403
    assert client.post(f"/orgs/{city.villages[0].pk}/move/", {"new_parent": "C-02"}).status_code == 403
    assert client.post(f"/orgs/enterprises/{enterprise.pk}/edit/", {"name": "领导改的企业"}).status_code == 403
    assert client.post("/orgs/enterprises/new/", {"name": "领导登记的企业"}).status_code == 403

    town.refresh_from_db()
    enterprise.refresh_from_db()
    assert town.name == "浒山街道总工会" and enterprise.name == "浒山街企业1"
    assert city.villages[0].__class__.objects.get(pk=city.villages[0].pk).parent_id == town.pk
    assert not town.__class__.objects.filter(name="领导建的工会").exists()
    assert not AuditEntry.objects.filter(actor_id=people.leader.pk, action__in=[audit.Action.CREATE, audit.Action.UPDATE]).exists()
    # The services refuse too, whoever calls them.
    with pytest.raises(PermissionDenied):
        org_services.org_create(acting_user=people.leader, parent=town, name="领导建的工会", kind="village")
    assert not town.__class__.objects.filter(name="领导建的工会").exists()


# The trail of the account services -------------------------------------------------------------------------


def test_every_account_service_writes_its_entry_and_the_chain_verifies(client, city, people):
    new = services.user_create(acting_user=people.system, username="zhao.clerk", display_name="赵经办", org=city.town_a, password=STRONG)
    services.user_grant(acting_user=people.security, user=new, role=Role.REVIEWER, can_reveal=True)
    services.user_reset_password(acting_user=people.system, user=new, password="Reset-Pass-2024")
    services.user_set_active(acting_user=people.system, user=new, active=False)
    services.user_set_active(acting_user=people.system, user=new, active=True)
    client.post("/accounts/login/", {"username": "zhao.clerk", "password": "Wrong-Pass-1"})
    client.post("/accounts/login/", {"username": "zhao.clerk", "password": "Reset-Pass-2024"})
    client.post("/accounts/password/", {"old_password": "Reset-Pass-2024", "new_password": "Third-Pass-2024", "new_password2": "Third-Pass-2024"})
    client.post("/accounts/logout/")

    actions = list(AuditEntry.objects.filter(object_id=str(new.pk)).order_by("seq").values_list("action", flat=True))
    assert actions == [
        audit.Action.CREATE, audit.Action.GRANT, audit.Action.PASSWORD, audit.Action.UPDATE, audit.Action.UPDATE,
        audit.Action.LOGIN_FAILED, audit.Action.LOGIN, audit.Action.PASSWORD, audit.Action.LOGOUT,
    ]
    entries = list(AuditEntry.objects.order_by("seq"))
    assert all(after.prev_hash == before.hash for before, after in zip(entries, entries[1:]))
    for password in (STRONG, "Reset-Pass-2024", "Third-Pass-2024"):
        assert not AuditEntry.objects.filter(summary__contains=password).exists()
        assert all(password not in str(e.changes) for e in entries)
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert f"共 {len(entries)} 条" in out.getvalue()


def test_a_new_account_reads_no_business_data_until_the_security_administrator_grants_a_role(client, city, people):
    new = services.user_create(acting_user=people.system, username="qian.clerk", display_name="钱经办", org=city.town_a, password=STRONG)
    User.objects.filter(pk=new.pk).update(must_change_password=False, password_changed_at=timezone.now())
    login_as(client, User.objects.get(pk=new.pk))
    assert client.get(f"/orgs/{city.town_a.pk}/").status_code in {302, 403, 404}
    services.user_grant(acting_user=people.security, user=new, role=Role.CLERK, can_reveal=False)
    login_as(client, User.objects.get(pk=new.pk))
    assert client.get(f"/orgs/{city.town_a.pk}/").status_code == 200


@pytest.mark.parametrize("role", [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.SYSTEM_ADMIN])
def test_the_system_administrator_cannot_reset_or_disable_an_administrator(city, people, make_user, role):
    other = make_user(role, city.town_a)
    with pytest.raises(PermissionDenied):
        services.user_reset_password(acting_user=people.system, user=other, password="Taken-Over-2024")
    with pytest.raises(PermissionDenied):
        services.user_set_active(acting_user=people.system, user=other, active=False)
    other.refresh_from_db()
    assert other.is_active and not other.check_password("Taken-Over-2024")
