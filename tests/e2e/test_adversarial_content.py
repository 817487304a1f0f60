"""Adversarial content: text from the data is never markup, anywhere.

The corpus (tests/e2e/payloads.py) is written through the service layer into every field a user
can write that can hold it (item title and description, task title, column name, workspace name
and description, sprint name and goal, user name) of the app's own database. Then every page and
the chat drawer (with the agents quoting the data) are opened in Chromium, watched from before
any app code runs (tests/e2e/hostile.py): no dialog, no request to another origin (a local
attacker server counts its hits; Playwright blocks and counts every other origin), no element or
attribute made from a payload, no live javascript:/data:/foreign link, no style change against
a baseline page with ordinary data. A write the services refuse is safe and only reported.

A last test checks that the page's JavaScript cannot read the session's credential."""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sqlmodel import Session

from apcs_app import db
from apcs_app.services import auth, backlog, board, members, spaces, sprints
from apcs_app.services.access import Actor
from tests.e2e.conftest import DEMO_PASSWORD, sign_in
from tests.e2e.hostile import JWT, Attacker, Watch, compare_with_baseline
from tests.e2e.pages import ask
from tests.e2e.payloads import CORPUS, FIELDS, plain

pytestmark = pytest.mark.e2e

PAGES = ["/board", "/", "/backlog", "/sprints", "/metrics", "/activity", "/settings"]
# A dozen users named with payloads (a password hash each costs time), made members.
USER_PAYLOADS = CORPUS[::5]
QUESTIONS = ["show the backlog", "what's on the board", "show the sprint backlog", "list my workspaces",
             "show the members", "list the sprints"]


class Seeded:
    def __init__(self, attacker: Attacker):
        self.attacker = attacker
        self.tag = uuid.uuid4().hex[:6]
        self.password = f"Hostile-{uuid.uuid4().hex}-Zq!"
        self.owner = f"hostile-owner-{self.tag}@example.com"
        self.asker = f"hostile-asker-{self.tag}@example.com"
        self.baseline = f"baseline-{self.tag}@example.com"
        self.written: dict[str, int] = {f: 0 for f in FIELDS}
        self.refused: list[str] = []
        self.too_long: dict[str, int] = {f: 0 for f in FIELDS}
        self.item_titles: list[str] = []


