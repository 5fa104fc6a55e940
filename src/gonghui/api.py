"""The JSON API (OpenAPI schema at /api/v1/openapi.json). Each app adds its router here."""

from ninja import NinjaAPI
from ninja.security import django_auth

from gonghui.cards.api import router as cards_router
from gonghui.orgs.api import router as orgs_router

api = NinjaAPI(title="工会工作平台 API", version="1", auth=django_auth)
api.add_router("/orgs/", orgs_router)
api.add_router("/cards/", cards_router)
