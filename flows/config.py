"""Settings of the daily briefing: a TOML file, then `BRIEFING_*` environment variables, then CLI overrides.

Every value is checked here, once, so that a typo in a config file stops the run with a message naming the
file, the key and what was expected, instead of failing at 7 a.m. inside a flow. The SMTP password is never
read from the file and never held by these objects: `flows.mail.resolve_password` fetches it at send time.
"""
from __future__ import annotations

import os
import re
import tomllib
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

# the package's own templates: flows/ and templates/ sit side by side at the repo root (editable install)
DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_PASSWORD_ENV = "BRIEFING_SMTP_PASSWORD"
TLS_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class ConfigError(ValueError):
    """A setting that cannot be used; the message names where it came from and what was expected."""


@dataclass
class EmailConfig:
    enabled: bool = False
    host: str = ""
    port: int = 587
    tls: str = "starttls"
    user: str | None = None
    sender: str = ""
    recipients: list[str] = field(default_factory=list)
    password_env: str = DEFAULT_PASSWORD_ENV
    password_block: str | None = None
    timeout: float = 30.0
    subject_prefix: str = "晨报"
    deadline: float = 120.0  # seconds for the whole delivery (connect, every command, all retries)
    allow_plaintext_auth: bool = False  # AUTH over plain TCP (tls = "none"): refused unless set
    max_items: int = 40  # items in the mail; the full briefing is written to the output folder

    def __repr__(self) -> str:
        # holds no password; the explicit repr keeps it so even if a field is ever added carelessly
        return (f"EmailConfig(enabled={self.enabled!r}, host={self.host!r}, port={self.port!r}, tls={self.tls!r}, "
                f"user={self.user!r}, sender={self.sender!r}, recipients={self.recipients!r}, "
                f"password_env={self.password_env!r}, password_block={self.password_block!r}, "
                f"timeout={self.timeout!r}, subject_prefix={self.subject_prefix!r}, deadline={self.deadline!r}, "
                f"allow_plaintext_auth={self.allow_plaintext_auth!r})")


@dataclass
class Config:
    inbox: Path = Path("inbox")
    out: Path = Path("outputs")
    templates: Path | None = None
    state_dir: Path = Path("outputs/.state")
    timezone: str = "Asia/Shanghai"
    cron: str = "0 7 * * *"
    max_bytes: int = DEFAULT_MAX_BYTES
    method: str = "default"
    max_chars: int = 120
    keywords: int = 8
    expected_sources: list[str] = field(default_factory=list)
    lock_wait: float = 30.0  # seconds a run waits for another run's lock on the state folder
    max_pages: int = 100  # budgets per bulletin file (bulletins.limits)
    max_text_chars: int = 1_000_000
    max_inflated_bytes: int = 64 * 1024 * 1024
    max_articles: int = 500
    email: EmailConfig = field(default_factory=EmailConfig)
    source: str | None = None  # the config file read, if any (for messages)
    # whether state_dir was set (file, environment, option) rather than derived from out: `with_out` keeps
    # a set one and moves a derived one, as loading again with another `out` would
    state_dir_set: bool = field(default=False, repr=False, compare=False)

    @property
    def limits(self) -> Any:
        """The per-file budgets as bulletins.limits.Limits."""
        from bulletins.limits import Limits

        return Limits(max_pages=self.max_pages, max_text_chars=self.max_text_chars,
                      max_inflated_bytes=self.max_inflated_bytes, max_articles=self.max_articles)

    def with_out(self, out: str | os.PathLike[str]) -> Config:
        """This configuration with another output folder (the state folder follows it unless it was set on
        its own): what `load_config(..., out=out)` would give, without reading the file again."""
        new_out = Path(out).expanduser()
        return replace(self, out=new_out, state_dir=self.state_dir if self.state_dir_set else new_out / ".state")

    @property
    def template_dir(self) -> Path:
        """The folder templates are looked up in first (the user's, else ours)."""
        return self.templates if self.templates is not None else DEFAULT_TEMPLATES


# ---------------------------------------------------------------------------------------------- value checks

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+$")


class _Bad(Exception):
    """Raised by a checker; turned into a ConfigError carrying the key's origin."""


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _str(value: Any, *, empty_ok: bool = True) -> str:
    if not isinstance(value, str):
        raise _Bad(f"expected a string, got {_show(value)}")
    if _CONTROL.search(value):
        raise _Bad(f"expected a string without control characters, got {_show(value)}")
    value = value.strip()
    if not value and not empty_ok:
        raise _Bad("expected a non-empty string")
    return value


