"""The 5.1 service card (5.1服务卡): cards and their history, the partner-merchant network
(partners, their stores and the benefits they give), the uses recorded at the counter or
through the API, and what the API's signed requests need (keys, nonces, rate windows)."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from gonghui.core.sealing import BlindIndexField, SealedField


class CardStatus(models.TextChoices):
    ISSUED = "issued", "已发卡"
    ACTIVE = "active", "已激活"
    LOST = "lost", "已挂失"
    REPLACED = "replaced", "已补换"
    CANCELLED = "cancelled", "已注销"


# Usable at a merchant's counter.
VALID_STATUSES = (CardStatus.ISSUED, CardStatus.ACTIVE)
# The member's one card: a lost card stays the member's card until it is replaced, so that
# the replacement carries the history on instead of a second card being issued beside it.
CURRENT_STATUSES = (CardStatus.ISSUED, CardStatus.ACTIVE, CardStatus.LOST)
ENDED_STATUSES = (CardStatus.LOST, CardStatus.REPLACED, CardStatus.CANCELLED)


class IssueBatch(models.Model):
    """One batch issue for a union or a town: every active member of its subtree who had no
    current card got one. The batch's cards are its printable issue list."""

    org = models.ForeignKey("orgs.Org", verbose_name="发卡范围", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("发卡时间", auto_now_add=True)
    issued_on = models.DateField("发卡日期")
    card_count = models.PositiveIntegerField("发卡张数", default=0)

    class Meta:
        verbose_name = "批量发卡"
        verbose_name_plural = "批量发卡"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.org.name} {self.issued_on:%Y-%m-%d} 批量发卡"


