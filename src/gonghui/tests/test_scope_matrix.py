"""A user of one town reaches nothing of a sibling town: every URL and API route, walked.

The routes come from Django's resolver at collection time, the django-ninja API under
/api/v1/ included, so a route added tomorrow is walked tomorrow without anyone editing this
file. A route that takes an object id is tried, by each account of town A that may use it,
with town B's objects and with ids that do not exist, by GET and by POST: the answer is 404,
the same for both (or, for an account that may not use the page at all, a refusal: 403 or
the way back to the sign-in page). A route whose id this file does not know how to fill
fails, naming the entry to add: to OBJECT_KINDS below for orgs, accounts and members, to
`<app>/tests/scope_kinds.py` for every later app (see gonghui/tests/scope_kinds.py). Pages without an id (the lists, their
Excel downloads, the forms) must show none of town B's names.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.core.models import AuditEntry
from gonghui.core.roles import Role
from gonghui.testing import CityFactory, login_as, make_user
from gonghui.tests.routes import all_routes
from gonghui.tests.scope_kinds import BUSINESS, ObjectKind, app_kinds



# The routes ----------------------------------------------------------------------------------


ROUTES = all_routes()
OBJECT_ROUTES = [r for r in ROUTES if r.kwargs]
PLAIN_ROUTES = [r for r in ROUTES if not r.kwargs]


def test_the_walk_finds_the_html_pages_and_the_api():
    """The walk itself: were it to lose the API or an app's pages, the matrix would pass on nothing."""
    routes = {r.route for r in ROUTES}
    assert "orgs/<int:org_id>/" in routes
    assert any(r.route.startswith("api/v1/") for r in OBJECT_ROUTES)
    assert len(OBJECT_ROUTES) >= 10


# The two towns -------------------------------------------------------------------------------


@dataclass
class TwoTowns:
    """The test city with, in each town, an account of every role, a legal-person
    registration, the audit entries those wrote, and the objects of every OBJECT_KINDS entry."""

    city: object
    users: dict = field(default_factory=dict)  # (town "A"/"B", role) -> User
    registrations: dict = field(default_factory=dict)  # town -> LegalPersonRegistration
    built: dict = field(default_factory=dict)  # (url keyword, town) -> its objects

    def town(self, t):
        return self.city.town_a if t == "A" else self.city.town_b

    def within(self, t, objects, path=lambda o: o.path):
        root = self.town(t).path
        return [o for o in objects if path(o).startswith(root)]

    def objects(self, keyword, t) -> list:
        """Town t's objects for a URL keyword, built on first use."""
        if (keyword, t) not in self.built:
            self.built[keyword, t] = list(OBJECT_KINDS[keyword].of_town(self, t))
        return self.built[keyword, t]

    def marks_of(self, t) -> set[str]:
        """Strings that name town t's records: none may appear on a page of the other town."""
        from gonghui.orgs.models import Enterprise, LegalPersonRegistration, Org

        root = self.town(t).path
        marks = set()
        for org in Org.objects.filter(path__startswith=root):
            marks |= {org.name, org.code}
        for enterprise in Enterprise.objects.filter(org__path__startswith=root):
            marks |= {enterprise.name, enterprise.credit_code}
        for registration in LegalPersonRegistration.objects.filter(org__path__startswith=root):
            marks |= {registration.certificate_number, registration.legal_representative}
        for (town, _), user in self.users.items():
            if town == t:
                marks |= {user.username, user.display_name}
        for (keyword, town), objects in self.built.items():
            if town == t:
                marks |= {m for obj in objects for m in OBJECT_KINDS[keyword].marks(obj)}
        return {m for m in marks if m and len(m) >= 4}


