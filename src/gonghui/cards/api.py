"""The till API for partner merchants (under /api/v1/cards/): verify a card or an e-card
token at a store, record a use (idempotent), list the merchant's stores, read back a use.

Every operation here is authenticated by a signed request (cards.apikeys), never by the
session cookie the rest of the API uses: the router's `auth` overrides the API's default.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import APIKeyHeader

from gonghui.cards import apikeys, counter
from gonghui.cards.models import CardUse, Store, UseChannel

SIGNING_DOC = f"""
**签名请求**：每个请求须带以下请求头(密钥由工会为合作单位开设，密钥明文只在创建时显示一次)：

| 请求头 | 内容 |
|---|---|
| `{apikeys.KEY_HEADER}` | 密钥ID(`gk_…`) |
| `{apikeys.TIMESTAMP_HEADER}` | Unix时间戳(秒)，与服务器时间相差超过{apikeys.MAX_SKEW}秒即拒绝 |
| `{apikeys.NONCE_HEADER}` | 随机串，8–64位 `[A-Za-z0-9_-]`，同一密钥不得重复使用 |
| `{apikeys.SIGNATURE_HEADER}` | 十六进制 HMAC-SHA256(密钥明文, 待签字符串) |

待签字符串 = 请求方法(大写) `\\n` 路径(含查询串，如 `/api/v1/cards/verify`) `\\n` 时间戳 `\\n` 随机串 `\\n` 请求体的SHA-256十六进制摘要(无请求体时为空串的摘要)。