def _opt_str(value: Any) -> str | None:
    value = _str(value)
    return value or None


def _path(value: Any) -> Path:
    if isinstance(value, Path):
        return value
    return Path(_str(value, empty_ok=False)).expanduser()


def _int(lo: int, hi: int | None, what: str) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, str):
            try:
                value = int(value.strip().replace("_", ""))
            except ValueError:
                raise _Bad(f"expected {what}, got {_show(value)}") from None
        if isinstance(value, bool) or not isinstance(value, int) or value < lo or (hi is not None and value > hi):
            raise _Bad(f"expected {what}, got {_show(value)}")
        return value
    return check


def _float_pos(value: Any) -> float:
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise _Bad(f"expected a number of seconds > 0, got {_show(value)}") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0 or value != value:
        raise _Bad(f"expected a number of seconds > 0, got {_show(value)}")
    return float(value)


def _float_nonneg(value: Any) -> float:
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise _Bad(f"expected a number of seconds >= 0, got {_show(value)}") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0 or value == float("inf"):
        raise _Bad(f"expected a number of seconds >= 0, got {_show(value)}")
    return float(value)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise _Bad(f"expected true or false, got {_show(value)}")


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):  # environment variables: comma-separated
        value = [v for v in value.split(",")]
    if not isinstance(value, list | tuple):
        raise _Bad(f"expected a list of strings, got {_show(value)}")
    out = []
    for v in value:
        v = _str(v)
        if v:
            out.append(v)
    return out


def _addresses(value: Any) -> list[str]:
    out = _str_list(value)
    for addr in out:
        if not _EMAIL.match(addr):
            raise _Bad(f"expected e-mail addresses like name@example.org, got {_show(addr)}")
    return out


def _address(value: Any) -> str:
    addr = _str(value)
    if addr and not _EMAIL.match(addr):
        raise _Bad(f"expected an e-mail address like name@example.org, got {_show(addr)}")
    return addr


def _tls(value: Any) -> str:
    mode = _str(value).lower()
    if mode not in TLS_MODES:
        raise _Bad(f"expected one of {', '.join(TLS_MODES)}, got {_show(value)}")
    return mode


def _timezone(value: Any) -> str:
    name = _str(value, empty_ok=False)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise _Bad(f"expected an IANA time zone such as Asia/Shanghai, got {_show(value)}") from None
    return name


_CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12),
                ("day of week", 0, 7))
_CRON_NAMES = ({}, {}, {},
               {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())},
               {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())})


def _cron_value(token: str, names: dict[str, int], lo: int, hi: int) -> int:
    if token.lower() in names:
        return names[token.lower()]
    if not token.isdigit():
        raise ValueError(token)
    n = int(token)
    if not lo <= n <= hi:
        raise ValueError(token)
    return n


def _cron(value: Any) -> str:
    expr = " ".join(_str(value, empty_ok=False).split())
    fields = expr.split(" ")
    if len(fields) != 5:
        raise _Bad(f"expected a cron expression of 5 fields (minute hour day month weekday), got {_show(value)}")
    for text, (name, lo, hi), names in zip(fields, _CRON_FIELDS, _CRON_NAMES, strict=True):
        try:
            for part in text.split(","):
                rng, _, step = part.partition("/")
                if step and (not step.isdigit() or int(step) == 0):
                    raise ValueError(part)
                if rng == "*":
                    continue
                a, dash, b = rng.partition("-")
                first = _cron_value(a, names, lo, hi)
                if dash and _cron_value(b, names, lo, hi) < first:
                    raise ValueError(part)
        except ValueError:
            raise _Bad(f"expected a cron expression of 5 fields, but the {name} field {text!r} is not valid "
                       f"(values {lo}-{hi}), got {_show(value)}") from None
    return expr


def _templates(value: Any) -> Path | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    path = _path(value)
    if not path.is_dir():
        raise _Bad(f"expected an existing folder of Jinja2 templates, got {_show(str(value))}")
    return path