def _build_two_towns() -> TwoTowns:
    from gonghui.orgs import services

    world = TwoTowns(city=CityFactory().build())
    for t, prefix, person in (("A", "xushan", "李浒山"), ("B", "guanhai", "王观海")):
        town = world.town(t)
        for role in Role:
            # The reviewer holds the reveal grant, so that the pages behind it are walked too.
            world.users[t, role] = make_user(role, town, username=f"{prefix}-{role.value}", can_reveal=role == Role.REVIEWER)
        primary = world.within(t, world.city.primaries)[0]
        world.registrations[t] = services.registration_record(
            acting_user=world.users[t, Role.CLERK], org=primary, kind="new", certificate_number=f"{prefix.upper()}-2012-0007",
            registered_on=datetime.date(2012, 5, 1), valid_until=datetime.date(2017, 4, 30), legal_representative=person,
        )
    for keyword in [k for k, kind in OBJECT_KINDS.items() if kind.available]:
        for t in ("A", "B"):
            assert world.objects(keyword, t), f"OBJECT_KINDS[{keyword!r}] found nothing in town {t}"
    return world


@pytest.fixture(scope="module")
def _two_towns_for_module(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end; each
    test runs in a savepoint within it (the `db` fixture), so what a request writes (a
    session, an audit entry) is gone before the next test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_two_towns()
        transaction.set_rollback(True)


@pytest.fixture
def two_towns(_two_towns_for_module, db):
    return _two_towns_for_module


def _client(world, t, role) -> Client:
    client = Client()  # CSRF checks off: a refusal here must come from scope, not from a missing token
    return login_as(client, world.users[t, role])


# What each object id in a URL stands for ------------------------------------------------------


def _members_of_town(world, t):
    from gonghui.members import services
    from gonghui.testing import member_data

    clerk = world.users[t, Role.CLERK]
    names, first = (("张浒甲", "张浒乙"), 101) if t == "A" else (("王观甲", "王观乙"), 201)
    places = [world.within(t, world.city.primaries)[0], world.within(t, world.city.villages)[0]]
    return [
        services.member_register(acting_user=clerk, org=org, data=member_data(first + i, name=name, mobile=f"1390000{first + i:04d}"))
        for i, (name, org) in enumerate(zip(names, places))
    ]


def _transfers_of_town(world, t):
    """A transfer inside the town (one across towns is rightly seen by both sides)."""
    from gonghui.members import services

    member = world.objects("member_id", t)[0]
    to_org = world.within(t, world.city.primaries)[1]
    return [services.member_transfer(acting_user=world.users[t, Role.CLERK], member=member, to_org=to_org, effective_on=datetime.date(2012, 6, 1))]


def _import_spec_names():
    from gonghui.core.imports.spec import all_specs

    return sorted(spec.name for spec in all_specs())


def _import_jobs_of_town(world, t):
    """An upload into the town's village, as its clerk left it (no file is needed to show it)."""
    from gonghui.core.models import ImportJob

    village = world.within(t, world.city.villages)[0]
    name = "浒山街道会员名单.xlsx" if t == "A" else "观海卫镇会员名单.xlsx"
    return [ImportJob.objects.create(spec=_import_spec_names()[0], org=village, created_by=world.users[t, Role.CLERK], original_name=name, file_path="")]


def _member_marks(member):
    # Whole numbers only: a masked one may look the same for people of either town.
    plain = [getattr(v, "reveal", lambda v=v: str(v))() for v in (member.id_number, member.mobile)]
    return (member.name, *plain)


OBJECT_KINDS: dict[str, ObjectKind] = {
    # A workplace union two levels below the town, and the town node itself.
    "org_id": ObjectKind("orgs.Org", lambda w, t: [w.within(t, w.city.primaries)[0], w.town(t)], marks=lambda o: (o.name, o.code)),
    # One with its own union, and one with none, filed at the town node.
    "enterprise_id": ObjectKind(
        "orgs.Enterprise",
        lambda w, t: [e for e in w.within(t, w.city.enterprises, lambda e: e.org.path) if e.formation in {"single", "none"}][:3],
        marks=lambda e: (e.name, e.credit_code),
    ),
    # Accounts are managed by the system and security administrators, each in their subtree.
    "user_id": ObjectKind(
        "accounts.User", lambda w, t: [w.users[t, Role.CLERK], w.users[t, Role.SYSTEM_ADMIN]],
        used_by=(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN), marks=lambda u: (u.username, u.display_name),
    ),
    # The audit trail is read by the audit administrator alone and city-wide (see
    # accounts.selectors.audit_entries), so no role here reads it by town.
    "entry_id": ObjectKind(
        "core.AuditEntry", lambda w, t: list(AuditEntry.objects.filter(actor_org_path__startswith=w.town(t).path).order_by("seq")[:2]),
        used_by=(), marks=lambda e: (),
    ),
    "member_id": ObjectKind("members.Member", _members_of_town, marks=_member_marks),
    "transfer_id": ObjectKind("members.Transfer", _transfers_of_town, marks=lambda tr: ()),
    # Not an id: which sealed field of a member to reveal.
    "field": ObjectKind(None, lambda w, t: ["id_number", "mobile"], value=lambda f: f, marks=lambda f: (), guess=lambda w: ["id_number", "mobile"]),
    # Not an id: every registered import type (its template and upload form must show no
    # other town's names); made-up names must answer 404.
    "spec_name": ObjectKind(
        None, lambda w, t: _import_spec_names(), value=lambda n: n, marks=lambda n: (), guess=lambda w: ["no-such-import", "x"], requires="gonghui.core.imports",
    ),
    "job_id": ObjectKind("core.ImportJob", _import_jobs_of_town, marks=lambda j: (j.original_name,)),
}


# Each app after members keeps its own keywords in <app>/tests/scope_kinds.py (KINDS).
OBJECT_KINDS.update(app_kinds(OBJECT_KINDS))


def _refused(response) -> bool:
    """The answer to an account that may not use the page at all."""
    if response.status_code in (401, 403, 404):  # 401: the till API answers only signed requests
        return True
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def _not_offered(response, method) -> bool:
    """405 for a method the route does not take at all (a GET-only API, a POST-only action)."""
    return response.status_code == 405 and method not in response.get("Allow", "")


def _content(response) -> bytes:
    if not hasattr(response, "_gonghui_content"):
        response._gonghui_content = b"".join(response.streaming_content) if response.streaming else response.content
    return response._gonghui_content


def _is_xlsx(response) -> bool:
    return response.status_code == 200 and "spreadsheetml" in response.get("Content-Type", "")


def _xlsx_cells(response) -> list[list]:
    """The rows of the first sheet, read as a clerk's Excel would (python-calamine)."""
    return CalamineWorkbook.from_filelike(io.BytesIO(_content(response))).get_sheet_by_index(0).to_python()


def _text(response) -> str:
    """All a response shows. A workbook is read cell by cell with python-calamine, and its
    XML parts as well: dropdown lists, comments and hidden sheets hold text too."""
    if not _is_xlsx(response):
        return _content(response).decode("utf-8", "replace")
    book = CalamineWorkbook.from_filelike(io.BytesIO(_content(response)))
    parts = [str(cell) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python() for cell in row]
    with zipfile.ZipFile(io.BytesIO(_content(response))) as archive:
        parts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith((".xml", ".vml", ".rels"))]
    return "\n".join(parts)


