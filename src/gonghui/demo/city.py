"""Writing the demo city into the database: the tree level by level, the enterprises, the
registrations and the demo logins, in one transaction with one audit entry.

Bulk writes throughout: each level of the tree is one bulk insert (SQLite and PostgreSQL
both return the new ids) followed by one bulk update of the paths, which need those ids.
"""

import time
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core import audit, scope
from gonghui.demo.accounts import DEMO_USERNAMES, demo_accounts_create
from gonghui.demo.plan import MAX_SCALE, MIN_SCALE, CityPlan, plan_city
from gonghui.orgs.models import Enterprise, LegalPersonRegistration, Level, Org

BATCH = 1000


class DemoRefused(Exception):
    """The demo city cannot be written; the message says why, in Chinese, to the operator."""


@dataclass
class DemoResult:
    plan: CityPlan
    reset: bool
    seconds: float

    @property
    def summary(self) -> str:
        plan = self.plan
        text = (
            f"生成演示城市(种子 {plan.seed}，规模 {plan.scale:g})：工会组织 {len(plan.orgs)} 个"
            f"(市总工会 {plan.count(Level.FEDERATION)}、镇(街道)总工会 {plan.count(Level.TOWN)}、"
            f"村(社区)及联合工会 {plan.count(Level.JOINT)}、基层工会 {plan.count(Level.PRIMARY)})，"
            f"企业 {len(plan.enterprises)} 家，法人资格登记 {len(plan.registrations)} 条，演示账号 {len(DEMO_USERNAMES)} 个"
        )
        if self.reset:
            text += "；生成前已清空原有组织树、企业、法人资格登记和演示账号"
        return text


def what_is_there() -> str:
    """What stands in the way of a fresh demo city, in words; empty when nothing does."""
    parts = []
    if orgs := Org.objects.count():
        parts.append(f"{orgs} 个工会组织")
    if enterprises := Enterprise.objects.count():
        parts.append(f"{enterprises} 家企业")
    if accounts := User.objects.filter(username__in=DEMO_USERNAMES).count():
        parts.append(f"{accounts} 个演示账号")
    return "、".join(parts)


# Apps whose every table is the federation's work records (settings by year, law firms, rules
# of a scheme year, …): on reset they go whole, not only where a row points at the tree.
WORK_APPS = ("service", "assistance", "mutualaid", "bargaining", "campaigns", "honours", "harmony", "safety",
             "culture", "finance", "women", "outreach", "stats")


def _records_on_the_tree() -> list:
    """Every model whose rows point, directly or through another such model, at the tree, its
    enterprises or the accounts (members, registrations, import jobs, … as apps add them),
    and every model of the work apps."""
    roots, found = {Org, Enterprise, User}, {Enterprise}
    installed = {config.label for config in apps.get_app_configs()}
    found |= {model for label in WORK_APPS if label in installed for model in apps.get_app_config(label).get_models()}
    grown = True
    while grown:
        grown = False
        for model in apps.get_models():
            if model in roots or model in found:
                continue
            if any((f.many_to_one or f.one_to_one) and f.related_model in roots | found for f in model._meta.concrete_fields if f.is_relation):
                found.add(model)
                grown = True
    return sorted(found, key=lambda m: m._meta.label)


def city_reset() -> None:
    """Remove the tree with everything recorded on it and the demo logins. Refuses, and
    removes nothing, while any account other than the demo logins exists: that is a real
    federation's database, not a demo."""
    others = User.objects.exclude(username__in=DEMO_USERNAMES)
    if others.exists():
        sample = "、".join(others.order_by("username").values_list("username", flat=True)[:5])
        raise DemoRefused(f"无法清空：数据库中还有 {others.count()} 个非演示账号(如 {sample})，这不是演示数据库。请换一个空数据库生成演示城市。")
    # The merchant and member logins point at records on the tree; they go last, so let go first.
    User.objects.filter(username__in=DEMO_USERNAMES).update(partner=None, member=None)
    # Delete what points at other records first; a PROTECT reference says "not yet".
    pending = _records_on_the_tree()
    for model in pending:
        # A record that points at another of its kind (a renewal at the agreement it renews)
        # lets go first: deleting all of them at once would otherwise protect each from itself.
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is model and field.null:
                model._base_manager.exclude(**{f"{field.name}__isnull": True}).update(**{field.name: None})
    while pending:
        blocked = []
        for model in pending:
            try:
                with transaction.atomic():
                    model._base_manager.all().delete()
            except (ProtectedError, RestrictedError):
                blocked.append(model)
        if len(blocked) == len(pending):
            kinds = "、".join(str(m._meta.verbose_name) for m in blocked)
            raise DemoRefused(f"无法清空：{kinds}之间相互引用，无法删除，请换一个空数据库生成演示城市。")
        pending = blocked
    User.objects.filter(username__in=DEMO_USERNAMES).delete()
    for level in sorted(Level.values, reverse=True):  # children first: parent is PROTECT
        Org.objects.filter(level=level).delete()


