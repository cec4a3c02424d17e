"""How the HTML briefing looks in a real browser: full-page PNGs at mail widths, and a layout check.

A desktop reading pane is about 600 px wide and a phone about 375 px: at both widths nothing may scroll
sideways (a long URL or an unbroken Latin run is the usual culprit) and every item's title and summary must be on
screen. The render marks those elements with the CSS classes `item-title` and `item-summary`, the stable hooks
this check relies on.

    python -m flows.screenshot [HTML ...] [--out outputs/screenshots]

Without HTML arguments the newest `outputs/*/briefing.html` is used. Exit code 0 when every width passes, 1 when a
layout problem is found, 2 when there is nothing to check or no browser.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

WIDTHS = (600, 375)
CHROMIUM = "/usr/bin/chromium"
HOOKS = {"title": "item-title", "summary": "item-summary"}
_TOLERANCE = 0.5  # px: sub-pixel layout rounding
NO_PLAYWRIGHT = ("python3 -m flows.screenshot needs Playwright, which `pip install -e .` leaves out: "
                 "run `python3 -m pip install -e '.[screenshot]'` (it drives the system Chromium, "
                 "Debian package chromium; no browser download)")
MAX_PNG_HEIGHT = 15_000  # px: Chromium cannot capture much taller pages; longer ones are cut (and said so)

_MEASURE = r"""
() => {
  const de = document.documentElement;
  const body = document.body;
  const scrollWidth = Math.max(de.scrollWidth, body ? body.scrollWidth : 0);
  const els = [...document.querySelectorAll('.item-title, .item-summary')].map((el) => {
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    return {
      kind: el.classList.contains('item-title') ? 'title' : 'summary',
      text: (el.textContent || '').trim().slice(0, 40),
      left: r.left + window.scrollX, right: r.right + window.scrollX, width: r.width, height: r.height,
      hidden: st.visibility === 'hidden' || st.display === 'none' || parseFloat(st.opacity) === 0,
      clipped: el.scrollWidth > el.clientWidth + 1 && st.overflowX !== 'visible',
    };
  });
  const clear = (c) => !c || c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);
  const backdrop = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (!clear(c)) return c;
    }
    return null;
  };
  const texts = [];
  const seen = new Set();
  const walker = document.createTreeWalker(body || de, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || seen.has(el) || el.closest('style, title, head')) continue;
    seen.add(el);
    const st = getComputedStyle(el);
    texts.push({text: node.textContent.trim().slice(0, 30), color: st.color, background: backdrop(el),
                size: parseFloat(st.fontSize), weight: parseInt(st.fontWeight, 10) || 400});
  }
  return {scrollWidth, scrollHeight: Math.max(de.scrollHeight, body ? body.scrollHeight : 0),
          innerWidth: window.innerWidth, elements: els, texts,
          pageBackground: backdrop(body || de)};
}
"""


@dataclass
class ElementCheck:
    kind: str  # "title" or "summary"
    text: str  # the element's first characters, to say which item
    left: float
    right: float
    width: float
    height: float
    visible: bool
    reason: str = ""


def _rgb(css: str | None) -> tuple[float, float, float] | None:
    m = re.match(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)", css or "")
    return (float(m[1]), float(m[2]), float(m[3])) if m else None


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0-255 channels)."""
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: tuple[float, float, float], bg: tuple[float, float, float]) -> float:
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@dataclass
class TextContrast:
    text: str
    ratio: float
    needed: float  # WCAG AA: 4.5, or 3 for large text (24 px, or 18.7 px bold)

    @property
    def ok(self) -> bool:
        return self.ratio + 1e-6 >= self.needed


def _contrasts(texts: list[dict], page_bg: str | None) -> list[TextContrast]:
    out = []
    for t in texts:
        fg, bg = _rgb(t["color"]), _rgb(t["background"] or page_bg) or (255.0, 255.0, 255.0)
        if fg is None:
            continue
        large = t["size"] >= 24 or (t["size"] >= 18.66 and t["weight"] >= 700)
        out.append(TextContrast(t["text"], round(contrast(fg, bg), 2), 3.0 if large else 4.5))
    return out


@dataclass
class WidthReport:
    html: Path
    width: int
    scroll_width: int
    viewport_width: int
    png: Path
    elements: list[ElementCheck] = field(default_factory=list)
    note: str = ""  # e.g. the PNG shows only the top of a very long page
    scheme: str = "light"  # prefers-color-scheme the page was shown with
    texts: list[TextContrast] = field(default_factory=list)
    page_background: tuple[float, float, float] | None = None

    @property
    def overflow(self) -> bool:
        return self.scroll_width > self.viewport_width

    @property
    def problems(self) -> list[str]:
        out = []
        if self.overflow:
            out.append(f"horizontal overflow: scrollWidth {self.scroll_width} > viewport {self.viewport_width}")
        if not self.elements:
            out.append(f"no element with class {HOOKS['title']!r} / {HOOKS['summary']!r}: the template lacks "
                       "the hooks (or the briefing has no item)")
        out += [f"{e.kind} not visible ({e.reason}): {e.text!r}" for e in self.elements if not e.visible]
        out += [f"low contrast in {self.scheme} mode ({t.ratio:.2f}:1, needs {t.needed:g}:1): {t.text!r}"
                for t in self.texts if not t.ok]
        return out

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary_line(self) -> str:
        counts = []
        for kind, plural in (("title", "titles"), ("summary", "summaries")):
            of_kind = [e for e in self.elements if e.kind == kind]
            counts.append(f"{sum(e.visible for e in of_kind)}/{len(of_kind)} {plural} visible")
        status = "OK" if self.ok else "PROBLEM"
        low = min((t.ratio for t in self.texts), default=None)
        if low is not None:
            counts.append(f"lowest text contrast {low:.1f}:1 ({self.scheme})")
        return (f"{self.width:>4} px: scrollWidth {self.scroll_width} vs viewport {self.viewport_width}; "
                f"{', '.join(counts)}; {status}; {self.png}" + (f" ({self.note})" if self.note else ""))