def _leaks(text: str, marks: set[str]) -> list[str]:
    return sorted(m for m in marks if m in text)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=str)
def test_an_account_of_town_a_cannot_reach_town_b_or_guessed_ids(two_towns, route, method):
    unknown = [k for k in route.kwargs if k not in OBJECT_KINDS]
    if unknown:
        pytest.fail(
            f"{route} takes {', '.join(unknown)}, which the scope matrix does not know. Add an entry for it to "
            f"KINDS in <app>/tests/scope_kinds.py saying how to find objects of a given town (and which "
            f"roles use such pages), so that the new route is proven not to leak across towns."
        )
    world = two_towns
    kinds = [OBJECT_KINDS[k] for k in route.kwargs]
    marks_b = world.marks_of("B")
    problems = []

    def fill(town, i):
        return {k: kind.value(objs[i % len(objs)]) for k, kind in zip(route.kwargs, kinds) for objs in [world.objects(k, town)]}

    town_bound = [k for k, kind in zip(route.kwargs, kinds) if not kind.town_free]
    b_tries = [("town B's", fill("B", i)) for i in range(max((len(world.objects(k, "B")) for k in town_bound), default=0))]
    guessed = [kind.guessed(world) for kind in kinds]
    tries = b_tries + [("a guessed", {k: g[i] for k, g in zip(route.kwargs, guessed)}) for i in range(2)]
    for role in dict.fromkeys([Role.CLERK, *[r for kind in kinds for r in kind.used_by]]):
        client = _client(world, "A", role)
        # First town A's own object: does this role use the page at all? (And that page, too,
        # shows nothing of town B: for a route without a town's object it is the whole check.)
        own_url = route.url(fill("A", 0))
        own = client.get(own_url)
        uses_page = not _refused(own)
        if leaked := _leaks(_text(own), marks_b):
            problems.append(f"GET {own_url} (town A's own) as town A's {role.label} shows town B's {leaked}")
        written = AuditEntry.objects.count()
        for what, values in tries:
            url = route.url(values)
            response = client.generic(method, url)
            fine = response.status_code == 404 if uses_page else _refused(response)
            if _not_offered(response, method):
                fine = True
            if not fine:
                problems.append(f"{method} {url} ({what} id) as town A's {role.label}: {response.status_code}, expected {'404' if uses_page else '403/404/sign-in'}")
            if leaked := _leaks(_text(response), marks_b):
                problems.append(f"{method} {url} ({what} id) as town A's {role.label} shows town B's {leaked}")
        # Refused means nothing happened: every change and every reveal writes an audit entry.
        if (more := AuditEntry.objects.count() - written) > 0:
            problems.append(f"{method} {route} with town B's or guessed ids as town A's {role.label} wrote {more} audit entries")
    assert not problems, "\n".join(problems)