# key -> (checker, env var); the same names serve the file, the environment and the overrides
_TOP: dict[str, tuple[Callable[[Any], Any], str | None]] = {
    "inbox": (_path, "BRIEFING_INBOX"),
    "out": (_path, "BRIEFING_OUT"),
    "templates": (_templates, "BRIEFING_TEMPLATES"),
    "state_dir": (_path, "BRIEFING_STATE_DIR"),
    "timezone": (_timezone, "BRIEFING_TIMEZONE"),
    "cron": (_cron, "BRIEFING_CRON"),
    "max_bytes": (_int(1, None, "a positive integer (bytes)"), "BRIEFING_MAX_BYTES"),
    "method": (lambda v: _str(v, empty_ok=False), "BRIEFING_METHOD"),
    "max_chars": (_int(1, None, "a positive integer (characters)"), "BRIEFING_MAX_CHARS"),
    "keywords": (_int(0, 100, "an integer 0-100"), "BRIEFING_KEYWORDS"),
    "expected_sources": (_str_list, "BRIEFING_EXPECTED_SOURCES"),
    "lock_wait": (_float_nonneg, "BRIEFING_LOCK_WAIT"),
    "max_pages": (_int(1, None, "a positive integer (pages per PDF)"), "BRIEFING_MAX_PAGES"),
    "max_text_chars": (_int(1, None, "a positive integer (characters per file)"), "BRIEFING_MAX_TEXT_CHARS"),
    "max_inflated_bytes": (_int(1, None, "a positive integer (bytes per PDF stream)"), "BRIEFING_MAX_INFLATED_BYTES"),
    "max_articles": (_int(1, None, "a positive integer (articles per file)"), "BRIEFING_MAX_ARTICLES"),
}
_EMAIL_KEYS: dict[str, tuple[Callable[[Any], Any], str | None]] = {
    "enabled": (_bool, "BRIEFING_EMAIL"),
    "host": (_str, "BRIEFING_SMTP_HOST"),
    "port": (_int(1, 65535, "an integer 1-65535"), "BRIEFING_SMTP_PORT"),
    "tls": (_tls, "BRIEFING_SMTP_TLS"),
    "user": (_opt_str, "BRIEFING_SMTP_USER"),
    "sender": (_address, "BRIEFING_SMTP_FROM"),
    "recipients": (_addresses, "BRIEFING_SMTP_TO"),
    "password_env": (lambda v: _str(v, empty_ok=False), "BRIEFING_SMTP_PASSWORD_ENV"),
    "password_block": (_opt_str, "BRIEFING_SMTP_PASSWORD_BLOCK"),
    "timeout": (_float_pos, "BRIEFING_SMTP_TIMEOUT"),
    "subject_prefix": (_str, "BRIEFING_SUBJECT_PREFIX"),
    "deadline": (_float_pos, "BRIEFING_SMTP_DEADLINE"),
    "allow_plaintext_auth": (_bool, "BRIEFING_SMTP_ALLOW_PLAINTEXT_AUTH"),
    "max_items": (_int(1, 1000, "an integer 1-1000"), "BRIEFING_EMAIL_MAX_ITEMS"),
}
# friendlier spellings accepted in the file's [email] table
_EMAIL_ALIASES = {"from": "sender", "to": "recipients"}
# ... and the names messages use: the ones the docs and config.example.toml show
_EMAIL_DOC_NAMES = {v: a for a, v in _EMAIL_ALIASES.items()}
_SECRET_KEYS = {"password", "pass", "passwd", "smtp_password", "secret"}


