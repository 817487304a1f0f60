"""Page-side checks for the adversarial-content suite: the local attacker origin, the request
blocker, the init script that watches the page from before any app code runs, and the final scan.

Everything a check finds becomes a `Violation(page, check, marker, detail)`."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.e2e.payloads import MARKER

JWT = r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"


@dataclass(frozen=True)
class Violation:
    page: str
    check: str
    marker: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.page}] {self.check} {self.marker or '-'}: {self.detail[:160]}"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def marker_in(text: str) -> str:
    found = MARKER.search(text or "")
    return found.group(0) if found else ""


class Attacker:
    """The attacker's origin: a tiny HTTP server on 127.0.0.1 (another port, so another origin
    than the app's) that records every request it gets."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                hits.append(f"{self.command} {self.path}")
                body = b"body{background:red}" if self.path.split("?")[0].endswith(".css") else b"pwned"
                self.send_response(200)
                self.send_header("Content-Type", "text/css" if body.startswith(b"body") else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:  # the page gave up on it (an aborted image, a navigated frame)
                    pass

            do_GET = do_POST = do_HEAD = _answer

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# Installed with context.add_init_script before any app code runs, in every frame.
# The issue's link policy for agents' answers, shared by both page scripts: http(s) only,
# shown as its own address, opened with noopener noreferrer.
POLICY_LINK = r"""
  const policyLink = (el) => {
    if (el.tagName.toUpperCase() !== 'A') return false;
    const raw = el.getAttribute('href') || '';
    const rel = (el.getAttribute('rel') || '').split(/\s+/);
    return /^https?:\/\//i.test(raw) && (el.textContent || '').trim() === raw &&
      rel.includes('noopener') && rel.includes('noreferrer');
  };
"""

INIT_SCRIPT = r"""
(() => {
  if (window.__apcsWatch) return;
  const CFG = __CONFIG__;
  const MARK = /pwn\d\d[a-z]/;
  const events = window.__apcsEvents = [];
  window.__apcsWatch = true;
  const frame = window === window.top ? 'top' : 'frame:' + location.href.slice(0, 60);
  const report = (check, marker, detail) => {
    const e = {check, marker: marker || '', detail: String(detail).slice(0, 300) + ' (' + frame + ')'};
    events.push(e);
    try { if (window.top.__apcsReport) window.top.__apcsReport(JSON.stringify(e)); } catch (err) {}
    try { if (window.__apcsReport) window.__apcsReport(JSON.stringify(e)); } catch (err) {}
  };
  const mark = (s) => { const m = MARK.exec(String(s || '')); return m ? m[0] : ''; };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const fn = function (msg) { report('dialog', mark(msg), name + '(' + msg + ')'); return name === 'confirm' ? false : null; };
    try { Object.defineProperty(window, name, {value: fn, writable: false, configurable: false}); } catch (err) { window[name] = fn; }
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    report('csp-block', mark(e.blockedURI + ' ' + e.sample), e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample);
  }, true);
  // Attributes whose value is text the app shows or keeps (not markup): a payload there is fine.
  const TEXT_ATTR = /^(data-|aria-)|^(value|title|placeholder|label)$/;
/*POLICY_LINK*/
  const FORBIDDEN_TAGS = new Set(['IFRAME', 'OBJECT', 'EMBED', 'FRAME', 'FRAMESET', 'BASE', 'APPLET', 'PORTAL']);
  const check = (el, how) => {
    if (!(el instanceof Element)) return;
    const tag = el.tagName.toUpperCase();
    if (FORBIDDEN_TAGS.has(tag)) report('forbidden-element', mark(el.outerHTML), how + ' <' + tag.toLowerCase() + '> ' + el.outerHTML);
    if (tag === 'META' && /refresh/i.test(el.getAttribute('http-equiv') || '')) report('forbidden-element', mark(el.outerHTML), how + ' meta refresh ' + el.outerHTML);
    if (mark(tag)) report('element-from-data', mark(tag), how + ' <' + tag.toLowerCase() + '>');
    if ((tag === 'STYLE' || tag === 'SCRIPT') && (mark(el.textContent) || el.textContent.includes(CFG.attacker))) report(tag === 'STYLE' ? 'style-from-data' : 'script-from-data', mark(el.textContent), how + ' ' + el.outerHTML);
    for (const a of Array.from(el.attributes || [])) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) report('event-handler-attribute', mark(a.value) || mark(el.outerHTML), how + ' ' + n + '=' + a.value + ' on <' + tag.toLowerCase() + '>');
      else if (!TEXT_ATTR.test(n) && !(n === 'href' && policyLink(el)) && (mark(a.value) || a.value.includes(CFG.attacker))) report('attribute-from-data', mark(a.value) || mark(el.outerHTML), how + ' <' + tag.toLowerCase() + ' ' + n + '="' + a.value + '">');
    }
  };
  const walk = (node, how) => {
    if (!(node instanceof Element)) return;
    check(node, how);
    for (const el of node.querySelectorAll('*')) check(el, how);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') check(r.target, 'attribute set:');
      else for (const n of r.addedNodes) walk(n, 'added:');
    }
  }).observe(document, {childList: true, subtree: true, attributes: true});
})();
"""

# The final look at the page: everything the observer looks for, plus links, resources,
# globals set by a payload, style landmarks and what covers the viewport.
SCAN = r"""
(cfg) => {
  const MARK = /pwn\d\d[a-z]/;
  const mark = (s) => { const m = MARK.exec(String(s || '')); return m ? m[0] : ''; };
  const out = [];
  const add = (check, marker, detail) => out.push({check, marker: marker || '', detail: String(detail).slice(0, 300)});
/*POLICY_LINK*/
  const TEXT_ATTR = /^(data-|aria-)|^(value|title|placeholder|label)$/;
  const all = Array.from(document.querySelectorAll('*'));
  const originOf = (u) => { try { return new URL(u, location.href).origin; } catch (e) { return 'unparsable'; } };
  for (const el of all) {
    const tag = el.tagName.toLowerCase();
    if (['iframe', 'object', 'embed', 'frame', 'frameset', 'base', 'applet', 'portal'].includes(tag))
      add('forbidden-element', mark(el.outerHTML), '<' + tag + '> ' + el.outerHTML);
    if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '')) add('forbidden-element', mark(el.outerHTML), 'meta refresh ' + el.outerHTML);
    if (mark(tag)) add('element-from-data', mark(tag), '<' + tag + '>');
    if (el.shadowRoot && mark(el.shadowRoot.innerHTML)) add('element-from-data', mark(el.shadowRoot.innerHTML), 'shadow root ' + el.shadowRoot.innerHTML);
    if ((tag === 'style' || tag === 'script') && (mark(el.textContent) || el.textContent.includes(cfg.attacker)))
      add(tag + '-from-data', mark(el.textContent), el.outerHTML);
    if (tag === 'link' && /stylesheet|import|preload|prefetch/i.test(el.getAttribute('rel') || '') && originOf(el.href) !== cfg.app)
      add('foreign-stylesheet', mark(el.outerHTML), el.outerHTML);
    for (const a of Array.from(el.attributes)) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) add('event-handler-attribute', mark(a.value) || mark(el.outerHTML), n + '=' + a.value + ' on <' + tag + '>');
      else if (!TEXT_ATTR.test(n) && !(n === 'href' && policyLink(el)) && (mark(a.value) || a.value.includes(cfg.attacker))) add('attribute-from-data', mark(a.value) || mark(el.outerHTML), '<' + tag + ' ' + n + '="' + a.value + '">');
      else if (['src', 'srcset', 'poster', 'data', 'action', 'formaction', 'background', 'xlink:href', 'ping'].includes(n) ||
               (n === 'href' && tag !== 'a')) {
        for (const u of a.value.split(',').map((s) => s.trim().split(/\s+/)[0]).filter(Boolean)) {
          const o = originOf(u);
          if (o !== cfg.app)
            add('foreign-resource', mark(el.outerHTML), '<' + tag + ' ' + n + '="' + a.value + '">');
        }
      }
    }
    if (tag === 'a' && el.hasAttribute('href')) {
      const raw = el.getAttribute('href');
      const href = (() => { try { return new URL(raw, location.href).href; } catch (e) { return raw; } })();
      const proto = (() => { try { return new URL(href).protocol; } catch (e) { return 'bad:'; } })();
      const text = (el.textContent || '').trim();
      if (originOf(href) !== cfg.app) {
        const shownAsText = (proto === 'http:' || proto === 'https:') && (text === raw || text === href);
        if (!shownAsText) add('live-link', mark(el.outerHTML) || mark(href), el.outerHTML);
      }
    }
    const style = el.getAttribute('style') || '';
    if (/url\s*\(/i.test(style) && style.includes(cfg.attacker)) add('foreign-resource', mark(el.outerHTML), 'style url ' + style);
  }
  for (const k of Object.keys(window)) if (/^pwn\d\d[a-z]$/.test(k)) add('script-ran', k, 'window.' + k + ' was set');
  // What covers the viewport: nothing made from data may sit over the app.
  const w = innerWidth, h = innerHeight;
  for (const [x, y] of [[w / 2, h / 2], [10, 10], [w - 10, h - 10], [w / 4, h * 3 / 4]]) {
    let el = document.elementFromPoint(x, y), depth = 0;
    while (el && depth++ < 40) {
      const m = mark(Array.from(el.attributes || []).filter((a) => !TEXT_ATTR.test(a.name)).map((a) => a.value).join(' '));
      if (m) { add('covers-viewport', m, 'at ' + Math.round(x) + ',' + Math.round(y) + ': ' + el.outerHTML); break; }
      el = el.parentElement;
    }
  }
  for (const el of all) {
    const cs = getComputedStyle(el);
    if (cs.position === 'fixed') {
      const r = el.getBoundingClientRect();
      if (r.width >= w * 0.9 && r.height >= h * 0.9 && cs.visibility !== 'hidden' && cs.display !== 'none' && el.closest('[role=dialog]') === null)
        add('covers-viewport', mark(el.outerHTML), 'a fixed element covers the viewport: ' + el.outerHTML);
    }
  }
  // style signatures (compared with the baseline page) and landmarks' computed styles
  const sheets = Array.from(document.querySelectorAll('style, link[rel~=stylesheet]')).map((el) =>
    el.tagName.toLowerCase() + ' ' + Array.from(el.attributes).map((a) => a.name + '=' + (a.name === 'href' ? new URL(el.href).pathname.replace(/[0-9a-f]{8,}/g, '#') : a.value)).sort().join(' '));
  const PROPS = ['display', 'visibility', 'opacity', 'position', 'color', 'background-color', 'background-image',
                 'font-family', 'font-size', 'transform', 'filter', 'z-index'];
  const landmarks = {};
  for (const sel of cfg.landmarks) {
    const el = document.querySelector(sel);
    if (!el) { landmarks[sel] = null; continue; }
    const cs = getComputedStyle(el);
    landmarks[sel] = Object.fromEntries(PROPS.map((p) => [p, cs.getPropertyValue(p)]));
  }
  return {violations: out, sheets: Array.from(new Set(sheets)), landmarks, events: window.__apcsEvents || []};
}
"""
INIT_SCRIPT, SCAN = (script.replace("/*POLICY_LINK*/", POLICY_LINK) for script in (INIT_SCRIPT, SCAN))

LANDMARKS = ["html", "body", "[data-testid=space-switcher]", "[data-testid=chat-toggle]", "button[aria-label=Account]"]


@dataclass
class Watch:
    """One browser context under watch: reports from its pages, requests its blocker saw."""

    app: str
    attacker: Attacker
    page_label: str = "sign-in"
    found: list[Violation] = field(default_factory=list)
    csp: list[Violation] = field(default_factory=list)
    allowed_foreign: set[str] = field(default_factory=set)  # origins the baseline itself used (reported)

    page_errors: set[str] = field(default_factory=set)
    _seen: set[tuple[str, str, str]] = field(default_factory=set)

    def add(self, check: str, marker: str, detail: str) -> None:
        v = Violation(self.page_label, check, marker, detail)
        if check == "csp-block":
            self.csp.append(v)
            return
        key = (v.page, check, marker if marker else detail[:80])  # one finding per page, check and payload
        if key not in self._seen:
            self._seen.add(key)
            self.found.append(v)

    def summary(self, title: str, limit: int = 400) -> str:
        """Every finding: first by check (each payload marker and the pages it got through on),
        then one line of detail per check and marker."""
        by_check: dict[str, dict[str, set[str]]] = {}
        for v in self.found:
            by_check.setdefault(v.check, {}).setdefault(v.marker or "-", set()).add(v.page)
        lines = [f"{title}: {len(self.found)} finding(s) (page, check, payload marker)", "  by check:"]
        for check, markers in sorted(by_check.items()):
            pages = sorted(set().union(*markers.values()))
            lines.append(f"    {check} [{len(markers)}]: {', '.join(sorted(markers))}  on: {'; '.join(pages)}")
        lines.append("  details (first per check and marker):")
        shown = set()
        for v in self.found:
            if (v.check, v.marker or v.detail[:80]) in shown:
                continue
            shown.add((v.check, v.marker or v.detail[:80]))
            if len(shown) > limit:
                lines.append("    …")
                break
            lines.append(f"    {v}")
        if self.csp:
            lines.append(f"  CSP blocks (acceptable): {len(self.csp)}")
            lines += [f"    {v}" for v in self.csp[:20]]
        if self.page_errors:
            lines.append(f"  page errors: {sorted(self.page_errors)[:10]}")
        return "\n".join(lines)

    def install(self, context) -> None:
        config = json.dumps({"app": origin(self.app), "attacker": self.attacker.url})
        context.expose_binding("__apcsReport", lambda _source, data: self._from_page(data))
        context.add_init_script(script=INIT_SCRIPT.replace("__CONFIG__", config))
        context.route("**/*", self._route)

    def _from_page(self, data: str) -> None:
        e = json.loads(data)
        self.add(e["check"], e["marker"], e["detail"])

    def _route(self, route) -> None:
        request = route.request
        o = origin(request.url)
        if o == origin(self.app):
            route.continue_()
        elif o == self.attacker.url.lower():
            if request.is_navigation_request() and request.frame.parent_frame is None:
                # The page itself would leave the app (meta refresh, a clicked link): record it and
                # keep the page where it is (a 204 answer cancels a navigation).
                self.add("navigated-to-attacker", marker_in(request.url), request.url)
                route.fulfill(status=204, body="")
            else:
                route.continue_()  # counted by the attacker server
        else:
            self.add("foreign-request", marker_in(request.url), f"{request.method} {request.url} (blocked)")
            route.abort()

    def scan(self, page) -> dict:
        """Run the final scan on `page` and record what it found; returns sheets and landmarks."""
        result = page.evaluate(SCAN, {"app": origin(self.app), "attacker": self.attacker.url, "landmarks": LANDMARKS})
        for v in result["violations"]:
            self.add(v["check"], v["marker"], v["detail"])
        for e in result["events"]:  # also reported live; repeated here in case the binding missed one
            self.add(e["check"], e["marker"], e["detail"])
        return result

    def attacker_hits(self) -> None:
        for hit in self.attacker.hits:
            self.add("attacker-origin-hit", marker_in(hit), hit)
        self.attacker.hits.clear()


def compare_with_baseline(watch: Watch, result: dict, baseline: dict, baseline_sheets: set[str]) -> None:
    for sheet in result["sheets"]:
        if sheet not in baseline_sheets:
            watch.add("new-stylesheet", marker_in(sheet), sheet)
    for sel, props in baseline["landmarks"].items():
        now = result["landmarks"].get(sel)
        if props is None:
            continue
        if now is None:
            watch.add("landmark-style", "", f"{sel} is gone (it is on the baseline page)")
            continue
        changed = {p: f"{props[p]} -> {now[p]}" for p in props if props[p] != now[p]}
        if changed:
            watch.add("landmark-style", "", f"{sel}: {changed}")
