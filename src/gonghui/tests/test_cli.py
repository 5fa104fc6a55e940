"""`gonghui run` starts granian with arguments granian accepts, serving the project's WSGI
application (the till's short road in front of Django)."""

from granian.cli import cli as granian

from gonghui.cli import server_arguments


def test_the_server_arguments_are_ones_granian_accepts():
    context = granian.make_context("granian", server_arguments(bind="0.0.0.0:8000", workers=3, threads=5))
    assert context.params["app"] == "gonghui.wsgi:application" and context.params["interface"] == "wsgi"
    assert (context.params["host"], context.params["port"], context.params["workers"], context.params["blocking_threads"]) == ("0.0.0.0", 8000, 3, 5)
    assert context.params["log_access_enabled"] is True and context.params["respawn_failed_workers"] is True


def test_an_ipv6_bind_is_given_to_granian_without_brackets():
    context = granian.make_context("granian", server_arguments(bind="[::1]:8080", workers=1, threads=1))
    assert (context.params["host"], context.params["port"]) == ("::1", 8080)


def test_the_wsgi_application_is_the_till_road_in_front_of_django():
    from gonghui.cards.till import TillFastPath
    from gonghui.wsgi import application

    assert isinstance(application, TillFastPath)