def _check(raw: dict, viewport: int) -> ElementCheck:
    reasons = []
    if raw["hidden"]:
        reasons.append("hidden by CSS")
    if raw["width"] <= 0 or raw["height"] <= 0:
        reasons.append("empty box")
    if raw["left"] < -_TOLERANCE or raw["right"] > viewport + _TOLERANCE:
        reasons.append(f"outside the viewport horizontally ({raw['left']:.0f}..{raw['right']:.0f} px)")
    if raw["clipped"]:
        reasons.append("text clipped inside its box")
    return ElementCheck(raw["kind"], raw["text"], raw["left"], raw["right"], raw["width"], raw["height"],
                        not reasons, "; ".join(reasons))


def _png_stem(html: Path, taken: set[str]) -> str:
    """`<date folder>-briefing`, made unique within one call (two runs' folders share a date)."""
    stem = f"{html.parent.name}-{html.stem}" if html.parent.name else html.stem
    unique, n = stem, 1
    while unique in taken:
        n += 1
        unique = f"{stem}-{n}"
    taken.add(unique)
    return unique


def screenshot(html_files: list[Path] | Path, out_dir: Path = Path("outputs/screenshots"),
               widths: tuple[int, ...] = WIDTHS, executable: str = CHROMIUM,
               scheme: str = "light") -> list[WidthReport]:
    """Render each HTML file at each width in headless Chromium; full-page PNGs and a layout report per width.
    `scheme` = "dark" shows it as a mail client in dark mode would (prefers-color-scheme: dark); every text's
    contrast against its background is measured either way.

    Only file: URLs load; every other request is aborted, so a briefing cannot reach the network here.
    """
    from playwright.sync_api import sync_playwright

    files = [html_files] if isinstance(html_files, Path) else list(html_files)
    out_dir.mkdir(parents=True, exist_ok=True)
    reports: list[WidthReport] = []
    taken: set[str] = set()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            for html in files:
                html = html.resolve()
                stem = _png_stem(html, taken)
                for width in widths:
                    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=1,
                                                  java_script_enabled=True, color_scheme=scheme)
                    page = context.new_page()
                    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                               else route.abort())
                    page.goto(html.as_uri(), wait_until="load")
                    page.evaluate("document.fonts ? document.fonts.ready : null")
                    measured = page.evaluate(_MEASURE)
                    png = out_dir / f"{stem}-{width}{'' if scheme == 'light' else '-' + scheme}.png"
                    height = int(measured["scrollHeight"])
                    note = ""
                    if height > MAX_PNG_HEIGHT:
                        note = f"PNG shows the top {MAX_PNG_HEIGHT} of {height} px"
                        page.screenshot(path=str(png), full_page=True,
                                        clip={"x": 0, "y": 0, "width": width, "height": MAX_PNG_HEIGHT})
                    else:
                        page.screenshot(path=str(png), full_page=True)
                    context.close()
                    viewport = int(measured["innerWidth"])
                    reports.append(WidthReport(html, width, int(measured["scrollWidth"]), viewport, png,
                                               [_check(e, viewport) for e in measured["elements"]], note, scheme,
                                               _contrasts(measured["texts"], measured["pageBackground"]),
                                               _rgb(measured["pageBackground"])))
        finally:
            browser.close()
    return reports


def newest_briefing(outputs: Path = Path("outputs")) -> Path | None:
    """The most recently written `outputs/*/briefing.html`."""
    found = sorted(outputs.glob("*/briefing.html"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.screenshot", description=__doc__.split("\n\n")[0])
    parser.add_argument("html", nargs="*", type=Path, metavar="HTML",
                        help="briefing HTML files (default: the newest outputs/*/briefing.html)")
    parser.add_argument("--out", type=Path, default=Path("outputs/screenshots"), help="folder for the PNGs")
    parser.add_argument("--width", type=int, action="append", dest="widths", metavar="PX",
                        help=f"viewport width (repeatable; default {' and '.join(map(str, WIDTHS))})")
    parser.add_argument("--chromium", default=CHROMIUM, help="Chromium executable")
    parser.add_argument("--dark", action="store_true",
                        help="also show it in dark mode (prefers-color-scheme: dark), as Apple Mail or iOS would")
    args = parser.parse_args(argv)
    files = args.html or [p for p in [newest_briefing()] if p]
    if not files:
        print("no HTML given and no outputs/*/briefing.html found (run `briefing run` first)", file=sys.stderr)
        return 2
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        print(f"not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print(NO_PLAYWRIGHT, file=sys.stderr)
        return 2
    if not Path(args.chromium).exists():
        print(f"{args.chromium}: Chromium not found (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    reports = screenshot(files, args.out, tuple(args.widths or WIDTHS), args.chromium)
    if args.dark:
        reports += screenshot(files, args.out, tuple(args.widths or WIDTHS), args.chromium, scheme="dark")
    for r in reports:
        print(f"{r.html}: {r.summary_line()}")
        for p in r.problems:
            print(f"    {p}")
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