def _secret_in_file(where: str) -> ConfigError:
    return ConfigError(f"{where}: the SMTP password must not be written in the config file; put it in the "
                       f"environment variable {DEFAULT_PASSWORD_ENV} (or the one named by [email].password_env) "
                       f"or in a Prefect Secret block named by [email].password_block")


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: expected UTF-8 text, found an invalid byte at offset {exc.start}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # the message already carries "(at line N, column M)"
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _file_layer(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The file's top-level and [email] values, with unknown or secret keys rejected by name only."""
    raw = _read_file(path)
    top: dict[str, Any] = {}
    email: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "email":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: email: expected a table [email], got {_show(value)}")
            for k, v in value.items():
                if k.lower() in _SECRET_KEYS:
                    raise _secret_in_file(f"{path}: [email].{k}")
                name = _EMAIL_ALIASES.get(k, k)
                if name not in _EMAIL_KEYS:
                    raise ConfigError(f"{path}: [email].{k}: unknown key; expected one of "
                                      f"{', '.join(sorted(_EMAIL_DOC_NAMES.get(n, n) for n in _EMAIL_KEYS))}")
                email[name] = v
        elif key.lower() in _SECRET_KEYS:
            raise _secret_in_file(f"{path}: {key}")
        elif key in _TOP:
            top[key] = value
        else:
            raise ConfigError(f"{path}: {key}: unknown key; expected one of {', '.join(sorted(_TOP))} or [email]")
    # relative paths in a file mean "next to the file", so a config works from any working directory
    base = path.resolve().parent
    for key in ("inbox", "out", "templates", "state_dir"):
        if isinstance(top.get(key), str) and top[key].strip():
            p = Path(top[key].strip()).expanduser()
            top[key] = str(p if p.is_absolute() else base / p)
    return top, email


def load_config(path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None,
                **overrides: Any) -> Config:
    """Build the Config: defaults < TOML file < `BRIEFING_*` environment < keyword overrides (None = unset).

    `path` None reads `BRIEFING_CONFIG` from the environment if set, else no file. Overrides use the Config
    field names (`inbox=`, `cron=`, ...); email fields as `email_<field>=` and `email=` for enabled.
    """
    env = os.environ if env is None else env
    if path is None and env.get("BRIEFING_CONFIG", "").strip():
        path = env["BRIEFING_CONFIG"].strip()
    # layers of (value, where) per key; later layers win
    top: dict[str, tuple[Any, str]] = {}
    email: dict[str, tuple[Any, str]] = {}
    if path is not None:
        fpath = Path(path)
        ftop, femail = _file_layer(fpath)
        top.update({k: (v, f"{fpath}: {k}") for k, v in ftop.items()})
        email.update({k: (v, f"{fpath}: [email].{_EMAIL_DOC_NAMES.get(k, k)}") for k, v in femail.items()})
    for key, (_, var) in _TOP.items():
        if var and var in env:
            top[key] = (env[var], f"environment variable {var} ({key})")
    for key, (_, var) in _EMAIL_KEYS.items():
        if var and var in env:
            email[key] = (env[var], f"environment variable {var} ([email].{_EMAIL_DOC_NAMES.get(key, key)})")
    for key, value in overrides.items():
        if value is None:
            continue
        if key in _TOP:
            top[key] = (value, f"option {key}")
        elif key == "email":
            email["enabled"] = (value, "option email")
        elif key.startswith("email_") and key[6:] in _EMAIL_KEYS:
            email[key[6:]] = (value, f"option {key}")
        else:
            raise ConfigError(f"option {key}: unknown setting; expected one of {', '.join(sorted(_TOP))}, "
                              f"email or email_<{'|'.join(sorted(_EMAIL_KEYS))}>")

    def checked(table: dict, checks: dict) -> dict[str, Any]:
        out = {}
        for key, (value, where) in table.items():
            try:
                out[key] = checks[key][0](value)
            except _Bad as exc:
                raise ConfigError(f"{where}: {exc}") from None
        return out

    t = checked(top, _TOP)
    e = checked(email, _EMAIL_KEYS)
    src = str(path) if path is not None else "configuration"

    tls = e.get("tls", "starttls")
    e.setdefault("port", DEFAULT_PORTS[tls])
    if not e.get("sender") and e.get("user") and _EMAIL.match(e["user"]):
        e["sender"] = e["user"]
    mail = EmailConfig(**e)
    if mail.enabled:
        missing = [(name, k) for name, k in (("host", "host"), ("to", "recipients"), ("from", "sender"))
                   if not getattr(mail, k)]
        if missing:
            hints = {"host": "BRIEFING_SMTP_HOST", "to": "BRIEFING_SMTP_TO", "from": "BRIEFING_SMTP_FROM"}
            name = missing[0][0]
            raise ConfigError(f"{src}: [email].{name}: e-mail is enabled, so expected [email].{name} "
                              f"(or {hints[name]}) to be set")

    out = t.get("out", Config.out)
    cfg = Config(
        inbox=t.get("inbox", Config.inbox), out=out, templates=t.get("templates"),
        state_dir=t.get("state_dir", out / ".state"), timezone=t.get("timezone", Config.timezone),
        cron=t.get("cron", Config.cron), max_bytes=t.get("max_bytes", DEFAULT_MAX_BYTES),
        method=t.get("method", Config.method), max_chars=t.get("max_chars", Config.max_chars),
        keywords=t.get("keywords", Config.keywords), expected_sources=t.get("expected_sources", []),
        **{k: t[k] for k in ("lock_wait", "max_pages", "max_text_chars", "max_inflated_bytes", "max_articles")
           if k in t},
        email=mail, source=str(path) if path is not None else None, state_dir_set="state_dir" in t,
    )
    return cfg
