"""Programmes, funds and grants: who proposes and approves, the fund and the cap, one payment
per person per programme, the ledger, the bank's list, receipts, and the Excel import."""

import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.assistance import services
from gonghui.assistance.models import Fund, FundEntry, Grant, GrantStatus
from gonghui.assistance.tests.conftest import YEAR, archive
from gonghui.core.imports import engine
from gonghui.core.imports import services as import_services
from gonghui.core.models import AuditEntry
from gonghui.core.roles import Role
from gonghui.testing import id_number, login_as

TODAY = datetime.date.today()


def propose(world, t="A", member=None, amount="500", method="cash", **extra):
    member = member or world.members[t][0]
    return services.grant_propose(acting_user=world.users[t, Role.CLERK], programme=extra.pop("programme", world.programmes[t]), member=member,
                                  fund=extra.pop("fund", world.funds[t]), amount=amount, method=method, **extra)


def approve(world, grant, t="A"):
    return services.grant_approve(acting_user=world.users[t, Role.REVIEWER], grant=grant)


def balanced(fund) -> bool:
    fund = Fund.objects.get(pk=fund.pk)
    return fund.balance == (FundEntry.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"] or 0)


def test_a_grant_is_proposed_approved_from_the_fund_and_paid_against_a_signed_receipt(world):
    grant = approve(world, propose(world))
    assert grant.status == GrantStatus.APPROVED and grant.decided_by == world.users["A", Role.REVIEWER]
    fund = Fund.objects.get(pk=world.funds["A"].pk)
    assert fund.balance == Decimal("9500.00") and balanced(fund)
    assert FundEntry.objects.get(grant=grant).amount == Decimal("-500.00")
    with pytest.raises(ValidationError, match="签收人"):
        services.grant_pay_by_hand(acting_user=world.users["A", Role.CLERK], grant=grant, paid_on=TODAY, receipt_number="QS-001", signed_by="")
    paid = services.grant_pay_by_hand(acting_user=world.users["A", Role.CLERK], grant=grant, paid_on=TODAY, receipt_number="QS-001", signed_by=grant.member.name)
    assert paid.status == GrantStatus.PAID and paid.receipt_signed_by == grant.member.name


def test_the_proposer_cannot_approve_their_own_grant(world):
    reviewer = world.users["A", Role.REVIEWER]
    grant = services.grant_propose(acting_user=reviewer, programme=world.programmes["A"], member=world.members["A"][0], fund=world.funds["A"], amount="300", method="cash")
    with pytest.raises(ValidationError, match="不能审批自己申报"):
        services.grant_approve(acting_user=reviewer, grant=grant)
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.PROPOSED and Fund.objects.get(pk=world.funds["A"].pk).balance == 10000


def test_a_grant_above_the_cap_is_refused(world):
    with pytest.raises(ValidationError, match="超过本活动每人补助上限2000"):
        propose(world, amount="2000.01")
    assert not Grant.objects.exists()


def test_a_grant_from_a_fund_without_enough_money_is_refused_and_the_fund_is_untouched(world):
    empty = services.fund_create(acting_user=world.users["A", Role.CLERK], code="XS-EMPTY", name="空基金", org=world.town("A"), established_on=TODAY)
    services.fund_income(acting_user=world.users["A", Role.CLERK], fund=empty, kind="appropriation", amount="1500", on=TODAY)
    first, second = (propose(world, member=m, amount="1000", fund=empty) for m in world.members["A"][:2])
    approve(world, first)
    with pytest.raises(ValidationError, match="余额不足"):
        approve(world, second)
    assert Grant.objects.get(pk=second.pk).status == GrantStatus.PROPOSED
    assert Fund.objects.get(pk=empty.pk).balance == 500 and balanced(empty)
    with pytest.raises(ValidationError, match="不能为负数"):
        services.fund_income(acting_user=world.users["A", Role.CLERK], fund=empty, kind="donation", amount="-5", on=TODAY)


def test_a_person_outside_the_clerks_scope_cannot_be_proposed(world):
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        propose(world, "A", member=world.members["B"][0])
    with pytest.raises(PermissionDenied):
        services.grant_propose(acting_user=world.users["A", Role.CLERK], programme=world.programmes["B"], member=world.members["A"][0], fund=world.funds["A"], amount="1", method="cash")


def test_the_same_person_is_not_paid_twice_in_a_programme(world):
    approve(world, propose(world))
    with pytest.raises(ValidationError, match="每人只能发放一次"):
        propose(world)
    # A duplicate that got past the proposal check (two clerks at once) meets the database.
    duplicate = Grant.objects.create(programme=world.programmes["A"], member=world.members["A"][0], org=world.members["A"][0].org, beneficiary=f"m{world.members['A'][0].pk}",
                                     fund=world.funds["A"], amount="100", method="cash", proposed_by=world.users["A", Role.CLERK])
    with pytest.raises(ValidationError, match="每人只能发放一次"):
        approve(world, duplicate)
    assert Grant.objects.filter(status__in=["approved", "paid"]).count() == 1
    assert Fund.objects.get(pk=world.funds["A"].pk).balance == 9500 and balanced(world.funds["A"])


def test_a_fund_allocates_to_a_fund_below_and_the_ledger_balances_on_both_sides(world):
    village = next(v for v in world.city.villages if v.path.startswith(world.town("A").path))
    clerk = world.users["A", Role.CLERK]
    village_fund = services.fund_create(acting_user=clerk, code="XS-V1", name="一村帮扶资金", org=village, established_on=TODAY)
    assert village_fund.level == "village"
    services.fund_transfer(acting_user=clerk, source=world.funds["A"], target=village_fund, amount="2500", on=TODAY)
    with pytest.raises(ValidationError, match="本级以下"):
        services.fund_transfer(acting_user=clerk, source=village_fund, target=world.funds["A"], amount="1", on=TODAY)
    with pytest.raises(ValidationError, match="余额不足"):
        services.fund_transfer(acting_user=clerk, source=world.funds["A"], target=village_fund, amount="7500.01", on=TODAY)
    assert Fund.objects.get(pk=world.funds["A"].pk).balance == 7500 and Fund.objects.get(pk=village_fund.pk).balance == 2500
    assert balanced(world.funds["A"]) and balanced(village_fund)


def test_an_enterprise_mutual_fund_belongs_to_an_enterprise_in_scope(world):
    enterprise = next(e for e in world.city.enterprises if e.org.path.startswith(world.primary("A").path))
    fund = services.fund_create(acting_user=world.users["A", Role.CLERK], code="XS-E1", name="企业互助基金", org=world.town("A"), enterprise=enterprise, established_on=TODAY)
    assert fund.level == "enterprise" and fund.org == enterprise.org
    other = next(e for e in world.city.enterprises if e.org.path.startswith(world.town("B").path))
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.fund_create(acting_user=world.users["A", Role.CLERK], code="XS-E2", name="x", org=world.town("A"), enterprise=other, established_on=TODAY)


def test_archive_only_programmes_help_archived_households_and_education_pays_the_years_rate_per_child(world):
    clerk = world.users["A", Role.CLERK]
    education = services.programme_create(acting_user=clerk, data={"code": "XS-JQ", "name": "金秋助学", "kind": "education_grant", "year": YEAR,
                                                                   "starts_on": datetime.date(YEAR, 1, 1), "ends_on": datetime.date(YEAR, 12, 31), "budget": "50000", "cap_per_person": "3000"})
    with pytest.raises(ValidationError, match="不是建档困难职工"):
        propose(world, programme=education)
    hardship_file = archive(world, "A", world.members["A"][0])
    child = hardship_file.family.get(school_level="primary")
    with pytest.raises(ValidationError, match="尚未设定"):
        propose(world, programme=education, child=child, amount=None)
    services.rate_set(acting_user=world.city_reviewer, year=YEAR, school_level="primary", amount="800")
    grant = propose(world, programme=education, child=child, amount="99999")
    assert grant.amount == 800 and grant.beneficiary == f"c{child.pk}"
    with pytest.raises(PermissionDenied):
        services.rate_set(acting_user=world.users["A", Role.REVIEWER], year=YEAR, school_level="junior", amount="900")


def test_a_card_grant_needs_a_payout_account_and_the_bank_list_exports_it(world):
    from gonghui.cards import services as card_services

    member = world.members["A"][0]
    with pytest.raises(ValidationError, match="未设代发账户"):
        propose(world, method="card")
    card = card_services.card_issue(acting_user=world.users["A", Role.CLERK], member=member)
    card_services.card_payout_set(acting_user=world.users["A", Role.CLERK], card=card, bank="慈溪农商银行", account="6228480012345678901")
    grant = approve(world, propose(world, method="card"))
    client = login_as(Client(), world.users["A", Role.CLERK])
    response = client.get(reverse("assistance:programme-bank-list", args=[world.programmes["A"].pk]))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0).to_python()
    assert rows[1][1] == member.name and rows[1][5] == "***************8901" and float(rows[1][6]) == 500
    revealing = login_as(Client(), world.users["A", Role.REVIEWER]).get(reverse("assistance:programme-bank-list", args=[world.programmes["A"].pk]))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(revealing.streaming_content))).get_sheet_by_index(0).to_python()
    assert rows[1][5] == "6228480012345678901" and AuditEntry.objects.filter(action="reveal", summary__contains="代发清单").exists()
    from gonghui.assistance import selectors

    # The list as the page hands it over: the user's scoped grants, with their nullable joins.
    bank = selectors.bank_list(world.users["A", Role.CLERK], world.programmes["A"])
    paid, skipped = services.grants_pay_by_bank(acting_user=world.users["A", Role.CLERK], grants=bank, paid_on=TODAY)
    grant.refresh_from_db()
    assert (paid, skipped) == (1, []) and grant.status == GrantStatus.PAID and grant.payout_account.reveal() == "6228480012345678901"


