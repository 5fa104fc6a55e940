from django.apps import AppConfig


class PeerConfig(AppConfig):
    """Bench-only: the plain member table django-import-export imports into."""

    name = "bench.peer"
    label = "bench_peer"
    default_auto_field = "django.db.models.BigAutoField"
