"""Every read of honours and model workers, scoped to the acting user."""

from gonghui.assistance.models import GrantStatus
from gonghui.assistance.selectors import grants_visible
from gonghui.core import scope
from gonghui.core.sealing import index_for
from gonghui.core.validators import normalise
from gonghui.honours.models import AdvancedMethod, AssociationBranch, Honour, HonourStatus, ModelStudio, ModelWorker, VolunteerTeam
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Enterprise, Org, OrgStatus


def honours_visible(user):
    return scope.visible(Honour.objects.select_related("member", "enterprise", "recipient_union", "org", "recommended_by"), user)


def honour_get(user, honour_id) -> Honour:
    return scope.get_visible_or_404(Honour.objects.select_related("member", "enterprise", "recipient_union", "org", "recommended_by",
                                                                  "proposed_by", "decided_by"), user, pk=honour_id)


def honours_awaiting(user):
    return honours_visible(user).filter(status=HonourStatus.PROPOSED)


def model_workers_visible(user):
    return scope.visible(ModelWorker.objects.select_related("member", "org", "branch"), user)


def model_worker_get(user, model_worker_id) -> ModelWorker:
    return scope.get_visible_or_404(ModelWorker.objects.select_related("member", "member__enterprise", "org", "branch"), user, pk=model_worker_id)


def help_received(user, member):
    """The grants a model worker was given (approved or paid), as far as the viewer's part of
    the tree reaches: help for model workers in difficulty among them."""
    return grants_visible(user).filter(member=member, status__in=[GrantStatus.APPROVED, GrantStatus.PAID]).order_by("-programme__year", "-pk")


def branches_visible(user):
    return scope.visible(AssociationBranch.objects.select_related("org"), user)


def studios_visible(user):
    return scope.visible(ModelStudio.objects.select_related("org", "leader__member"), user)


def methods_visible(user):
    return scope.visible(AdvancedMethod.objects.select_related("org", "model_worker__member"), user)


def teams_visible(user):
    return scope.visible(VolunteerTeam.objects.select_related("org"), user)


# Looking up what a clerk typed, within a subtree (None when absent or out of it) -------------


def member_by_id_number(root_path: str, text: str):
    number = normalise(text or "")
    if not number:
        return None
    members = Member.objects.select_related("org").filter(id_number_index=index_for(Member, "id_number", number), status=MemberStatus.ACTIVE)
    return scope.within(members, root_path).first()


def union_by_code(root_path: str, code: str):
    return scope.within(Org.objects.filter(status=OrgStatus.ACTIVE), root_path, path_field="path").filter(code=(code or "").strip()).first()


def enterprise_by_code(root_path: str, code: str):
    return scope.within(Enterprise.objects.select_related("org"), root_path).filter(credit_code=normalise(code or "")).first()


def model_worker_by_id_number(root_path: str, text: str):
    member = member_by_id_number(root_path, text)
    return None if member is None else ModelWorker.objects.filter(member=member).first()
