"""Whatever the expenses, the rules and what was granted before: no payout exceeds the
plan's annual cap per person, the cap across plans, or (for hospital care) the expense above
the deductible; and the working adds up to the payout."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.mutualaid.adjudication import Band, Rules, adjudicate, yuan
from gonghui.mutualaid.models import Plan

money = st.decimals(min_value=0, max_value=500_000, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=Decimal("0.01"), max_value=100_000, places=2, allow_nan=False, allow_infinity=False)
ratio = st.decimals(min_value=Decimal("0.001"), max_value=1, places=3)


@st.composite
def rules(draw):
    uppers = sorted(set(draw(st.lists(positive, max_size=4))))
    bands = [Band(u, draw(ratio)) for u in uppers]
    if draw(st.booleans()):
        bands.append(Band(None, draw(ratio)))
    bands = bands or [Band(None, draw(ratio))]
    level_bands = {"": bands}
    if draw(st.booleans()):
        level_bands["3"] = [Band(None, draw(ratio))]
    caps = {Plan.SERIOUS_DISEASE: draw(money), Plan.HOSPITAL: draw(money), Plan.WOMEN_HEALTH: draw(money)}
    return Rules(overall_cap=draw(positive), caps=caps, deductible=draw(money), bands=level_bands,
                 grants={(Plan.SERIOUS_DISEASE, "恶性肿瘤"): draw(positive), (Plan.WOMEN_HEALTH, "乳腺癌"): draw(positive)})


@settings(max_examples=400, deadline=None)
@given(rules(), st.sampled_from(list(Plan)), st.sampled_from(["1", "2", "3"]), money, money, money)
def test_no_payout_exceeds_its_caps_whatever_the_expenses(the_rules, plan, level, expense, used_plan, used_other):
    diagnosis = {Plan.SERIOUS_DISEASE: "恶性肿瘤", Plan.WOMEN_HEALTH: "乳腺癌", Plan.HOSPITAL: "肺炎"}[plan]
    used_total = used_plan + used_other
    result = adjudicate(rules=the_rules, plan=plan, diagnosis=diagnosis, hospital_level=level, expense=expense, used_plan=used_plan, used_total=used_total)
    assert result.payable >= 0
    assert result.payable <= max(Decimal(0), the_rules.caps[plan] - used_plan)
    assert result.payable <= max(Decimal(0), the_rules.overall_cap - used_total)
    if plan == Plan.HOSPITAL:
        assert result.payable <= max(Decimal(0), expense - the_rules.deductible)
    else:
        assert result.payable <= the_rules.grants[(plan, diagnosis)]
    if result.payable:
        assert not result.refusal and result.lines[-1] == ["核定应付", f"{result.payable:,.2f}"]
    else:
        assert result.refusal


@settings(max_examples=300, deadline=None)
@given(rules(), st.lists(money, min_size=1, max_size=12), st.sampled_from(["1", "2", "3"]))
def test_a_years_claims_together_never_pass_the_person_caps(the_rules, expenses, level):
    """Claim after claim, each judged against what the earlier ones were granted."""
    granted = {p: Decimal(0) for p in Plan}
    for n, expense in enumerate(expenses):
        plan = list(Plan)[n % 3]
        diagnosis = {Plan.SERIOUS_DISEASE: "恶性肿瘤", Plan.WOMEN_HEALTH: "乳腺癌", Plan.HOSPITAL: "肺炎"}[plan]
        result = adjudicate(rules=the_rules, plan=plan, diagnosis=diagnosis, hospital_level=level, expense=expense,
                            used_plan=granted[plan], used_total=sum(granted.values()))
        granted[plan] += result.payable
    for plan in Plan:
        assert granted[plan] <= yuan(the_rules.caps[plan])
    assert sum(granted.values()) <= yuan(the_rules.overall_cap)


@settings(max_examples=300, deadline=None)
@given(rules(), money, money)
def test_more_expense_never_pays_less(the_rules, a, b):
    low, high = sorted([a, b])
    pays = [adjudicate(rules=the_rules, plan=Plan.HOSPITAL, diagnosis="", hospital_level="2", expense=e, used_plan=0, used_total=0).payable for e in (low, high)]
    assert pays[0] <= pays[1]