def test_a_reviewer_of_another_town_cannot_approve_and_sees_nothing(world):
    grant = propose(world)
    with pytest.raises(PermissionDenied):
        services.grant_approve(acting_user=world.users["B", Role.REVIEWER], grant=grant)
    client = login_as(Client(), world.users["B", Role.REVIEWER])
    assert client.post(reverse("assistance:grant-approve", args=[grant.pk])).status_code == 404
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.PROPOSED


def workbook(rows) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["活动编号", "姓名", "身份证号", "支出基金编号", "金额", "发放方式", "物资内容", "帮扶事由"])
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return out.getvalue()


def run_import(user, org, content, mode="valid"):
    job = import_services.job_create(spec_name="relief-grants", org=org, acting_user=user, chunks=[content], original_name="慰问名单.xlsx")
    engine.validate_job(job.pk)
    job.refresh_from_db()
    if job.valid_rows:
        import_services.job_start(job=job, acting_user=user, mode=mode, enqueue=False)
        engine.import_job(job.pk)
    job.refresh_from_db()
    return job


def test_a_warmth_visit_list_imports_through_the_engine_and_bad_rows_are_named(world):
    code, fund = world.programmes["A"].code, world.funds["A"].code
    rows = [[code, f"浒山职工{i}", id_number(11 + i), fund, 300, "物资", "大米、食用油", "春节慰问"] for i in range(3)]
    rows.append([code, "观海卫职工0", id_number(41), fund, 300, "现金", "", ""])  # another town's worker
    rows.append([code, "浒山职工3", id_number(14), fund, 5000, "现金", "", ""])  # above the cap
    job = run_import(world.users["A", Role.CLERK], world.town("A"), workbook(rows))
    assert (job.created_count, job.invalid_rows) == (3, 2)
    assert Grant.objects.filter(status="proposed", method="goods").count() == 3
    again = run_import(world.users["A", Role.CLERK], world.town("A"), workbook(rows[:3]))
    assert (again.created_count, again.updated_count) == (0, 3) and Grant.objects.count() == 3
