"""A short road for the till API. Its requests are signed (cards.apikeys) and never use a
session, a CSRF cookie, a signed-in user or flash messages, so the session, CSRF,
authentication, messages and account-gate middleware only cost time there: a till request
leaves the stack here and goes through a chain of its own, which still sets the security
headers (X-Frame-Options and the content security policy; SecurityMiddleware has already run
above this one) and still checks the Host header against ALLOWED_HOSTS.
"""

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response

TILL_PREFIX = "/api/v1/cards/"  # where gonghui.api mounts cards.api's router


class TillHeaders:
    """The headers XFrameOptionsMiddleware and CSPMiddleware set on every other response,
    worked out once: a till answer has no nonce and no per-view policy, and building the
    policy string anew for each answer cost a tenth of a request."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {"X-Frame-Options": getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()}
        policy = build_policy()
        if policy:
            self.headers[CSP_HEADER] = policy

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response


TILL_MIDDLEWARE = [TillHeaders]  # response headers only: no process_view or process_exception


class _TillHandler(BaseHandler):
    """Django's own request handling (URL resolution, the view, exceptions to responses)
    wrapped in TILL_MIDDLEWARE instead of settings.MIDDLEWARE."""

    def __init__(self):
        super().__init__()
        self._view_middleware, self._template_response_middleware, self._exception_middleware = [], [], []
        chain = convert_exception_to_response(self._get_response)
        for middleware in reversed(TILL_MIDDLEWARE):
            chain = convert_exception_to_response(middleware(chain))
        self._middleware_chain = chain


class TillApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.till = _TillHandler()._middleware_chain

    def __call__(self, request):
        if request.path_info.startswith(TILL_PREFIX):
            request.get_host()  # DisallowedHost (400) for a Host not in ALLOWED_HOSTS, as CommonMiddleware would
            return self.till(request)
        return self.get_response(request)