def _write_orgs(plan: CityPlan) -> dict[str, Org]:
    orgs: dict[str, Org] = {}
    for level in sorted(Level.values):
        batch = [
            Org(
                code=p.code, name=p.name, level=p.level, kind=p.kind, parent=orgs.get(p.parent_code),
                path=f"~{p.code}",  # unique placeholder until the id is known
                established_on=p.established_on, chair_name=p.chair_name, address=p.address,
            )
            for p in plan.orgs
            if p.level == level
        ]
        Org.objects.bulk_create(batch, batch_size=BATCH)
        for org in batch:
            org.path = (org.parent.path if org.parent else "") + scope.segment(org.pk)
        Org.objects.bulk_update(batch, ["path"], batch_size=BATCH)
        orgs.update((org.code, org) for org in batch)
    return orgs


def _write_enterprises(plan: CityPlan, orgs: dict[str, Org]) -> None:
    Enterprise.objects.bulk_create(
        (
            Enterprise(
                credit_code=e.credit_code, name=e.name, industry=e.industry, ownership=e.ownership, above_scale=e.above_scale,
                employee_count=e.employee_count, address_town=orgs[e.town_code], address=e.address, org=orgs[e.org_code], formation=e.formation,
            )
            for e in plan.enterprises
        ),
        batch_size=BATCH,
    )


def _write_registrations(plan: CityPlan, orgs: dict[str, Org], recorded_by: User) -> None:
    LegalPersonRegistration.objects.bulk_create(
        [
            LegalPersonRegistration(
                org=orgs[r.org_code], kind=r.kind, certificate_number=r.certificate_number, registered_on=r.registered_on,
                valid_until=r.valid_until, legal_representative=r.legal_representative, note=r.note, recorded_by=recorded_by,
            )
            for r in plan.registrations
        ],
        batch_size=BATCH,
    )


def city_generate(*, seed: int = 2013, scale: float = 1.0, reset: bool = False) -> DemoResult:
    """Write the demo city for `seed` and `scale` into an empty database (or, with reset,
    after removing the previous one), all or nothing, recorded as one audit entry."""
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise DemoRefused(f"规模(--scale)应在 {MIN_SCALE:g} 至 {MAX_SCALE:g} 之间，当前为 {scale:g}")
    started = time.monotonic()
    plan = plan_city(seed=seed, scale=scale)
    with transaction.atomic():
        if reset:
            city_reset()
        elif there := what_is_there():
            raise DemoRefused(f"数据库中已有 {there}，演示城市只生成到空数据库。如确要清空后重新生成，请加 --reset(将删除全部工会组织、企业、法人资格登记和演示账号)。")
        orgs = _write_orgs(plan)
        accounts = demo_accounts_create(orgs_by_node={node: orgs[code] for node, code in plan.login_orgs.items()}, now=timezone.now())
        _write_enterprises(plan, orgs)
        _write_registrations(plan, orgs, recorded_by=accounts["city_clerk"])
        result = DemoResult(plan=plan, reset=reset, seconds=0.0)
        audit.record(
            actor=None, actor_name="system", action=audit.Action.IMPORT, object_type="demo.city", object_id=plan.seed,
            summary=result.summary,
            changes={"seed": plan.seed, "scale": plan.scale, "orgs": len(plan.orgs), "enterprises": len(plan.enterprises),
                     "registrations": len(plan.registrations), "accounts": DEMO_USERNAMES, "reset": reset},
        )
    result.seconds = time.monotonic() - started
    return result
