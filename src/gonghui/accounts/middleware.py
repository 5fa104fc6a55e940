"""The gate every signed-in request passes: idle time-out, forced password change and
two-factor sign-in, before any page is served."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from gonghui.accounts.services import password_expired

OPEN_PREFIXES = ("/static/", "/accounts/login/", "/accounts/logout/", "/accounts/two-factor/", "/healthz")


class AccountGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = time.time()
            last_seen = request.session.get("last_seen", now)
            if now - last_seen > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, f"已超过 {settings.SESSION_COOKIE_AGE // 60} 分钟未操作，请重新登录")
                return redirect(settings.LOGIN_URL)
            request.session["last_seen"] = now
            password_page = reverse("accounts:password")
            if password_expired(user) and not request.path.startswith(OPEN_PREFIXES + (password_page,)):
                messages.warning(request, "首次登录或密码已过期，请先修改密码")
                return redirect(password_page)
        return self.get_response(request)