def _write(engine, seeded: Seeded, what: str, fn):
    """One service call in its own transaction; a refusal is recorded (refused is safe)."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            result = fn(session)
            session.commit()
            return result
        except Exception as exc:  # noqa: BLE001 - any refusal is fine, and reported
            session.rollback()
            seeded.refused.append(f"{what}: {type(exc).__name__}: {str(exc)[:100]}")
            return None


def _seed(database_url: str, attacker: Attacker) -> Seeded:
    s = Seeded(attacker)
    engine = db.make_engine(database_url)
    today = dt.date.today()
    try:
        def text(p, f):
            value = p.text(f, attacker.url)
            if len(value) > FIELDS[f][1]:
                s.too_long[f] += 1
                return None
            return value

        def user(name, email):
            return _write(engine, s, f"user {email}", lambda ss: auth.create_user(ss, name, email, s.password))

        # The baseline: an ordinary workspace with one of everything, for the style comparison.
        base = user("Bea Baseline", s.baseline)
        b = Actor(base.id)
        bspace = _write(engine, s, "baseline space", lambda ss: spaces.create_space(ss, b, "Baseline", "SCRUM", "Plain text"))
        bitem = _write(engine, s, "baseline item", lambda ss: backlog.create_item(ss, b, bspace.id, "Plain item", "Plain"))
        _write(engine, s, "baseline task", lambda ss: board.create_task(ss, b, bitem.id, title="Plain task"))
        _write(engine, s, "baseline column", lambda ss: board.create_column(ss, b, bspace.id, "Review"))
        bsprint = _write(engine, s, "baseline sprint", lambda ss: sprints.create_sprint(
            ss, b, bspace.id, "Sprint A", today, today + dt.timedelta(days=14), "Plain goal"))
        _write(engine, s, "baseline add", lambda ss: sprints.add_to_sprint(ss, b, bspace.id, bitem.id, bsprint.id))
        _write(engine, s, "baseline start", lambda ss: sprints.start_sprint(ss, b, bspace.id, bsprint.id))

        # The hostile owner (named with a payload) and his Scrum workspace (named with one too).
        first = CORPUS[1]
        owner = user(text(first, "u"), s.owner)
        if owner is None:  # a refused name is safe (recorded); the owner still has to exist
            owner = user("Hostile Owner", s.owner)
        else:
            s.written["u"] += 1
        o = Actor(owner.id)
        main_desc = "\n\n".join(p.text("e", attacker.url) for p in CORPUS if "\n" in p.template or p.kind == "css")
        main = _write(engine, s, "main space", lambda ss: spaces.create_space(ss, o, text(CORPUS[0], "w"), "SCRUM", main_desc[:2000]))
        s.written["w"] += 1
        s.written["e"] += 1
        asker = user("Asker", s.asker)
        _write(engine, s, "invite asker", lambda ss: members.invite_member(ss, o, main.id, s.asker, "DEVELOPER"))
        _write(engine, s, "asker default", lambda ss: spaces.set_default_space(ss, Actor(asker.id), main.id))

        sprint_ids = []
        for p in CORPUS:
            title = text(p, "i")
            item = _write(engine, s, f"{p.pid} item", lambda ss: backlog.create_item(
                ss, o, main.id, title or f"{p.pid} (title too long)", p.text("d", attacker.url), 3))
            if item is None:
                continue
            s.written["d"] += 1
            if title:
                s.written["i"] += 1
                s.item_titles.append(item.title)
            if (task_title := text(p, "k")) and _write(engine, s, f"{p.pid} task", lambda ss: board.create_task(
                    ss, o, item.id, title=task_title)):
                s.written["k"] += 1
            if (column := text(p, "c")) and _write(engine, s, f"{p.pid} column", lambda ss: board.create_column(
                    ss, o, main.id, column)):
                s.written["c"] += 1
            name, goal = text(p, "s"), text(p, "g")
            sprint = _write(engine, s, f"{p.pid} sprint", lambda ss: sprints.create_sprint(
                ss, o, main.id, name or f"{p.pid} sprint", today, today + dt.timedelta(days=14), goal))
            if sprint:
                sprint_ids.append(sprint.id)
                s.written["s"] += bool(name)
                s.written["g"] += bool(goal)
                # every item in the first sprint, which is started: "show the sprint backlog" quotes them all
                _write(engine, s, f"{p.pid} add to sprint", lambda ss: sprints.add_to_sprint(
                    ss, o, main.id, item.id, sprint_ids[0]))
            if name := text(p, "w"):
                extra = _write(engine, s, f"{p.pid} space", lambda ss: spaces.create_space(
                    ss, o, name, "KANBAN", p.text("e", attacker.url)))
                if extra:
                    s.written["w"] += 1
                    s.written["e"] += 1
                    _write(engine, s, f"{p.pid} invite asker", lambda ss: members.invite_member(ss, o, extra.id, s.asker))
            if p in USER_PAYLOADS and (name := text(p, "u")):
                email = f"{p.pid}-{s.tag}@example.com"
                if user(name, email) and _write(engine, s, f"{p.pid} invite", lambda ss: members.invite_member(
                        ss, o, main.id, email, "DEVELOPER")):
                    s.written["u"] += 1
        if sprint_ids:
            _write(engine, s, "start sprint", lambda ss: sprints.start_sprint(ss, o, main.id, sprint_ids[0]))
    finally:
        engine.dispose()
    return s


@pytest.fixture(scope="module")
def hostile(app_server):
    attacker = Attacker()
    try:
        started = time.monotonic()
        seeded = _seed(app_server[1], attacker)
        print(f"\nseeded in {time.monotonic() - started:.1f}s; written per field: "
              + ", ".join(f"{FIELDS[f][0]} {n}" for f, n in seeded.written.items())
              + "; too long for the field: " + ", ".join(f"{FIELDS[f][0]} {n}" for f, n in seeded.too_long.items() if n)
              + f"; refused: {seeded.refused or 'none'}")
        yield seeded
    finally:
        attacker.close()


def _context(browser, app_url: str, watch: Watch):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=app_url)
    context.set_default_timeout(20_000)
    watch.install(context)
    page = context.new_page()
    page.on("dialog", lambda d: (watch.add("dialog", "", f"native {d.type}: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: watch.page_errors.add(str(e)[:120]))
    return context, page


def _settle(page) -> None:
    page.wait_for_load_state("load")
    expect(page.get_by_test_id("space-switcher")).to_be_visible()
    page.wait_for_timeout(1200)  # let live data arrive and render, and any payload fire


def _report(title: str, watch: Watch, seeded: Seeded) -> str:
    text = watch.summary(title)
    if seeded.refused:
        text += f"\n  refused writes (safe): {seeded.refused}"
    return text


def test_hostile_data_is_text_on_every_page(browser, app_server, hostile: Seeded):
    app_url = app_server[0]
    # Baseline: the same pages with ordinary data, for the stylesheets and landmarks' styles.
    base_watch = Watch(app_url, hostile.attacker)
    context, page = _context(browser, app_url, base_watch)
    baselines, baseline_sheets = {}, set()
    sign_in(page, hostile.baseline, hostile.password)
    for path in PAGES:
        base_watch.page_label = f"baseline {path}"
        if path != "/board":
            page.goto(path)
        _settle(page)
        baselines[path] = base_watch.scan(page)
        baseline_sheets |= set(baselines[path]["sheets"])
    base_watch.attacker_hits()
    context.close()
    # The baseline must be clean, or the comparison means nothing.
    assert not base_watch.found, _report("the baseline pages (ordinary data) already fail", base_watch, hostile)

    watch = Watch(app_url, hostile.attacker)
    context, page = _context(browser, app_url, watch)
    try:
        sign_in(page, hostile.owner, hostile.password)
        for path in PAGES:
            watch.page_label = path
            if path != "/board":
                page.goto(path)
            _settle(page)
            if path == "/backlog":
                shown = " ".join(page.inner_text("main" if page.locator("main").count() else "body").split())
                visible = [t for t in hostile.item_titles if " ".join(t.split()) in shown]
                print(f"{len(visible)} of {len(hostile.item_titles)} hostile item titles shown verbatim as text on /backlog")
                plain_titles = [p for p in CORPUS if plain(p)]
                if len(visible) < 5:
                    watch.add("payload-not-shown-as-text", "",
                              f"only {len(visible)} of {len(plain_titles)} item titles appear verbatim as text")
            result = watch.scan(page)
            compare_with_baseline(watch, result, baselines[path], baseline_sheets)
            watch.attacker_hits()
    finally:
        context.close()
    watch.attacker_hits()
    assert not watch.found, _report("hostile data got through on the pages", watch, hostile)


def _wait_for_answer(page, answers_before: int) -> None:
    answers = page.get_by_test_id("chat-answer")
    expect(answers).to_have_count(answers_before + 1, timeout=30_000)
    expect(page.get_by_role("button", name="Send")).to_be_enabled(timeout=30_000)
    expect(answers.last).not_to_contain_text("Thinking…")
    page.wait_for_timeout(800)  # let anything an answer brought fire


def test_chat_drawer_quoting_hostile_data(browser, app_server, hostile: Seeded):
    app_url = app_server[0]
    watch = Watch(app_url, hostile.attacker)
    context, page = _context(browser, app_url, watch)
    quoted = []
    try:
        sign_in(page, hostile.asker, hostile.password)
        _settle(page)
        for question in QUESTIONS:
            watch.page_label = f"chat '{question}'"
            before = page.get_by_test_id("chat-answer").count()
            page.set_default_timeout(5_000)
            try:
                ask(page, question)
            except PlaywrightError as exc:  # something from an earlier answer covers the drawer (recorded by the scan)
                watch.add("answer-blocks-the-drawer", "", f"could not click Send: {str(exc).splitlines()[0]}")
                page.get_by_test_id("chat-input").fill(question)
                page.get_by_test_id("chat-input").press("Enter")
            page.set_default_timeout(20_000)
            try:
                _wait_for_answer(page, before)
                answer = page.get_by_test_id("chat-answer").last.inner_text()
                quoted.append(len(set(re.findall(r"pwn\d\d[a-z]", answer))))
            except AssertionError as exc:
                watch.add("answer-did-not-finish", "", str(exc).splitlines()[0])
            if not page.url.startswith(app_url):
                watch.add("navigated-away", "", page.url)
                page.goto("/board")
            watch.scan(page)
            watch.attacker_hits()
    finally:
        context.close()
    watch.attacker_hits()
    print(f"markers quoted per answer: {dict(zip(QUESTIONS, quoted))}")
    assert sum(quoted) > 0, "the agents' answers quoted none of the hostile data: the test proves nothing"
    assert not watch.found, _report("hostile data got through in the chat drawer", watch, hostile)


def test_session_credential_is_not_readable_by_script(browser, app_url):
    context = browser.new_context(base_url=app_url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        sign_in(page, "alice@example.com", DEMO_PASSWORD)
        expect(page.get_by_test_id("space-switcher")).to_be_visible()
        page.wait_for_timeout(500)
        readable = page.evaluate("""() => ({
            localStorage: Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])),
            sessionStorage: Object.fromEntries(Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)])),
            cookie: document.cookie,
        })""")
    finally:
        context.close()
    found = []
    for where in ("localStorage", "sessionStorage"):
        for key, value in readable[where].items():
            # (Reflex's own sessionStorage "token" is its tab id, not a credential: it is not flagged.)
            if re.search(JWT, value or "") or (re.search(r"apcs|auth|jwt|bearer|credential", key, re.I) and value):
                found.append(f"{where}[{key!r}] = {value[:40]}…")
    for part in filter(None, (c.strip() for c in readable["cookie"].split(";"))):
        if re.search(JWT, part) or re.match(r"[^=]*(token|session|auth|jwt)", part, re.I):
            found.append(f"document.cookie has {part[:60]}…")
    assert not found, ("the signed-in page's JavaScript can read the session credential (move it to an HttpOnly "
                       "cookie):\n  " + "\n  ".join(found))
