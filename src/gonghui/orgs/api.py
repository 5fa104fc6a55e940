import datetime

from django.http import Http404
from ninja import Router, Schema

from gonghui.orgs import selectors

router = Router(tags=["组织"])


class OrgOut(Schema):
    id: int
    code: str
    name: str
    level: int
    kind: str
    parent_id: int | None
    status: str
    established_on: datetime.date | None


class EnterpriseOut(Schema):
    id: int
    credit_code: str
    name: str
    industry: str
    ownership: str
    above_scale: bool
    employee_count: int
    org_id: int
    formation: str


@router.get("/{org_id}", response=OrgOut, summary="组织详情")
def org_detail(request, org_id: int):
    return selectors.org_get(request.user, org_id)


@router.get("/{org_id}/children", response=list[OrgOut], summary="下级组织")
def org_children(request, org_id: int):
    org = selectors.org_get(request.user, org_id)
    return list(org.children.order_by("code"))


@router.get("/enterprises/{enterprise_id}", response=EnterpriseOut, summary="企业详情")
def enterprise_detail(request, enterprise_id: int):
    return selectors.enterprise_get(request.user, enterprise_id)
