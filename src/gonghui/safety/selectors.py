"""Every read of labour-protection records, scoped to the acting user."""

from gonghui.core import scope
from gonghui.core.sealing import index_for
from gonghui.core.validators import normalise
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Enterprise, Org, OrgStatus
from gonghui.safety.models import AnkangHonour, ClassifiedManagement, SafetyInspector


def inspectors_visible(user):
    return scope.visible(SafetyInspector.objects.select_related("member", "member__enterprise", "org"), user)


def inspector_get(user, inspector_id) -> SafetyInspector:
    return scope.get_visible_or_404(SafetyInspector.objects.select_related("member", "org"), user, pk=inspector_id)


def ankang_visible(user):
    return scope.visible(AnkangHonour.objects.select_related("enterprise", "member", "recipient_union", "org"), user)


def classified_visible(user):
    return scope.visible(ClassifiedManagement.objects.select_related("enterprise", "org"), user)


def member_by_id_number(root_path: str, text: str):
    number = normalise(text or "")
    if not number:
        return None
    members = Member.objects.select_related("org").filter(id_number_index=index_for(Member, "id_number", number), status=MemberStatus.ACTIVE)
    return scope.within(members, root_path).first()


def enterprise_by_code(root_path: str, code: str):
    return scope.within(Enterprise.objects.select_related("org"), root_path).filter(credit_code=normalise(code or "")).first()


def union_by_code(root_path: str, code: str):
    return scope.within(Org.objects.filter(status=OrgStatus.ACTIVE), root_path, path_field="path").filter(code=(code or "").strip()).first()
