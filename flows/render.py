"""Turn the briefing document into HTML (for mail clients), Markdown, plain text and JSON.

Article text is hostile input (scraped, OCR'd, sometimes pasted): HTML output is autoescaped, Markdown output
escapes every Markdown control character, and every one-line field has CR/LF and other control characters
folded away, so no title can break a layout, a header or a table. Nothing here reads the clock: the same
briefing dict always renders to the same bytes.
"""
from __future__ import annotations

import functools
import json
import os
import re
import tempfile
import traceback
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, is_dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from flows.config import DEFAULT_TEMPLATES
from flows.records import Briefing, Section

FORMATS = ("html", "md", "txt", "json")
TEMPLATE_NAMES = {"html": "briefing.html.j2", "md": "briefing.md.j2", "txt": "briefing.txt.j2"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class RenderError(Exception):
    """A template that cannot be loaded or rendered; the message names the template file and line."""


# ---------------------------------------------------------------------------------------------- text filters

# C0/C1 controls, line/paragraph separators, and bidi overrides that could reorder what a reader sees
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]+")
_SPACES = re.compile(r"[ \t\u00a0\u3000]{2,}")


def one_line(value: Any) -> str:
    """Fold a field onto one line: controls (CR, LF, TAB, ...) become a space, runs of spaces shrink."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROLS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_MD_LEADING = re.compile(r"^([-+=])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")


# anything one of md_escape's substitutions would change: text without any is returned as it is
_MD_ANY = re.compile(r"[\\`*_\[\]<>#|~&]|^[-+=]|^\d+[.)]|(?i:\bwww\.)|://")


def md_escape(value: Any) -> str:
    """One-line text that Markdown shows literally: no emphasis, links, HTML, headings or lists."""
    text = one_line(value)
    if not _MD_ANY.search(text):
        return text
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LEADING.sub(r"\\\1", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    # GFM autolinks: break "www." and "scheme://" so a URL in article text stays text
    text = re.sub(r"(?i)\b(www)\.", r"\1\\.", text)
    return text.replace("://", "\\://")


_PAGE = re.compile(r"^[pP](?:age)?0*(\d+)$")


def page_zh(value: Any) -> str:
    """`p03` -> `第3版`; anything else is shown as given."""
    text = one_line(value)
    m = _PAGE.match(text)
    return f"第{m.group(1)}版" if m else text


# ---------------------------------------------------------------------------------------------- the view

def _s(value: Any) -> str | None:
    text = one_line(value)
    return text or None


def _count(value: Any, fallback: int) -> int:
    try:
        return int(value) if value is not None else fallback
    except (TypeError, ValueError):
        return fallback


class _Fields(dict):
    """A dict of the template view whose keys a template's `x.key` reaches without an exception: Jinja tries
    the attribute first and the key after, so on a plain dict every `item.title` raised and caught an
    AttributeError. The same value either way: a key named like a dict method (items, keys, ...) is still
    the method, as on a plain dict, and a missing key is still undefined."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _provenance(value: Any, file: Any) -> dict:
    """What the page prints (paper, date, edition) and its file; every key present, None where unknown."""
    value = value if isinstance(value, dict) else {}
    return _Fields(paper=_s(value.get("paper")), date=_s(value.get("date")), edition=_s(value.get("edition")),
                   file=one_line(value.get("file") or file))


def _item_view(it: dict, section: Any) -> dict:
    """One item, normalised for the templates."""
    apps = []
    for a in it.get("appearances") or []:
        apps.append(_Fields({
            "file": one_line(a.get("file")), "source": one_line(a.get("source") or a.get("file")),
            "page": _s(a.get("page")), "index": a.get("index"), "title": one_line(a.get("title")),
            "byline": _s(a.get("byline")), "provenance": _provenance(a.get("provenance"), a.get("file")),
            "notes": [n for n in (one_line(n) for n in a.get("notes") or []) if n],
        }))
    rep = it.get("repeats")
    if rep:
        rep = _Fields({"id": one_line(rep.get("id")), "title": one_line(rep.get("title")),
                       "file": one_line(rep.get("file")), "shared_paragraphs": rep.get("shared_paragraphs")})
    prov = it.get("provenance") or {}
    return _Fields({
        "id": one_line(it.get("id")), "title": one_line(it.get("title")), "kicker": _s(it.get("kicker")),
        "subtitle": _s(it.get("subtitle")), "summary": one_line(it.get("summary")),
        "keywords": [k for k in (one_line(k) for k in it.get("keywords") or []) if k],
        "section": one_line(it.get("section") or section), "appearances": apps, "repeats": rep,
        "notes": [n for n in (one_line(n) for n in it.get("notes") or []) if n],
        "provenance": _provenance(prov, it.get("id", "").partition("#")[0] or None),
    })