拒绝：签名头缺失、签名错误、密钥不存在/已吊销/已过期 → 401；合作已暂停或终止 → 403；随机串重放 → 409；
超过该密钥每分钟请求上限 → 429。错误响应为 `{{"detail": "中文原因"}}`。
"""


class SignedRequest(APIKeyHeader):
    """The key id header names the scheme in the OpenAPI schema; the timestamp, nonce and
    signature headers are checked with it (see the description of each operation)."""

    param_name = apikeys.KEY_HEADER

    def authenticate(self, request, key):
        try:
            return apikeys.authenticate(request)
        except apikeys.ApiRefused as refused:
            raise HttpError(refused.status, refused.message) from None


router = Router(tags=["5.1服务卡(商户收银接口)"], auth=SignedRequest())

SIGNED_HEADERS = [
    {"name": apikeys.TIMESTAMP_HEADER, "in": "header", "required": True, "schema": {"type": "string"}, "description": "Unix时间戳(秒)"},
    {"name": apikeys.NONCE_HEADER, "in": "header", "required": True, "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"}, "description": "一次性随机串"},
    {"name": apikeys.SIGNATURE_HEADER, "in": "header", "required": True, "schema": {"type": "string"}, "description": "HMAC-SHA256签名(十六进制)"},
]
IDEMPOTENCY_PARAM = {
    "name": apikeys.IDEMPOTENCY_HEADER, "in": "header", "required": True, "schema": {"type": "string", "maxLength": 64},
    "description": "幂等键：同一键重复提交返回第一次的结果，不重复记录；同一键用于不同内容返回409",
}


class Detail(Schema):
    detail: str = Field(description="拒绝原因(中文)")


ERRORS = {401: Detail, 403: Detail, 404: Detail, 409: Detail, 422: Detail, 429: Detail}


class OfferOut(Schema):
    id: int
    text: str = Field(description="优惠内容，如 9折、满100元立减10元、免费洗车")
    kind: str = Field(description="percent 折扣 / amount 立减 / free 免费服务")
    conditions: str
    store_only: bool = Field(description="仅限本门店(否则该单位全部门店适用)")


class VerifyIn(Schema):
    card: str = Field(description="卡号(16位，可含空格)，或会员电子卡二维码中的电子卡码", max_length=400)
    store_id: int = Field(description="本单位门店ID(见 GET /stores)")


class VerifyOut(Schema):
    valid: bool
    code: str = Field(description="ok，或拒绝原因：format unknown lost replaced cancelled member_left token_expired token_forged token_used partner_inactive partner_contract")
    message: str
    holder: str = Field(description="持卡人姓名(脱敏)")
    card: str = Field(description="卡号(脱敏)")
    offers: list[OfferOut]


class UseIn(Schema):
    card: str = Field(description="卡号或电子卡码", max_length=400)
    store_id: int
    amount: Decimal = Field(description="消费金额(元)", ge=0, max_digits=10, decimal_places=2)
    benefit_id: int | None = Field(None, description="所享优惠ID(核验结果 offers 中之一)，无则留空")


class UseOut(Schema):
    id: int
    card: str
    store_id: int
    amount: Decimal
    discount: Decimal
    benefit: str
    via: str
    used_at: datetime.datetime


class StoreOut(Schema):
    id: int
    name: str
    address: str


def offers_out(verdict) -> list[dict]:
    return [{"id": b.pk, "text": b.describe(), "kind": b.kind, "conditions": b.conditions, "store_only": b.store_id is not None} for b in verdict.offers]


def _use_out(use: CardUse) -> dict:
    return {"id": use.pk, "card": use.card.number_masked, "store_id": use.store_id, "amount": use.amount, "discount": use.discount,
            "benefit": use.benefit_text, "via": use.via, "used_at": use.used_at}


def _store(request, store_id) -> Store:
    try:
        return counter.counter_store(request.auth.partner, store_id)
    except counter.StoreRefused as refused:
        raise HttpError(404, refused.message) from None


@router.post("/verify", response={200: VerifyOut, **ERRORS}, summary="核验服务卡", description="核验卡号或电子卡码在本门店是否有效，返回持卡人脱敏姓名和本门店适用的优惠。只读，不记录消费。\n" + SIGNING_DOC,
             openapi_extra={"parameters": SIGNED_HEADERS})
def verify(request, payload: VerifyIn):
    store = _store(request, payload.store_id)
    verdict = counter.card_verify(partner=request.auth.partner, store=store, code=payload.card)
    if not verdict.valid:
        counter.refusal_logged(verdict=verdict, store=store, api_key=request.auth, request=request)
    return {"valid": verdict.valid, "code": verdict.code, "message": verdict.message, "holder": verdict.holder, "card": verdict.card_masked,
            "offers": offers_out(verdict)}


@router.post("/uses", response={201: UseOut, **ERRORS}, summary="记录一次消费(幂等)",
             description="核验并记录会员在本门店的一次消费和所享优惠。须带 Idempotency-Key：网络重试时用同一键，服务器只记录一次并返回同一结果(响应头 Idempotent-Replayed: true)。"
                         "卡无效时返回422并说明原因；电子卡码记录后即失效。\n" + SIGNING_DOC,
             openapi_extra={"parameters": SIGNED_HEADERS + [IDEMPOTENCY_PARAM]})
def record_use(request, payload: UseIn, response: HttpResponse):
    idempotency_key = (request.headers.get(apikeys.IDEMPOTENCY_HEADER) or "").strip()
    if not idempotency_key or len(idempotency_key) > 64:
        raise HttpError(422, f"缺少 {apikeys.IDEMPOTENCY_HEADER} 请求头(1至64个字符)")
    store = _store(request, payload.store_id)
    try:
        use, created = counter.use_record(partner=request.auth.partner, store=store, code=payload.card, amount=payload.amount, benefit_id=payload.benefit_id,
                                          channel=UseChannel.API, api_key=request.auth, idempotency_key=idempotency_key, request=request)
    except counter.IdempotencyConflict as conflict:
        raise HttpError(409, conflict.message) from None
    except ValidationError as exc:
        refusal = "；".join(m for messages in exc.message_dict.values() for m in messages)
        raise HttpError(422, refusal) from None
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, _use_out(use))


@router.get("/uses/{use_id}", response={200: UseOut, **ERRORS}, summary="查询一次消费记录", description="只能查询本单位的记录。\n" + SIGNING_DOC,
            openapi_extra={"parameters": SIGNED_HEADERS})
def use_detail(request, use_id: int):
    use = CardUse.objects.select_related("card").filter(pk=use_id, partner=request.auth.partner).first()
    if use is None:
        raise HttpError(404, "核验记录不存在或不属于本单位")
    return _use_out(use)


@router.get("/stores", response={200: list[StoreOut], **ERRORS}, summary="本单位的门店", description=SIGNING_DOC, openapi_extra={"parameters": SIGNED_HEADERS})
def stores(request):
    return list(Store.objects.filter(partner=request.auth.partner, closed_on__isnull=True).order_by("name", "id"))
