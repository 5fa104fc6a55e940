"""Claims: adjudicated by the year's rules with the working kept, refused clearly when they
cannot be paid (nothing saved), decided once, paid to the card's payout account."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.mutualaid import services
from gonghui.mutualaid.models import Claim, ClaimDocument, ClaimExpense, ClaimStatus, Plan
from gonghui.mutualaid.tests.builders import grant_claim, hospital_claim, money, pdf


def submit(aid, worker=None, **changes):
    data = grant_claim(**changes) if changes.get("plan") in (Plan.SERIOUS_DISEASE, Plan.WOMEN_HEALTH) else hospital_claim(**changes)
    return services.claim_submit(acting_user=aid.clerks["A"], worker=worker or aid.workers[0], data=data)


def approve(aid, claim, t="A"):
    return services.claim_decide(acting_user=aid.reviewers[t], claim=claim, approve=True)


def refused(aid, message_part, **changes):
    before = (Claim.objects.count(), ClaimExpense.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as caught:
        submit(aid, **changes)
    assert any(message_part in m for m in caught.value.messages), caught.value.messages
    assert (Claim.objects.count(), ClaimExpense.objects.count(), AuditEntry.objects.count()) == before
    return caught.value


def test_a_hospital_claim_is_adjudicated_with_its_working_line_by_line(aid):
    claim = submit(aid, total_expense="15000", expenses=[("床位费", "5000"), ("药品费", "10000")])
    # (10000 - 1000) × 50% + (15000 - 10000) × 60% = 4500 + 3000
    assert claim.computed_amount == money(7500) and claim.status == ClaimStatus.SUBMITTED
    texts = [line[0] for line in claim.working]
    assert any("起付线 1,000.00" in t for t in texts)
    assert ["1,000.00–10,000.00 元部分 9,000.00 × 50.0%", "4,500.00"] in claim.working
    assert ["10,000.00–15,000.00 元部分 5,000.00 × 60.0%", "3,000.00"] in claim.working
    assert any("尚余" in t and "10,000.00" in t for t in texts)
    assert claim.working[-1] == ["核定应付", "7,500.00"]


def test_a_level_three_hospital_has_its_own_ratios(aid):
    claim = submit(aid, hospital_level="3", total_expense="6000", expenses=[("药品费", "6000")])
    assert claim.computed_amount == money(2000)  # (6000 - 1000) × 40%


def test_expenses_that_do_not_add_up_are_refused_and_nothing_is_saved(aid):
    refused(aid, "与医疗费用合计 6,000.00 元不符", expenses=[("床位费", "1000"), ("药品费", "3000")])


def test_the_same_stay_claimed_twice_is_refused(aid):
    first = submit(aid)
    error = refused(aid, "同一次住院已申请过", started_on=datetime.date(2012, 5, 8), ended_on=datetime.date(2012, 5, 12))
    assert first.number in error.messages[0]


def test_a_stay_outside_the_covered_year_is_refused(aid):
    refused(aid, "不在2012年度保障期", started_on=datetime.date(2011, 12, 28), ended_on=datetime.date(2012, 1, 3))


def test_a_joiner_is_not_covered_during_the_waiting_period(aid):
    from gonghui.members import services as member_services
    from gonghui.testing import member_data

    member = member_services.member_register(acting_user=aid.clerks["A"], org=aid.unit.org, data=member_data(600, name="赵新入"))
    joiner = services.worker_enrol(acting_user=aid.clerks["A"], unit=aid.unit, member=member, enrolled_on=datetime.date(2012, 4, 1))
    services.contribution_pay(acting_user=aid.clerks["A"], unit=aid.unit, paid_on=datetime.date(2012, 4, 1))
    joiner.refresh_from_db()
    assert joiner.covered_from == datetime.date(2012, 6, 30)  # 90 days
    refused(aid, "等待期内", worker=joiner)
    assert submit(aid, worker=joiner, started_on=datetime.date(2012, 7, 2), ended_on=datetime.date(2012, 7, 9)).computed_amount == money(2500)


def test_a_leaver_is_covered_until_the_day_they_left(aid):
    services.worker_leave(acting_user=aid.clerks["A"], worker=aid.workers[2], left_on=datetime.date(2012, 3, 31))
    aid.workers[2].refresh_from_db()
    refused(aid, "已于 2012-03-31 退保", worker=aid.workers[2])


def test_an_unpaid_worker_cannot_claim(aid):
    from gonghui.members import services as member_services
    from gonghui.testing import member_data

    member = member_services.member_register(acting_user=aid.clerks["A"], org=aid.unit.org, data=member_data(601, name="钱未缴"))
    worker = services.worker_enrol(acting_user=aid.clerks["A"], unit=aid.unit, member=member, enrolled_on=datetime.date(2011, 12, 20))
    refused(aid, "尚未缴纳", worker=worker)


def test_a_diagnosis_not_on_the_plans_list_is_refused(aid):
    refused(aid, "诊断不在特种重病所列病种内", plan=Plan.SERIOUS_DISEASE, diagnosis="高血压")
    assert submit(aid, plan=Plan.SERIOUS_DISEASE, diagnosis="恶性肿瘤").computed_amount == money(3000)


def test_the_same_listed_disease_is_granted_once_a_year(aid):
    submit(aid, plan=Plan.SERIOUS_DISEASE, diagnosis="尿毒症")
    refused(aid, "该病种本年度已申请过", plan=Plan.SERIOUS_DISEASE, diagnosis="尿毒症", started_on=datetime.date(2012, 9, 1))


def test_a_claim_above_the_cap_is_cut_to_what_is_left_and_refused_once_the_cap_is_used(aid):
    big = submit(aid, total_expense="40000", expenses=[("手术费", "40000")], started_on=datetime.date(2012, 2, 1), ended_on=datetime.date(2012, 2, 20))
    # 4500 + 12000 + 7000 = 23500 computed, cut to the hospital cap of 10,000
    assert big.computed_amount == money(10000)
    assert any("超出封顶部分 13,500.00 元不予支付" in line[0] for line in big.working)
    approve(aid, big)
    refused(aid, "本年度封顶额已用完")


def test_womens_health_is_for_women_workers(aid):
    # The sex comes from the ID number: the second worker's (sequence 501, odd) is a man's.
    man = aid.workers[1]
    assert man.member.sex == "M"
    refused(aid, "仅限女职工", worker=man, plan=Plan.WOMEN_HEALTH, diagnosis="乳腺癌")


def test_the_cap_across_plans_holds(aid):
    approve(aid, submit(aid, total_expense="40000", expenses=[("手术费", "40000")], started_on=datetime.date(2012, 2, 1), ended_on=datetime.date(2012, 2, 20)))
    approve(aid, submit(aid, plan=Plan.SERIOUS_DISEASE, diagnosis="恶性肿瘤"))
    women = submit(aid, worker=aid.workers[0], plan=Plan.WOMEN_HEALTH, diagnosis="乳腺癌")
    # 20,000 across plans, 13,000 granted: 7,000 of the 8,000 grant
    assert women.computed_amount == money(7000)


def test_a_reviewer_approves_at_the_amount_adjudicated_and_a_second_click_changes_nothing(aid):
    claim = submit(aid)
    stale = Claim.objects.get(pk=claim.pk)
    done = approve(aid, claim)
    assert (done.status, done.approved_amount, done.decided_by) == (ClaimStatus.APPROVED, money(2500), aid.reviewers["A"])
    with pytest.raises(ValidationError, match="不能重复审核"):
        approve(aid, stale)
    assert Claim.objects.get(pk=claim.pk).approved_amount == money(2500)


def test_a_refusal_needs_a_reason_and_only_a_reviewer_decides(aid):
    claim = submit(aid)
    with pytest.raises(ValidationError, match="须填写理由"):
        services.claim_decide(acting_user=aid.reviewers["A"], claim=claim, approve=False, reason=" ")
    with pytest.raises(PermissionDenied):
        services.claim_decide(acting_user=aid.clerks["A"], claim=claim, approve=True)
    with pytest.raises(PermissionDenied):
        services.claim_decide(acting_user=aid.reviewers["B"], claim=claim, approve=True)
    done = services.claim_decide(acting_user=aid.reviewers["A"], claim=claim, approve=False, reason="发票不全")
    assert (done.status, done.decision_reason, done.approved_amount) == (ClaimStatus.REFUSED, "发票不全", None)


def test_approval_recomputes_against_what_was_granted_meanwhile(aid):
    first = submit(aid, total_expense="20000", expenses=[("手术费", "20000")], started_on=datetime.date(2012, 2, 1), ended_on=datetime.date(2012, 2, 20))
    second = submit(aid, total_expense="15000", expenses=[("手术费", "15000")])
    assert (first.computed_amount, second.computed_amount) == (money(10000), money(7500))
    approve(aid, first)  # 10,500 computed, 10,000 by the cap: the hospital cap is used
    with pytest.raises(ValidationError, match="封顶额已用完"):
        approve(aid, second)
    assert Claim.objects.get(pk=second.pk).status == ClaimStatus.SUBMITTED


def test_rules_changed_after_a_claim_was_decided_make_a_new_version_and_the_claim_keeps_its_rules(aid):
    from gonghui.mutualaid.services.rules import rules_as_data
    from gonghui.mutualaid.tests.builders import federation_clerk

    decided = approve(aid, submit(aid))
    version1 = aid.year.current_rules
    data = rules_as_data(version1)
    data["hospital_deductible"] = "2000"
    version2 = services.rules_set(acting_user=federation_clerk(aid.city), scheme_year=aid.year, data=data)
    assert version2.number == 2 and version2.pk != version1.pk
    decided.refresh_from_db()
    assert decided.rules_id == version1.pk and decided.approved_amount == money(2500)
    later = submit(aid, worker=aid.workers[1])
    assert later.rules_id == version2.pk and later.computed_amount == money(2000)  # (6000 - 2000) × 50%
    # With no claim decided under version 2, a further correction stays version 2.
    data["hospital_deductible"] = "1500"
    assert services.rules_set(acting_user=federation_clerk(aid.city), scheme_year=aid.year, data=data).number == 2


def test_the_payout_goes_to_the_cards_payout_account_when_there_is_one(aid):
    from gonghui.cards import services as card_services

    card = card_services.card_issue(acting_user=aid.clerks["A"], member=aid.members[0])
    card_services.card_payout_set(acting_user=aid.clerks["A"], card=card, bank="慈溪农商银行", account="6228480012345678")
    claim = approve(aid, submit(aid))
    with pytest.raises(ValidationError, match="支付日期"):
        services.claim_pay(acting_user=aid.clerks["A"], claim=claim, paid_on=claim.decided_on - datetime.timedelta(days=1))
    paid = services.claim_pay(acting_user=aid.clerks["A"], claim=claim, paid_on=claim.decided_on)
    assert paid.status == ClaimStatus.PAID and paid.payout_bank == "慈溪农商银行"
    assert paid.payout_account.reveal() == "6228480012345678" and str(paid.payout_account) == "************5678"
    with pytest.raises(ValidationError, match="已支付"):
        services.claim_pay(acting_user=aid.clerks["A"], claim=claim, paid_on=claim.decided_on)
    other = approve(aid, submit(aid, worker=aid.workers[1]))
    assert not services.claim_pay(acting_user=aid.clerks["A"], claim=other, paid_on=other.decided_on).payout_account


def test_the_diagnosis_is_sealed_shown_masked_and_revealed_only_with_the_grant_audited(aid):
    from django.db import connection

    claim = submit(aid, diagnosis="急性化脓性阑尾炎")
    with connection.cursor() as cursor:
        cursor.execute("SELECT diagnosis FROM mutualaid_claim WHERE id = %s", [claim.pk])
        stored = cursor.fetchone()[0]
    assert "阑尾炎" not in stored
    assert str(claim.diagnosis) == "******"
    with pytest.raises(PermissionDenied):
        services.claim_reveal(acting_user=aid.clerks["A"], claim=claim)
    before = AuditEntry.objects.filter(action="reveal").count()
    assert services.claim_reveal(acting_user=aid.reviewers["A"], claim=claim) == "急性化脓性阑尾炎"
    assert AuditEntry.objects.filter(action="reveal").count() == before + 1


def test_documents_are_kept_outside_the_web_root_and_only_pdf_or_images_are_taken(aid, settings):
    claim = services.claim_submit(acting_user=aid.clerks["A"], worker=aid.workers[0], data=hospital_claim(), documents=[pdf("../../出院小结.pdf")])
    document = ClaimDocument.objects.get(claim=claim)
    stored = settings.VAR_DIR / "mutualaid" / "claims" / document.stored_path
    assert stored.is_file() and stored.read_bytes().startswith(b"%PDF") and ".." not in document.stored_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Claim.objects.count()
    with pytest.raises(ValidationError, match="不是PDF"):
        services.claim_submit(acting_user=aid.clerks["A"], worker=aid.workers[1], data=hospital_claim(),
                              documents=[SimpleUploadedFile("发票.pdf", b"MZ\x90\x00 not a pdf")])
    assert Claim.objects.count() == before


def test_a_clerk_of_another_town_cannot_claim_for_the_worker(aid):
    with pytest.raises(PermissionDenied):
        services.claim_submit(acting_user=aid.clerks["B"], worker=aid.workers[0], data=hospital_claim())