class Card(models.Model):
    """A member's service card. The number is 16 digits ending in a Luhn check digit
    (cards.numbers); numbers are never reused, so a replaced or cancelled number stays
    refused for good."""

    number = models.CharField("卡号", max_length=16, unique=True)
    member = models.ForeignKey("members.Member", verbose_name="会员", on_delete=models.PROTECT, related_name="cards")
    status = models.CharField("状态", max_length=10, choices=CardStatus.choices, default=CardStatus.ISSUED)
    issued_on = models.DateField("发卡日期")
    activated_on = models.DateField("激活日期", null=True, blank=True)
    ended_on = models.DateField("挂失/补换/注销日期", null=True, blank=True)
    end_reason = models.CharField("原因", max_length=200, blank=True)
    replaces = models.OneToOneField("self", verbose_name="补换的原卡", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    batch = models.ForeignKey(IssueBatch, verbose_name="发卡批次", null=True, blank=True, on_delete=models.PROTECT, related_name="cards")
    issued_by = models.ForeignKey("accounts.User", verbose_name="发卡经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The card as the account relief and mutual-aid payouts are paid into (代发账户).
    payout_bank = models.CharField("代发开户行", max_length=60, blank=True)
    payout_account = SealedField("代发账号", kind="bank_account")
    payout_account_index = BlindIndexField(source="payout_account", db_index=True)
    payout_marked_on = models.DateField("设为代发账户日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "服务卡"
        verbose_name_plural = "服务卡"
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=Q(status__in=CURRENT_STATUSES), name="one_current_card_per_member"),
            models.CheckConstraint(
                condition=Q(status__in=VALID_STATUSES, ended_on__isnull=True) | Q(status__in=ENDED_STATUSES, ended_on__isnull=False),
                name="card_ended_has_date",
            ),
            models.CheckConstraint(condition=Q(payout_marked_on__isnull=True) | ~Q(payout_account=""), name="card_payout_has_account"),
        ]
        indexes = [models.Index(fields=["status", "issued_on"]), models.Index(fields=["issued_on"])]

    def __str__(self):
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.status in VALID_STATUSES

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES

    @property
    def number_display(self) -> str:
        return " ".join(self.number[i : i + 4] for i in range(0, len(self.number), 4))

    @property
    def number_masked(self) -> str:
        """For merchants' lists: enough to tell cards apart, not enough to use one."""
        return self.number[:4] + " **** **** " + self.number[-4:]


class CardEvent(models.Model):
    """The history of a card, one row per step, with its date and reason."""

    class Kind(models.TextChoices):
        ISSUED = "issued", "发卡"
        ACTIVATED = "activated", "激活"
        REPORTED_LOST = "reported_lost", "挂失"
        FOUND = "found", "解除挂失"
        REPLACED = "replaced", "补换"
        CANCELLED = "cancelled", "注销"
        PAYOUT_SET = "payout_set", "设为代发账户"
        PAYOUT_CLEARED = "payout_cleared", "取消代发账户"
        ECARD_OPENED = "ecard_opened", "开通电子卡"

    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事项", max_length=20, choices=Kind.choices)
    on = models.DateField("日期")
    at = models.DateTimeField("办理时间", auto_now_add=True)
    reason = models.CharField("原因/说明", max_length=200, blank=True)
    actor = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "服务卡记录"
        verbose_name_plural = "服务卡记录"
        ordering = ["at", "id"]


class PartnerCategory(models.TextChoices):
    CATERING = "catering", "餐饮"
    SHOPPING = "shopping", "购物"
    HEALTH = "health", "医疗健康"
    CULTURE_TRAVEL = "culture_travel", "文化旅游"
    EDUCATION = "education", "教育培训"
    LIVING = "living", "生活服务"
    SPORTS = "sports", "体育健身"


class PartnerStatus(models.TextChoices):
    ACTIVE = "active", "合作中"
    SUSPENDED = "suspended", "已暂停"
    ENDED = "ended", "已终止"


class Partner(models.Model):
    """A partner unit (合作单位) that gives card holders benefits, signed by a town or the
    federation for a contract period. Its name, category, stores and benefits are public (the
    directory); its contact and contract are not."""

    name = models.CharField("单位名称", max_length=120)
    category = models.CharField("类别", max_length=20, choices=PartnerCategory.choices)
    town = models.ForeignKey("orgs.Org", verbose_name="所在镇(街道)", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    description = models.CharField("简介", max_length=300, blank=True)
    contact_name = models.CharField("联系人", max_length=40)
    contact_phone = SealedField("联系电话", kind="mobile")
    contact_phone_index = BlindIndexField(source="contact_phone", db_index=True)
    contract_number = models.CharField("协议编号", max_length=40, unique=True)
    contract_start = models.DateField("合作起始日期")
    contract_end = models.DateField("合作截止日期")
    status = models.CharField("合作状态", max_length=10, choices=PartnerStatus.choices, default=PartnerStatus.ACTIVE)
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    status_reason = models.CharField("暂停/终止原因", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "合作单位"
        verbose_name_plural = "合作单位"
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(contract_end__gte=F("contract_start")), name="partner_contract_ends_after_start"),
            models.CheckConstraint(condition=Q(status="active") | Q(status_changed_on__isnull=False), name="partner_inactive_has_date"),
        ]
        indexes = [models.Index(fields=["category", "status"]), models.Index(fields=["contract_start"])]

    def __str__(self):
        return self.name


class Store(models.Model):
    """A chain store (连锁门店) of a partner, where its card holders are served."""

    partner = models.ForeignKey(Partner, verbose_name="合作单位", on_delete=models.PROTECT, related_name="stores")
    name = models.CharField("门店名称", max_length=120)
    town = models.ForeignKey("orgs.Org", verbose_name="所在镇(街道)", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("门店电话", max_length=30, blank=True)
    opened_on = models.DateField("加入日期")
    closed_on = models.DateField("退出日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "连锁门店"
        verbose_name_plural = "连锁门店"
        ordering = ["partner_id", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")), name="store_closes_after_opening"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class BenefitKind(models.TextChoices):
    PERCENT = "percent", "折扣"
    AMOUNT = "amount", "立减"
    FREE = "free", "免费服务"


class Benefit(models.Model):
    """What a partner gives card holders: at all its stores, or at one store only."""

    partner = models.ForeignKey(Partner, verbose_name="合作单位", on_delete=models.PROTECT, related_name="benefits")
    store = models.ForeignKey(Store, verbose_name="适用门店", null=True, blank=True, on_delete=models.PROTECT, related_name="benefits",
                              help_text="留空则全部门店适用")
    kind = models.CharField("优惠方式", max_length=10, choices=BenefitKind.choices)
    percent_off = models.DecimalField("优惠比例(%)", max_digits=5, decimal_places=2, null=True, blank=True)
    amount_off = models.DecimalField("立减金额(元)", max_digits=10, decimal_places=2, null=True, blank=True)
    min_spend = models.DecimalField("最低消费(元)", max_digits=10, decimal_places=2, null=True, blank=True)
    service = models.CharField("免费服务内容", max_length=80, blank=True)
    conditions = models.CharField("使用条件", max_length=200, blank=True)
    valid_from = models.DateField("生效日期")
    valid_until = models.DateField("截止日期", null=True, blank=True)
    ended_on = models.DateField("停用日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "会员优惠"
        verbose_name_plural = "会员优惠"
        ordering = ["partner_id", "store_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="percent", percent_off__gt=0, percent_off__lt=100, amount_off__isnull=True)
                    | Q(kind="amount", amount_off__gt=0, percent_off__isnull=True)
                    | (Q(kind="free", percent_off__isnull=True, amount_off__isnull=True) & ~Q(service=""))
                ),
                name="benefit_terms_match_kind",
            ),
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")), name="benefit_valid_range"),
        ]

    def __str__(self):
        return self.describe()

    def applies_at(self, store, day) -> bool:
        """In force on `day` at this store: the partner's own offer, or this store's."""
        return (self.partner_id == store.partner_id and self.ended_on is None and self.valid_from <= day
                and (self.store_id is None or self.store_id == store.pk) and (self.valid_until is None or self.valid_until >= day))

    @staticmethod
    def counter_order(benefit) -> tuple:
        """How a counter lists the offers: the partner's own first, then the store's."""
        return (benefit.store_id is not None, benefit.pk)

    def describe(self) -> str:
        """The offer as a member reads it: 9折, 满100元减10元, 免费洗车."""
        if self.kind == BenefitKind.PERCENT:
            rate = (Decimal(100) - self.percent_off) / 10
            text = f"{rate.normalize():f}折"
        elif self.kind == BenefitKind.AMOUNT:
            text = f"立减{self.amount_off.normalize():f}元"
        else:
            text = f"免费{self.service}"
        if self.min_spend:
            text = f"满{self.min_spend.normalize():f}元{text}"
        return text

    def discount_for(self, amount: Decimal) -> Decimal:
        """The money a use at `amount` saves the member (0 for a free service, or below the minimum spend)."""
        if self.min_spend and amount < self.min_spend:
            return Decimal("0.00")
        if self.kind == BenefitKind.PERCENT:
            return (amount * self.percent_off / 100).quantize(Decimal("0.01"))
        if self.kind == BenefitKind.AMOUNT:
            return min(self.amount_off, amount)
        return Decimal("0.00")


class UseChannel(models.TextChoices):
    COUNTER = "counter", "柜台核验"
    API = "api", "收银系统接口"


class UseVia(models.TextChoices):
    CARD = "card", "卡号"
    ECARD = "ecard", "电子卡"


class CardUse(models.Model):
    """One use of a card at a store: what the member spent and the benefit given. A till
    system's idempotency key is unique per partner, so a retried request records nothing twice."""

    card = models.ForeignKey(Card, verbose_name="服务卡", on_delete=models.PROTECT, related_name="uses")
    partner = models.ForeignKey(Partner, verbose_name="合作单位", on_delete=models.PROTECT, related_name="uses")
    store = models.ForeignKey(Store, verbose_name="门店", on_delete=models.PROTECT, related_name="uses")
    benefit = models.ForeignKey(Benefit, verbose_name="优惠", null=True, blank=True, on_delete=models.PROTECT, related_name="uses")
    benefit_text = models.CharField("所享优惠", max_length=120, blank=True)
    amount = models.DecimalField("消费金额(元)", max_digits=10, decimal_places=2)
    discount = models.DecimalField("优惠金额(元)", max_digits=10, decimal_places=2, default=Decimal("0.00"))
    used_at = models.DateTimeField("核验时间", db_index=True)
    channel = models.CharField("渠道", max_length=10, choices=UseChannel.choices)
    via = models.CharField("凭", max_length=10, choices=UseVia.choices)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="操作员", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    api_key = models.ForeignKey("ApiKey", verbose_name="接口密钥", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField("幂等键", max_length=64, null=True, blank=True)
    request_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "核验记录"
        verbose_name_plural = "核验记录"
        constraints = [
            models.UniqueConstraint(fields=["partner", "idempotency_key"], name="one_use_per_idempotency_key"),
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(discount__gte=0) & Q(discount__lte=F("amount")), name="use_amounts_sane"),
        ]
        indexes = [models.Index(fields=["partner", "used_at"]), models.Index(fields=["store", "used_at"])]


class ECardTokenUse(models.Model):
    """The nonce of an e-card token that has been used: a token works once."""

    nonce = models.CharField(max_length=32, unique=True)
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="+")
    used_at = models.DateTimeField(auto_now_add=True)


class ApiKey(models.Model):
    """A merchant's key for its till system. The secret signs requests (HMAC-SHA256), so the
    server needs it whole: it is sealed like personal data and shown once, when made."""

    partner = models.ForeignKey(Partner, verbose_name="合作单位", on_delete=models.PROTECT, related_name="api_keys")
    key_id = models.CharField("密钥ID", max_length=32, unique=True)
    secret = SealedField("密钥", kind="api_secret")
    label = models.CharField("用途说明", max_length=60, blank=True)
    rate_limit_per_minute = models.PositiveIntegerField("每分钟请求上限", default=600)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", verbose_name="创建人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField("失效时间", null=True, blank=True, help_text="轮换后旧密钥的过渡期截止")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    rotated_to = models.OneToOneField("self", verbose_name="轮换为", null=True, blank=True, on_delete=models.PROTECT, related_name="rotated_from")

    class Meta:
        verbose_name = "接口密钥"
        verbose_name_plural = "接口密钥"
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(rate_limit_per_minute__gte=1), name="api_key_rate_limit_positive")]

    def __str__(self):
        return self.key_id

    def state(self, now) -> str:
        if self.revoked_at is not None:
            return "已吊销"
        if self.expires_at is not None and self.expires_at <= now:
            return "已过期"
        if self.expires_at is not None:
            return "过渡期"
        return "有效"


class ApiNonce(models.Model):
    """A nonce a signed request used; kept for the replay window, then purged."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=64)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "nonce"], name="api_nonce_once")]
        indexes = [models.Index(fields=["api_key", "seen_at"])]


class ApiRateWindow(models.Model):
    """Requests of one key in one minute: a fixed-window counter in the database, so every
    server process (and every machine) counts against the same limit."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    minute = models.BigIntegerField()  # Unix time // 60
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "minute"], name="api_rate_window_once")]


class TillStamp(models.Model):
    """One row whose version the database raises with every change to keys, partners, stores
    and benefits (triggers, on PostgreSQL: see migration 0002). A till server process keeps
    what it read of those (cards.till) while the version is the one it read them at."""

    version = models.BigIntegerField()

    class Meta:
        verbose_name = "收银接口数据版本"