class Lazy(list):
    """A sequence whose elements are made as it is walked: `fn(x)` for each x of `source`. len() and
    truthiness come from `source` without making anything. A list subclass so that json's encoder (its
    pure-Python form, which indent= selects) walks it like a list: a 30 MB briefing is written item by item
    and never held whole."""

    def __init__(self, source: Any, fn: Any) -> None:
        super().__init__()
        self.source, self.fn = source, fn

    def __len__(self) -> int:
        return len(self.source)

    def __bool__(self) -> bool:
        return len(self.source) > 0

    def __iter__(self) -> Any:
        fn = self.fn
        for x in self.source:
            yield fn(x)


class Recent:
    """fn(x), remembered for the last SIZE arguments (by identity; the argument is held, so its id is not
    reused while remembered). write_streamed writes the four formats side by side, so each item is read
    back and normalised once for all of them, not once per format; a template that walks the items in
    another order only misses, and fn is called again."""

    SIZE = 64

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.memo: dict[int, tuple[Any, Any]] = {}

    def __call__(self, x: Any) -> Any:
        hit = self.memo.get(id(x))
        if hit is not None and hit[0] is x:
            return hit[1]
        y = self.fn(x)
        memo = self.memo
        memo.pop(id(x), None)
        memo[id(x)] = (x, y)
        if len(memo) > self.SIZE:
            del memo[next(iter(memo))]  # the oldest (dicts keep insertion order)
        return y


def _view(briefing: dict, recent: dict[int, Recent] | None = None) -> dict:
    """A normalised copy for the templates: every key present, optional ones None, text on one line.
    A section's items given as `Lazy` stay lazy (each normalised as a template reaches it); with `recent`
    (section number -> Recent, filled here), views made for one format are reused by the others."""
    sections = []
    n_items = 0
    for number, sec in enumerate(briefing.get("sections") or []):
        raw = sec.get("items") or []
        if isinstance(raw, Lazy):
            fn: Any = functools.partial(_item_view, section=sec.get("name"))
            if recent is not None:
                fn = recent.setdefault(number, Recent(fn))
            items: list = Lazy(raw, fn)
        else:
            items = [_item_view(it, sec.get("name")) for it in raw]
        if items:
            sections.append(_Fields({"name": one_line(sec.get("name")) or "其他", "items": items}))
            n_items += len(items)
    failed = [_Fields({"file": one_line(f.get("file")), "cause": one_line(f.get("cause"))})
              for f in briefing.get("failed") or []]
    given = briefing.get("counts") or {}
    counts = _Fields({key: _count(given.get(key), fallback) for key, fallback in
              (("bulletins", 0), ("articles", 0), ("items", n_items), ("merged", 0), ("failed", len(failed)))})
    return {
        "date": one_line(briefing.get("date")), "date_zh": one_line(briefing.get("date_zh") or briefing.get("date")),
        "title": one_line(briefing.get("title")) or "每日简报", "counts": counts, "sections": sections,
        "failed": failed, "missing_sources": [one_line(s) for s in briefing.get("missing_sources") or [] if s],
        "method": _s(briefing.get("method")),
        "omitted": _count(briefing.get("omitted"), 0), "full_briefing": _s(briefing.get("full_briefing")),
        "date_mismatch": [_Fields({"file": one_line(m.get("file")), "paper": _s(m.get("paper")),
                                   "printed_date": one_line(m.get("printed_date"))})
                          for m in briefing.get("date_mismatch") or []],
    }


def lazy_dict(briefing: Briefing, to_dict: Any = None) -> dict:
    """briefing.to_dict() with each section's items made as they are walked (`item.to_dict()`, which for a
    `StoredItem` reads its line back; or `to_dict(item)`): the same keys in the same order, none of the
    items held."""
    d = replace(briefing, sections=[]).to_dict()
    fn = to_dict or _to_dict
    d["sections"] = [{"name": s.name, "items": Lazy(s.items, fn)} for s in briefing.sections]
    return d


def _to_dict(item: Any) -> dict:
    return item.to_dict()


# ---------------------------------------------------------------------------------------------- environment

