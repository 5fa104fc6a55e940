"""What a claim is worth under the rules of its year, with the working line by line.

Pure arithmetic on a snapshot of the rules, so that it can be proven (tests with hypothesis)
never to pay above a cap whatever the expenses, and shown to the reviewer as it was computed.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from gonghui.mutualaid.models import GRANT_PLANS, Plan

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def yuan(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Band:
    upper: Decimal | None  # None: all costs above the previous band
    ratio: Decimal


@dataclass(frozen=True)
class Rules:
    """The rules a claim is judged by (a RuleVersion, read once)."""

    overall_cap: Decimal
    caps: dict  # plan -> annual cap per person
    deductible: Decimal
    bands: dict  # hospital level ("" = any level) -> [Band], ascending
    grants: dict  # (plan, disease name) -> grant

    @classmethod
    def of(cls, version) -> "Rules":
        bands: dict[str, list[Band]] = {}
        for band in version.bands.all():
            bands.setdefault(band.hospital_level, []).append(Band(band.upper, band.ratio))
        for level in bands:
            bands[level].sort(key=lambda b: (b.upper is None, b.upper or 0))
        return cls(
            overall_cap=version.overall_cap,
            caps={Plan.SERIOUS_DISEASE: version.serious_cap, Plan.HOSPITAL: version.hospital_cap, Plan.WOMEN_HEALTH: version.women_cap},
            deductible=version.hospital_deductible,
            bands=bands,
            grants={(d.plan, d.name): d.grant for d in version.diseases.all()},
        )

    def bands_for(self, level: str) -> list[Band]:
        return self.bands.get(level) or self.bands.get("") or []


@dataclass
class Adjudication:
    payable: Decimal = ZERO
    lines: list = field(default_factory=list)  # [text, amount as str or ""]
    refusal: str = ""  # why nothing can be paid

    def line(self, text: str, amount=None):
        self.lines.append([text, "" if amount is None else f"{yuan(amount):,.2f}"])


def _fmt(amount) -> str:
    return f"{yuan(amount):,.2f}"


def _hospital(rules: Rules, level: str, expense: Decimal, result: Adjudication) -> Decimal:
    deductible = rules.deductible
    result.line("医疗费用合计", expense)
    result.line(f"起付线 {_fmt(deductible)} 元以下部分不予报销", deductible)
    if expense <= deductible:
        return ZERO
    bands = rules.bands_for(level)
    if not bands:
        result.refusal = "本年度规则未设住院报销比例"
        return ZERO
    bound, total = ZERO, ZERO
    for band in bands:
        top = expense if band.upper is None else min(expense, band.upper)
        low = max(bound, deductible)
        if top > low:
            part = top - low
            paid = yuan(part * band.ratio)
            result.line(f"{_fmt(low)}–{_fmt(top)} 元部分 {_fmt(part)} × {band.ratio * 100:.1f}%", paid)
            total += paid
        if band.upper is None or band.upper >= expense:
            break
        bound = band.upper
    else:
        # The last band has an upper bound below the expense: the costs above it are not covered.
        result.line(f"{_fmt(bound)} 元以上部分不在报销范围", expense - bound)
    result.line("按比例计算合计", total)
    return total


def adjudicate(*, rules: Rules, plan: str, diagnosis: str, hospital_level: str, expense, used_plan, used_total) -> Adjudication:
    """The payable amount of one claim: the plan's computation, then the person's annual cap
    of the plan and the cap across plans, less what was already granted this year."""
    expense, used_plan, used_total = yuan(expense), yuan(used_plan), yuan(used_total)
    result = Adjudication()
    if plan in GRANT_PLANS:
        grant = rules.grants.get((plan, diagnosis.strip()))
        if grant is None:
            listed = "、".join(name for (p, name) in rules.grants if p == plan) or "无"
            result.refusal = f"诊断不在{Plan(plan).label}所列病种内(所列病种：{listed})"
            return result
        result.line(f"所列病种定额补助", grant)
        computed = yuan(grant)
    elif plan == Plan.HOSPITAL:
        computed = _hospital(rules, hospital_level, expense, result)
        if result.refusal:
            return result
        if computed <= 0:
            result.refusal = f"医疗费用未超过起付线 {_fmt(rules.deductible)} 元"
            return result
    else:
        result.refusal = "保障项目不存在"
        return result
    plan_cap = yuan(rules.caps[plan])
    plan_left = max(ZERO, plan_cap - used_plan)
    overall_left = max(ZERO, yuan(rules.overall_cap) - used_total)
    result.line(f"{Plan(plan).label}年度封顶 {_fmt(plan_cap)} 元，本年度已核准 {_fmt(used_plan)} 元，尚余", plan_left)
    result.line(f"各项合计年度封顶 {_fmt(rules.overall_cap)} 元，本年度已核准 {_fmt(used_total)} 元，尚余", overall_left)
    payable = min(computed, plan_left, overall_left)
    if payable <= 0:
        result.refusal = "本年度封顶额已用完"
        return result
    if payable < computed:
        result.line(f"超出封顶部分 {_fmt(computed - payable)} 元不予支付", computed - payable)
    result.line("核定应付", payable)
    result.payable = payable
    return result
