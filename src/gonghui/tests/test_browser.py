"""A town clerk's day in a real browser: sign in through the form, walk the tree, meet a
404 at the other town's door, and take the enterprise list home as Excel.

Runs Debian's chromium against pytest-django's live server; screenshots go to
/tmp/gonghui-shots/ for a person to look at (Chinese glyphs, styling)."""

import re
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from gonghui.testing import TEST_PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/gonghui-shots")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


@pytest.fixture
def town_clerk(city):
    # Made before the browser starts: the records a test needs are all in place by then.
    return make_user("clerk", city.town_a, username="xushan-clerk")


def test_a_town_clerk_browses_their_town_and_exports_its_enterprises(city, town_clerk, browser_page, live_server, tmp_path):
    page = browser_page
    town_a, town_b = city.town_a, city.town_b
    village_a = next(v for v in city.villages if v.parent_id == town_a.pk and v.kind == "village")
    own = [e for e in city.enterprises if e.org.path.startswith(town_a.path)]
    others = [e for e in city.enterprises if e.org.path.startswith(town_b.path)]

    sign_in(page, live_server.url, town_clerk.username)
    assert "/accounts/login/" not in page.url, page.locator(".alert").all_inner_texts()
    page.locator("nav.navbar").get_by_role("link", name="组织树", exact=True).click()
    page.wait_for_url(re.compile(rf"/orgs/{town_a.pk}/$"))
    # The stylesheets arrived (served from the vendored static files): Bootstrap paints the
    # navigation bar red (bg-danger), and all three sheets hold rules.
    assert page.locator("nav.navbar").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(220, 53, 69)"
    assert page.evaluate("() => [...document.styleSheets].filter(s => s.href && s.cssRules.length > 0).length") >= 3

    body = page.locator("body").inner_text()
    assert town_a.name in body
    assert town_b.name not in body
    assert "观海卫" not in body
    shot(page, "town")

    # Into a child node from the tree's table of children.
    page.locator("#children").get_by_role("link", name=village_a.name).click()
    page.wait_for_url(re.compile(rf"/orgs/{village_a.pk}/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith(village_a.name)
    assert page.locator(".breadcrumb").get_by_role("link", name=town_a.name).is_visible()
    shot(page, "village")

    # The other town's page is a 404, as if it did not exist.
    response = page.goto(f"{live_server.url}/orgs/{town_b.pk}/")
    assert response.status == 404
    assert town_b.name not in page.content()
    shot(page, "other-town-404")

    # The enterprise list, downloaded through its Excel button.
    page.goto(live_server.url + "/")
    page.locator("nav.navbar").get_by_role("link", name="企业", exact=True).click()
    page.wait_for_url(re.compile(r"/orgs/enterprises/$"))
    assert page.locator("table.list-table tbody tr").count() == len(own)
    listed = page.locator("table.list-table").inner_text()
    assert all(e.name in listed for e in own)
    assert not [e.name for e in others if e.name in listed]
    shot(page, "enterprises")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    rows = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    header, data = rows[0], rows[1:]
    assert "企业名称" in header and "统一社会信用代码" in header
    codes = {row[header.index("统一社会信用代码")] for row in data}
    assert codes == {e.credit_code for e in own}
    towns = {row[header.index("所在镇(街道)")] for row in data}
    assert towns == {town_a.name}
