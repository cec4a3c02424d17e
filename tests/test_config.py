"""Config: TOML < environment < overrides, strict checks with messages naming the file and key, no password."""
from __future__ import annotations

from pathlib import Path

import pytest

from flows.config import DEFAULT_TEMPLATES, ConfigError, EmailConfig, load_config

ROOT = Path(__file__).resolve().parent.parent
SECRET = "Zq7-very-secret-pw"


def write(tmp_path: Path, text: str, name: str = "briefing.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(*args, **kwargs) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(*args, **kwargs)
    return str(info.value)


def test_defaults_without_file_or_environment():
    cfg = load_config(env={})
    assert cfg.inbox == Path("inbox") and cfg.out == Path("outputs")
    assert cfg.state_dir == Path("outputs") / ".state"
    assert cfg.templates is None and cfg.template_dir == DEFAULT_TEMPLATES
    assert (DEFAULT_TEMPLATES / "briefing.html.j2").is_file()
    assert (cfg.timezone, cfg.cron, cfg.max_bytes) == ("Asia/Shanghai", "0 7 * * *", 20 * 1024 * 1024)
    assert (cfg.method, cfg.max_chars, cfg.keywords, cfg.expected_sources) == ("default", 120, 8, [])
    assert cfg.email.enabled is False and cfg.email.subject_prefix == "晨报"
    assert cfg.email.password_env == "BRIEFING_SMTP_PASSWORD"


def test_shipped_example_config_loads():
    cfg = load_config(ROOT / "config.example.toml", env={})
    assert cfg.email.sender == "briefing@example.org" and cfg.email.recipients == ["editor@example.org"]
    assert cfg.inbox == ROOT / "inbox"  # relative to the file's folder


def test_file_then_environment_then_overrides(tmp_path):
    path = write(tmp_path, """
inbox = "in"
out = "/srv/briefing/out"
timezone = "Asia/Urumqi"
cron = "30 6 * * 1-5"
expected_sources = ["qiandongnan-daily", "kaili-news"]
[email]
enabled = true
host = "smtp.file.example"
tls = "ssl"
user = "bot@file.example"
to = ["a@file.example", "b@file.example"]
subject_prefix = "黔东南晨报"
""")
    cfg = load_config(path, env={})
    assert cfg.inbox == tmp_path / "in" and cfg.out == Path("/srv/briefing/out")
    assert cfg.state_dir == Path("/srv/briefing/out/.state")
    assert cfg.cron == "30 6 * * 1-5" and cfg.timezone == "Asia/Urumqi"
    assert cfg.expected_sources == ["qiandongnan-daily", "kaili-news"]
    assert cfg.email.port == 465  # the ssl default
    assert cfg.email.sender == "bot@file.example"  # from the user name when no sender is given
    assert cfg.email.subject_prefix == "黔东南晨报"

    env = {"BRIEFING_SMTP_HOST": "smtp.env.example", "BRIEFING_SMTP_PORT": "2525", "BRIEFING_SMTP_TLS": "starttls",
           "BRIEFING_SMTP_TO": " x@env.example, y@env.example ,", "BRIEFING_TIMEZONE": "Europe/Berlin",
           "BRIEFING_OUT": "env-out", "BRIEFING_SMTP_FROM": "news@env.example"}
    cfg = load_config(path, env=env)
    assert (cfg.email.host, cfg.email.port, cfg.email.tls) == ("smtp.env.example", 2525, "starttls")
    assert cfg.email.recipients == ["x@env.example", "y@env.example"]
    assert cfg.email.sender == "news@env.example" and cfg.timezone == "Europe/Berlin"
    assert cfg.out == Path("env-out") and cfg.state_dir == Path("env-out/.state")

    cfg = load_config(path, env=env, out="cli-out", timezone=None, email=False, max_bytes=1000,
                      email_port=25, cron="0 8 * * *")
    assert cfg.out == Path("cli-out") and cfg.timezone == "Europe/Berlin"  # None = not given on the CLI
    assert cfg.email.enabled is False and cfg.email.port == 25 and cfg.max_bytes == 1000
    assert cfg.cron == "0 8 * * *"


def test_config_path_from_environment(tmp_path):
    path = write(tmp_path, 'keywords = 3\n')
    assert load_config(env={"BRIEFING_CONFIG": str(path)}).keywords == 3


def test_invalid_toml_names_file_and_line(tmp_path):
    path = write(tmp_path, 'inbox = "in"\ncron = "0 7 * * *\n')
    msg = error_of(path, env={})
    assert str(path) in msg and "line 2" in msg


def test_missing_file(tmp_path):
    assert "not found" in error_of(tmp_path / "nope.toml", env={})


@pytest.mark.parametrize("text, key, expected", [
    ('[email]\nport = "abc"\n', "[email].port", "expected an integer 1-65535, got 'abc'"),
    ('[email]\nport = 70000\n', "[email].port", "1-65535"),
    ('[email]\ntls = "tls"\n', "[email].tls", "expected one of starttls, ssl, none"),
    ('cron = "0 7 * *"\n', "cron", "5 fields"),
    ('cron = "61 7 * * *"\n', "cron", "minute field '61'"),
    ('cron = "0 7 * * mon-fri/0"\n', "cron", "day of week"),
    ('timezone = "Asia/Beijing"\n', "timezone", "IANA time zone"),
    ('max_bytes = -1\n', "max_bytes", "positive integer"),
    ('keywords = "many"\n', "keywords", "integer 0-100"),
    ('inbox = 5\n', "inbox", "expected a string"),
    ('expected_sources = "a"\nmethod = ""\n', "method", "non-empty"),
    ('[email]\nto = ["not an address"]\n', "[email].to", "e-mail addresses"),
    ('[email]\nenabled = "sometimes"\n', "[email].enabled", "true or false"),
    ('[email]\ntimeout = 0\n', "[email].timeout", "> 0"),
    ('templates = "no/such/folder"\n', "templates", "existing folder"),
    ('email = 3\n', "email", "table [email]"),
])
def test_bad_values_name_file_key_and_expectation(tmp_path, text, key, expected):
    path = write(tmp_path, text)
    msg = error_of(path, env={})
    assert msg.startswith(f"{path}: {key}"), msg
    assert expected in msg


def test_unknown_keys_are_errors(tmp_path):
    msg = error_of(write(tmp_path, 'inbx = "typo"\n'), env={})
    assert "inbx: unknown key" in msg and "inbox" in msg
    msg = error_of(write(tmp_path, '[email]\nhots = "smtp.example.org"\n'), env={})
    assert "[email].hots: unknown key" in msg and "host" in msg
    # the names the docs and config.example.toml use, not the internal field names
    listed = msg.split("expected one of ", 1)[1]
    assert "to" in listed.split(", ") and "from" in listed.split(", "), msg
    assert "recipients" not in listed and "sender" not in listed, msg
    msg = error_of(env={}, colour="red")
    assert "option colour" in msg


def test_bad_environment_value_names_the_variable():
    msg = error_of(env={"BRIEFING_SMTP_PORT": "smtp"})
    assert msg.startswith("environment variable BRIEFING_SMTP_PORT") and "got 'smtp'" in msg
    assert "BRIEFING_CRON" in error_of(env={"BRIEFING_CRON": "every day"})
    assert "BRIEFING_SMTP_TO" in error_of(env={"BRIEFING_SMTP_TO": "editor"})


def test_email_enabled_needs_host_recipients_and_sender(tmp_path):
    path = write(tmp_path, '[email]\nenabled = true\nto = ["a@example.org"]\nfrom = "b@example.org"\n')
    msg = error_of(path, env={})
    assert str(path) in msg and "[email].host" in msg and "BRIEFING_SMTP_HOST" in msg
    path = write(tmp_path, '[email]\nenabled = true\nhost = "smtp.example.org"\n')
    assert "[email].to" in error_of(path, env={})
    cfg = load_config(path, env={"BRIEFING_SMTP_TO": "a@example.org", "BRIEFING_SMTP_FROM": "b@example.org"})
    assert cfg.email.enabled and cfg.email.recipients == ["a@example.org"]


@pytest.mark.parametrize("table", ["[email]\npassword", "password", "[email]\nPassword"])
def test_password_in_file_is_refused_without_echoing_it(tmp_path, table):
    path = write(tmp_path, f'{table} = "{SECRET}"\n')
    msg = error_of(path, env={})
    assert SECRET not in msg
    assert "environment variable BRIEFING_SMTP_PASSWORD" in msg and "Secret block" in msg


def test_password_never_held_by_config(tmp_path):
    path = write(tmp_path, '[email]\nenabled = true\nhost = "h.example.org"\nuser = "u@example.org"\n'
                           'to = ["r@example.org"]\npassword_env = "MY_SMTP_PW"\n')
    cfg = load_config(path, env={"MY_SMTP_PW": SECRET, "BRIEFING_SMTP_PASSWORD": SECRET})
    assert cfg.email.password_env == "MY_SMTP_PW"
    assert SECRET not in repr(cfg) and SECRET not in repr(cfg.email) and SECRET not in str(vars(cfg.email))
    assert "password" not in {f for f in EmailConfig.__dataclass_fields__ if f not in ("password_env",
                                                                                        "password_block")}


def test_control_characters_in_values_are_refused():
    msg = error_of(env={"BRIEFING_SMTP_FROM": "a@example.org\r\nBcc: evil@example.org"})
    assert "BRIEFING_SMTP_FROM" in msg and "control characters" in msg


def test_cron_forms_accepted():
    for expr in ("0 7 * * *", "*/15 6-9 * * mon-fri", "0 7 1,15 jan-jun 0", "5  7 * * 7"):
        assert load_config(env={"BRIEFING_CRON": expr}).cron == " ".join(expr.split())