# Pages without an object id ------------------------------------------------------------------

PAGE_ROLES = (Role.CLERK, Role.REVIEWER, Role.LEADER, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)
# The audit administrator is left out on purpose: the trail is one city-wide record that the
# audit administrator reads whole (accounts.selectors.audit_entries), town B's entries too.


@pytest.mark.parametrize("route", PLAIN_ROUTES, ids=str)
def test_a_page_without_an_id_shows_town_a_nothing_of_town_b(two_towns, route):
    """Every page, its ?org= narrowing to town B's node and its Excel download alike."""
    world = two_towns
    marks_b = world.marks_of("B")
    url = route.url({})
    problems = []
    for role in PAGE_ROLES:
        client = _client(world, "A", role)
        for query in ("", f"?org={world.town('B').pk}", "?export=xlsx", f"?org={world.town('B').pk}&export=xlsx"):
            response = client.get(url + query, follow=True)
            if response.status_code >= 500:
                problems.append(f"GET {url}{query} as town A's {role.label}: {response.status_code}")
            if leaked := _leaks(_text(response), marks_b):
                problems.append(f"GET {url}{query} as town A's {role.label} shows town B's {leaked}")
    assert not problems, "\n".join(problems)


LIST_PAGES = ["orgs:org-list", "orgs:enterprise-list", "orgs:registration-list"]


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize("export", [False, True], ids=["page", "xlsx"])
def test_a_town_clerk_lists_their_own_town_and_none_of_the_other(two_towns, name, export):
    world = two_towns
    client = _client(world, "A", Role.CLERK)
    response = client.get(reverse(name) + ("?export=xlsx" if export else ""))
    assert response.status_code == 200
    if export:
        assert _is_xlsx(response), response.get("Content-Type")
        text = "\n".join(str(cell) for row in _xlsx_cells(response) for cell in row)
    else:
        text = _text(response)
    own = {
        "orgs:org-list": [world.town("A").name, world.within("A", world.city.primaries)[0].name],
        "orgs:enterprise-list": [e.name for e in world.within("A", world.city.enterprises, lambda e: e.org.path)],
        "orgs:registration-list": [world.registrations["A"].certificate_number],
    }[name]
    assert all(n in text for n in own), f"town A's own records missing from {name}: {[n for n in own if n not in text]}"
    assert not _leaks(text, world.marks_of("B"))


def test_every_url_keyword_is_known_to_the_matrix():
    """One line for all routes at once, so a new app's ids are listed together."""
    unknown = sorted({f"{k} (in {r})" for r in OBJECT_ROUTES for k in r.kwargs if k not in OBJECT_KINDS})
    assert not unknown, "add these URL keywords to KINDS in <app>/tests/scope_kinds.py: " + "; ".join(unknown)
