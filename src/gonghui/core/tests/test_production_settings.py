import os
import subprocess
import sys


def load_settings(tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GONGHUI_")}
    environment.update({"GONGHUI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gonghui.settings"}, **env)
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); print('started')"], env=environment, capture_output=True, text=True, timeout=60)


def test_production_mode_refuses_to_start_without_keys_and_a_server_database(tmp_path):
    result = load_settings(tmp_path, GONGHUI_PRODUCTION="1")
    assert result.returncode != 0
    for name in ("GONGHUI_SECRET_KEY", "GONGHUI_DATA_KEY_FILE", "GONGHUI_DATABASE_URL"):
        assert name in result.stderr


def test_production_mode_starts_when_told_sqlite_is_acceptable(tmp_path):
    keys = tmp_path / "keys.json"
    keys.write_text('{"current": "k1", "index_suite": "hmac-sha256", "index_key": "AAAA", "keys": {}}')
    result = load_settings(tmp_path, GONGHUI_PRODUCTION="1", GONGHUI_SECRET_KEY="x" * 50, GONGHUI_DATA_KEY_FILE=str(keys), GONGHUI_ALLOW_SQLITE="1")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_development_mode_starts_on_a_bare_machine_with_generated_keys(tmp_path):
    result = load_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret-key").exists()