@functools.lru_cache(maxsize=8)
def _environment(templates: Path | None) -> jinja2.Environment:
    """One environment per template folder, kept: compiled templates are reused across renders, and Jinja's
    auto_reload still picks up a template edited while `briefing serve` runs."""
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        templates = Path(templates)
        if not templates.is_dir():
            raise RenderError(f"{templates}: template folder not found")
        if templates.resolve() != DEFAULT_TEMPLATES.resolve():
            loaders.append(jinja2.FileSystemLoader(str(templates)))
    loaders.append(jinja2.FileSystemLoader(str(DEFAULT_TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2"),
                                            default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    from flows.plaintext import wrap

    env.filters.update(line=one_line, md=md_escape, page_zh=page_zh, wrap=wrap)
    return env


def _template_error(name: str, exc: Exception) -> RenderError:
    """Point at the template file and line, whichever folder it came from."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or name
        return RenderError(f"{where}:{exc.lineno}: template syntax error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return RenderError(f"{name}: template not found (looked for {exc.name!r})")
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or frame.filename.endswith(".html"):
            return RenderError(f"{frame.filename}:{frame.lineno}: error while rendering {name}: "
                               f"{type(exc).__name__}: {exc}")
    return RenderError(f"{name}: error while rendering: {type(exc).__name__}: {exc}")


def _json_default(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"briefing field of type {type(value).__name__} is not JSON serialisable")


def render_json(briefing: dict) -> str:
    """Every field of the dict, as given, in the order given (what render_all and write_streamed write)."""
    return "".join(_chunks("json", briefing, {}, None))


def check_templates(templates: Path | None = None) -> None:
    """Compile every template now, raising RenderError naming file and line: a typo in a user's template
    folder is then refused before the run reads a single bulletin, not after."""
    env = _environment(templates)
    for name in TEMPLATE_NAMES.values():
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            raise _template_error(name, exc) from None


def render_all(briefing: dict, templates: Path | None = None) -> dict[str, str]:
    """Render the briefing in every format; `templates` is a folder whose files override ours by name."""
    view = _view(briefing)
    return {fmt: "".join(_chunks(fmt, briefing, view, templates)) for fmt in FORMATS}


def _chunks(fmt: str, briefing: dict, view: dict, templates: Path | None) -> Iterator[str]:
    """One format's text, piece by piece (Jinja's generate(), json's iterencode): joined, exactly what
    render()/dumps() return; written as they come, never the whole text in memory."""
    if fmt == "json":
        encoder = json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=False, default=_json_default)
        yield from encoder.iterencode(briefing)
        yield "\n"
        return
    name = TEMPLATE_NAMES[fmt]
    try:
        yield from _environment(templates).get_template(name).generate(b=view, **view)
    except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
        raise _template_error(name, exc) from None


def render_text(briefing: Briefing, fmt: str = "txt", templates: Path | None = None) -> str:
    """One format of a typed briefing (the text a dry run prints), its items made as they are reached."""
    d = lazy_dict(briefing)
    return "".join(_chunks(fmt, d, _view(d), templates))


def write_streamed(briefing: Briefing, out_dir: Path, templates: Path | None = None) -> dict[str, Path]:
    """write_briefing for a typed briefing, each format streamed to its file (Jinja's generate(), json's
    iterencode) with the items made one at a time: a 30 MB briefing costs memory for one item, not for four
    renderings and two copies of the dict. Every format is written to a temporary file first and renamed only
    when all four are done, so a template error leaves nothing (as write_briefing)."""
    day = briefing.date
    if not _DATE.match(day):
        raise ValueError(f"briefing date must look like YYYY-MM-DD, got {day!r}")
    folder = Path(out_dir) / day
    folder.mkdir(parents=True, exist_ok=True)
    # The formats are written side by side, a few items at a time each, so that an item read back and
    # normalised for one is still remembered (Recent) when the others reach it. Each format gets its own
    # lazy dict and view (to count how far it has walked the items), sharing the remembered items.
    reached = dict.fromkeys(FORMATS, 0)
    item_dict = Recent(_to_dict)
    views: dict[int, Recent] = {}

    def counting(fmt: str) -> Any:
        def to_dict(item: Any) -> dict:
            reached[fmt] += 1
            return item_dict(item)
        return to_dict

    chunks = {}
    for fmt in FORMATS:
        d = lazy_dict(briefing, counting(fmt))
        chunks[fmt] = _chunks(fmt, d, {} if fmt == "json" else _view(d, views), templates)
    done: dict[str, str] = {}
    try:
        for fmt, tmp in _stream_side_by_side(folder, chunks, reached).items():
            done[fmt] = tmp
        paths: dict[str, Path] = {}
        for fmt in FORMATS:
            os.replace(done.pop(fmt), folder / f"briefing.{fmt}")
            paths[fmt] = folder / f"briefing.{fmt}"
        return paths
    finally:
        for tmp in done.values():
            Path(tmp).unlink(missing_ok=True)


STEP = 8  # items each format walks before the next takes its turn (Recent.SIZE must exceed 4 of these)


def _stream_side_by_side(folder: Path, chunks: dict[str, Iterator[str]], reached: dict[str, int]) -> dict[str, str]:
    """Write each format's chunks to a temporary file beside its final name (synced, mode 644), taking turns
    by items reached (`reached[fmt]`, counted by the format's item function): returns the temporary names.
    On an error every temporary file is removed."""
    files: dict[str, tuple[str, Any]] = {}
    try:
        for fmt in chunks:
            path = folder / f"briefing.{fmt}"
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
            files[fmt] = (tmp, os.fdopen(fd, "w", encoding="utf-8", newline=""))
        live = dict(chunks)
        target = 0
        while live:
            target += STEP
            for fmt in list(live):
                if reached[fmt] >= target:
                    continue
                write = files[fmt][1].write
                for chunk in live[fmt]:
                    write(chunk)
                    if reached[fmt] >= target:  # it has asked for the item past this turn's: the next turn's
                        break
                else:
                    del live[fmt]
        for tmp, fh in files.values():
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.chmod(tmp, 0o644)
        return {fmt: tmp for fmt, (tmp, _) in files.items()}
    except BaseException:
        for tmp, fh in files.values():
            fh.close()
            Path(tmp).unlink(missing_ok=True)
        raise


def _stream_to_temp(path: Path, chunks: Iterator[str]) -> str:
    """Write the chunks as UTF-8 to a temporary file beside `path` (synced, mode 644); returns its name."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


# ---------------------------------------------------------------------------------------------- the mail

MAIL_HTML_LIMIT = 100_000  # bytes of HTML: Gmail clips a message at 102 KB, many servers refuse far larger


def cap_sections(sections: list[Section], n: int) -> list[Section]:
    """At most n items, most important first, every section represented by its lead item while n allows
    (sections come most important first); each section keeps its own order."""
    leads = [s.items[0] for s in sections if s.items][:n]
    chosen = {id(it) for it in leads}
    rest = sorted((it for s in sections for it in s.items if id(it) not in chosen),
                  key=lambda it: (-it.importance, it.id))
    chosen.update(id(it) for it in rest[:max(0, n - len(chosen))])
    capped = [Section(s.name, [it for it in s.items if id(it) in chosen]) for s in sections]
    return [s for s in capped if s.items]


def _mail_notice(rendered: dict[str, str], omitted: int, full: str | None) -> dict[str, str]:
    """Say how many items the mail leaves out and where the whole briefing is, in every format, whatever
    the templates (a user's own templates need not know about the cap)."""
    where = f"完整简报：{one_line(full)}" if full else "完整简报见输出目录"
    line = f"另有 {omitted} 条未列入本邮件。{where}"
    out = dict(rendered)
    out["txt"] = rendered["txt"].rstrip("\n") + f"\n\n{line}\n"
    out["md"] = rendered["md"].rstrip("\n") + f"\n\n{md_escape(line)}\n"
    html = rendered["html"]
    para = f'<p class="omitted" style="margin:16px 0;color:#555">{markupsafe.escape(line)}</p>\n'
    cut = html.rfind("</body>")
    out["html"] = html[:cut] + para + html[cut:] if cut >= 0 else html + para
    return out


def mail_rendering(briefing: Briefing, templates: Path | None, max_items: int,
                   full: str | None) -> tuple[dict, dict[str, str]]:
    """The briefing as mailed: at most `max_items` items (fewer if the HTML would pass MAIL_HTML_LIMIT),
    with a line naming how many more there are and the path of the full briefing. Returns the capped
    briefing dict and its rendering; the whole day when it fits."""
    total = sum(len(s.items) for s in briefing.sections)
    n = max(1, max_items)
    while True:
        sections = cap_sections(briefing.sections, n) if total > n else briefing.sections
        kept = sum(len(s.items) for s in sections)
        capped = replace(briefing, sections=sections, omitted=total - kept,
                         full_briefing=full if total > kept else None)
        d = capped.to_dict()
        rendered = render_all(d, templates)
        if total > kept:
            rendered = _mail_notice(rendered, total - kept, full)
        if len(rendered["html"].encode("utf-8")) <= MAIL_HTML_LIMIT or kept <= 1:
            return d, rendered
        n = max(1, min(kept - 1, kept * 2 // 3))


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_briefing(briefing: dict, out_dir: Path, templates: Path | None = None) -> dict[str, Path]:
    """Write out_dir/<date>/briefing.{html,md,txt,json}; each file appears whole or not at all."""
    day = str(briefing.get("date", ""))
    if not _DATE.match(day):
        raise ValueError(f"briefing date must look like YYYY-MM-DD, got {day!r}")
    # render everything first: a template error writes nothing
    return write_rendered(render_all(briefing, templates), day, out_dir)


def write_rendered(rendered: dict[str, str], day: str, out_dir: Path) -> dict[str, Path]:
    """Write already-rendered formats, for callers that also need the text (the mail) without rendering twice."""
    if not _DATE.match(day):
        raise ValueError(f"briefing date must look like YYYY-MM-DD, got {day!r}")
    folder = Path(out_dir) / day
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for fmt in FORMATS:
        path = folder / f"briefing.{fmt}"
        _atomic_write(path, rendered[fmt])
        paths[fmt] = path
    return paths
