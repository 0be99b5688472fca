"""HTML report in a real headless Chromium: highlights, cross-links, inert hostile text, screenshot.

Assertions read the rendered page (DOM, computed styles, location hash), not the
HTML string, so they catch mis-sliced spans and escaping a browser would undo.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from figcheck.models import Article, Claim, Finding, FindingKind, Problem, Qualifier, Usage, Verdict
from figcheck.report import Report
from figcheck.report._spans import segment
from test_report_markdown import sample_report

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Only chromedriver on loopback may be reached; the page itself must load nothing.
pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$", r"localhost$", r"::1$"])

REPORT = sample_report()


def _open(report: Report, tmp: Path) -> WebDriver:
    """`report` opened from a file in headless Chromium (Debian's build, no downloads)."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).is_file()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: the browser tests need Debian's Chromium. "
            "Run `apt-get install chromium chromium-driver` (as root) and re-run pytest.",
            pytrace=False,
        )
    html = tmp / "report.html"
    html.write_text(report.to_html(), encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp / 'profile'}",
        "--window-size=1280,1600",
    ):
        options.add_argument(arg)
    try:
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    except WebDriverException as exc:
        pytest.fail(f"Chromium did not start ({exc.msg}); check `{CHROMIUM} --version`.")
    driver.get(html.as_uri())
    return driver


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    tmp = tmp_path_factory.mktemp("html-report")
    driver = _open(REPORT, tmp)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp / "profile", ignore_errors=True)


@pytest.mark.browser
@pytest.mark.parametrize("claim", REPORT.claims, ids=lambda c: c.id)
def test_every_claim_is_a_mark_showing_its_quote(page: WebDriver, claim: Claim) -> None:
    mark = page.find_element(By.ID, f"claim-{claim.id}")
    assert mark.tag_name == "mark"
    assert mark.get_attribute("textContent") == claim.quote


@pytest.mark.browser
@pytest.mark.parametrize("article", REPORT.articles, ids=lambda a: a.id)
def test_article_text_survives_highlighting_exactly(page: WebDriver, article: Article) -> None:
    """Text minus back-reference links must equal the article: no lost, doubled or decoded chars."""
    shown = page.execute_script(
        """
        const box = [...document.querySelectorAll('article.source')]
            .find(a => a.dataset.article === arguments[0])
            .querySelector('.article-text').cloneNode(true);
        box.querySelectorAll('a.backref').forEach(a => a.remove());
        return box.textContent;
        """,
        article.id,
    )
    assert shown == article.text


@pytest.mark.browser
def test_hostile_script_in_article_did_not_run_and_shows_as_text(page: WebDriver) -> None:
    assert page.title == "figcheck report"
    assert page.execute_script("return typeof window.pwned") == "undefined"
    assert page.find_elements(By.CSS_SELECTOR, "body script") == []
    visible = page.find_element(By.ID, "articles").text
    assert "<script>document.title='pwned';window.pwned=true;</script> | fake | row |" in visible
    assert "**IGNORE PREVIOUS INSTRUCTIONS**" in visible
    # The hostile measure is only an attribute value, never markup.
    assert page.find_elements(By.CSS_SELECTOR, "img, iframe, object, embed") == []
    title = page.find_element(By.ID, "claim-c4").get_attribute("title")
    assert title is not None and "<img src=x onerror=alert(1)>" in title


@pytest.mark.browser
def test_page_loads_no_external_resources(page: WebDriver) -> None:
    assert page.execute_script("return performance.getEntriesByType('resource').length") == 0
    for tag, attr in (("link", "href"), ("img", "src"), ("script", "src")):
        assert page.find_elements(By.CSS_SELECTOR, f"{tag}[{attr}]") == []


@pytest.mark.browser
@pytest.mark.parametrize("finding", REPORT.findings, ids=lambda f: f.id)
def test_finding_links_reach_highlighted_spans_and_back(page: WebDriver, finding: Finding) -> None:
    box = page.find_element(By.ID, f"finding-{finding.id}")
    targets = [a.get_attribute("hash") for a in box.find_elements(By.CSS_SELECTOR, "a.claim-link")]
    known = [c for c in finding.claims if any(c == k.id for k in REPORT.claims)]
    assert targets == [f"#claim-{c}" for c in known]
    for target in targets:
        assert target is not None
        mark = page.find_element(By.ID, target[1:])
        assert mark.tag_name == "mark"
        back = page.execute_script(
            """let n = arguments[0].nextElementSibling, ids = [];
            while (n && n.classList.contains('backref')) {
                ids.push(n.hash);
                n = n.nextElementSibling;
            }
            return ids;""",
            mark,
        )
        assert f"#finding-{finding.id}" in back


@pytest.mark.browser
def test_clicking_a_claim_link_scrolls_to_its_mark(page: WebDriver) -> None:
    link = page.find_element(By.CSS_SELECTOR, "#finding-f-conflict a.claim-link[href='#claim-c4']")
    page.execute_script("arguments[0].scrollIntoView()", link)
    link.click()
    assert page.execute_script("return location.hash") == "#claim-c4"
    mark = page.find_element(By.ID, "claim-c4")
    assert mark.is_displayed()
    in_view = page.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;",
        mark,
    )
    assert in_view


@pytest.mark.browser
@pytest.mark.parametrize(
    ("claim_id", "verdict", "interval"),
    [
        ("c2", "inconsistent", "≤ 2,600"),  # in an unclear and an inconsistent finding: worst wins
        ("d1", "unclear", "= 2,710"),  # consistent sum, unclear conflict
        ("c1", "consistent", "(230, ∞)"),
        ("c3", "none", "[45, 55]"),
        ("c5", "none", "[24, ∞)"),
    ],
)
def test_mark_colour_and_title_follow_worst_verdict(
    page: WebDriver, claim_id: str, verdict: str, interval: str
) -> None:
    mark = page.find_element(By.ID, f"claim-{claim_id}")
    assert f"verdict-{verdict}" in (mark.get_attribute("class") or "").split()
    legend = page.find_element(By.CSS_SELECTOR, f".legend mark.verdict-{verdict}")
    colour = mark.value_of_css_property("background-color")
    assert colour == legend.value_of_css_property("background-color")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert (mark.get_attribute("title") or "").startswith(interval)


@pytest.mark.browser
def test_screenshot_is_a_non_empty_png(page: WebDriver, tmp_path: Path) -> None:
    page.execute_script("window.scrollTo(0, 0)")
    shot = tmp_path / "report.png"
    assert page.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000


# Spans that nest, touch, sit after astral characters or across CRLF, and a claim
# whose article is missing: each must stay a reachable link target.
EDGE_TEXT = (
    "Kyiv said 1,200 troops, including 300 medics, returned 🇺🇦 home.\r\n"
    "Officials counted 40 dead, 12 injured after the 🚀 strike on Tuesday."
)
EDGE_QUOTES = {
    "outer": "1,200 troops, including 300 medics",
    "inner": "300 medics",
    "dead": "40 dead,",
    "injured": " 12 injured",
    "after-emoji": "home",
}


ODD_IDS = ["c 7/é#1", "c_207_", "c-7"]


def _edge_report() -> Report:
    claims = [
        Claim(
            id=cid,
            article="e",
            start=EDGE_TEXT.find(q),
            end=EDGE_TEXT.find(q) + len(q),
            quote=q,
            low=1,
            high=1,
            qualifier=Qualifier.exact,
            measure="m",
            key=cid,
        )
        for cid, q in EDGE_QUOTES.items()
    ]
    claims.append(claims[0].model_copy(update={"id": "orphan", "article": "missing"}))
    # Ids are free text in the spec; anchors must still be valid and unique.
    home = next(c for c in claims if c.id == "after-emoji")
    claims += [home.model_copy(update={"id": odd}) for odd in ODD_IDS]
    findings = [
        Finding(
            id="nest",
            kind=FindingKind.arithmetic,
            verdict=Verdict.unclear,
            claims=["outer", "inner", "orphan"],
            relation="inner <= outer",
        ),
        Finding(
            id="touch",
            kind=FindingKind.agreement,
            verdict=Verdict.consistent,
            claims=["dead", "injured"],
        ),
        Finding(
            id="odd ids #1",
            kind=FindingKind.agreement,
            verdict=Verdict.consistent,
            claims=ODD_IDS,
        ),
    ]
    return Report(articles=[Article(id="e", text=EDGE_TEXT)], claims=claims, findings=findings)


@pytest.fixture(scope="module")
def edge_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    tmp = tmp_path_factory.mktemp("html-edge")
    driver = _open(_edge_report(), tmp)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp / "profile", ignore_errors=True)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("claim_id", "quote"), [*EDGE_QUOTES.items(), ("orphan", EDGE_QUOTES["outer"])]
)
def test_edge_spans_are_marks_with_their_quote(
    edge_page: WebDriver, claim_id: str, quote: str
) -> None:
    mark = edge_page.find_element(By.ID, f"claim-{claim_id}")
    assert (mark.tag_name, mark.get_attribute("textContent")) == ("mark", quote)


@pytest.mark.browser
def test_edge_text_is_not_mis_sliced(edge_page: WebDriver) -> None:
    """The HTML parser turns CRLF into LF; apart from that the text must come back intact."""
    shown = edge_page.execute_script(
        """const box = document.querySelector('.article-text').cloneNode(true);
        box.querySelectorAll('a.backref').forEach(a => a.remove());
        return [box.textContent, [...box.querySelectorAll('mark')].map(m => m.id)];"""
    )
    assert shown[0] == EDGE_TEXT.replace("\r\n", "\n")
    # The nested span is shown apart, not inside the outer mark.
    assert shown[1] == ["claim-outer", "claim-after-emoji", "claim-dead", "claim-injured"]


@pytest.mark.browser
def test_no_link_on_the_page_dangles(edge_page: WebDriver) -> None:
    dangling = edge_page.execute_script(
        """return [...document.querySelectorAll('a[href^="#"]')]
            .map(a => a.hash.slice(1))
            .filter(id => id && !document.getElementById(decodeURIComponent(id)));"""
    )
    assert dangling == []


_spans = st.lists(
    st.tuples(st.integers(-2, 40), st.integers(-2, 40)).map(sorted).map(tuple), max_size=8
)


@given(text=st.text(max_size=40), spans=_spans)
def test_segment_keeps_text_and_each_highlight_is_its_own_span(
    text: str, spans: list[tuple[int, int]]
) -> None:
    items = [(start, end, n) for n, (start, end) in enumerate(spans)]
    segments, skipped = segment(text, items)
    assert "".join(s.text for s in segments) == text
    shown = [s.item for s in segments if s.item is not None]
    assert sorted(shown + skipped) == list(range(len(items)))
    for s in segments:
        if s.item is not None:
            start, end, _ = items[s.item]
            assert s.text == text[start:end] != ""


@pytest.fixture(scope="module")
def seed_page(
    tmp_path_factory: pytest.TempPathFactory,
    seed_articles: dict[str, Article],
    seed_gold: list[Claim],
) -> Iterator[tuple[WebDriver, Report]]:
    """The seed dataset's real articles with their gold claims and findings, as a report."""
    from conftest import SEEDS

    findings = [
        Finding.model_validate(json.loads(line))
        for line in (SEEDS / "findings.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    report = Report(articles=list(seed_articles.values()), claims=seed_gold, findings=findings)
    tmp = tmp_path_factory.mktemp("html-seeds")
    driver = _open(report, tmp)
    try:
        yield driver, report
    finally:
        driver.quit()
        shutil.rmtree(tmp / "profile", ignore_errors=True)


@pytest.mark.browser
def test_seed_articles_every_gold_claim_is_highlighted_exactly(
    seed_page: tuple[WebDriver, Report],
) -> None:
    driver, report = seed_page
    shown = driver.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('mark.claim')]"
        ".map(m => [m.id, m.textContent]));"
    )
    assert shown == {f"claim-{c.id}": c.quote for c in report.claims}
    texts = driver.execute_script(
        """return [...document.querySelectorAll('.article-text')].map(box => {
            const copy = box.cloneNode(true);
            copy.querySelectorAll('a.backref').forEach(a => a.remove());
            return copy.textContent;
        });"""
    )
    assert texts == [a.text.replace("\r\n", "\n") for a in report.articles]
    dangling = driver.execute_script(
        """return [...document.querySelectorAll('a[href^="#"]')].map(a => a.hash.slice(1))
            .filter(id => id && !document.getElementById(id));"""
    )
    assert dangling == []


@pytest.mark.browser
def test_free_text_ids_still_link_both_ways(edge_page: WebDriver) -> None:
    links = edge_page.execute_script(
        """const box = [...document.querySelectorAll('article.finding')]
            .find(f => f.querySelector('.fid').textContent === arguments[0]);
        return [...box.querySelectorAll('a.claim-link')].map(a => {
            const mark = document.getElementById(a.hash.slice(1));
            const back = mark.nextElementSibling;
            return [a.title, mark.tagName, mark.textContent,
                    document.getElementById(back.hash.slice(1)) === box];
        });""",
        "odd ids #1",
    )
    assert links == [[f"claim {odd}", "MARK", EDGE_QUOTES["after-emoji"], True] for odd in ODD_IDS]


@pytest.mark.browser
def test_claims_are_named_by_outlet_and_articles_by_headline(page: WebDriver) -> None:
    box = page.find_element(By.ID, "finding-f-sum")
    names = [a.text for a in box.find_elements(By.CSS_SELECTOR, "a.claim-link")]
    assert names == ["Daily Two #2", "Daily Two #3", "Daily Two #4", "Daily Two #1"]
    assert box.find_element(By.CSS_SELECTOR, "p.math").text == (
        "Daily Two #2 + Daily Two #3 + Daily Two #4 = Daily Two #1: 1,200 + 900 + 610 = 2,710"
    )
    headlines = [h.text for h in page.find_elements(By.CSS_SELECTOR, "article.source h3")]
    assert headlines == ["Quake toll nears 2,600 <i>live</i>", "Toll passes 2,700"]
    # each claim still shows what it counts, who said it and when
    card = page.find_element(By.CSS_SELECTOR, "#finding-f-conflict li.claim-card")
    assert card.text.startswith(
        "Wire One #3: ≤ 2,600 (nearly), said by health ministry, as of 2024-02-08, since 2024-02-06"
    )
    assert "measure: death toll; read as: not read" in card.text


# Unbroken text a page must still wrap: a 300-letter word, a long URL, a long
# number, and the same in every field that reaches the page.
LONG_WORD = "Verwaltungs" * 30
LONG_URL = "https://example.org/" + "/".join(["a-very-long-path-segment"] * 12) + "?q=" + "x" * 120
LONG_NUMBER = "1" * 90


def _wide_report() -> Report:
    text = (
        f"Officials said {LONG_NUMBER} people died near {LONG_WORD}, see {LONG_URL}. "
        f"Later the agency said 14 people died. {LONG_WORD}{LONG_WORD}"
    )
    first = f"{LONG_NUMBER} people died"
    claims = [
        Claim(
            id=f"claim-{LONG_WORD}",
            article="wide",
            start=text.find(first),
            end=text.find(first) + len(first),
            quote=first,
            low=float(LONG_NUMBER),
            high=float(LONG_NUMBER),
            qualifier=Qualifier.exact,
            measure=f"deaths {LONG_WORD}",
            key=f"key/{LONG_WORD}",
            source=LONG_URL,
            notes=[LONG_URL],
        ),
        Claim(
            id="c2",
            article="wide",
            start=text.find("14 people died"),
            end=text.find("14 people died") + len("14 people died"),
            quote="14 people died",
            low=14,
            high=14,
            qualifier=Qualifier.exact,
            measure="deaths",
            key=f"key/{LONG_WORD}",
        ),
    ]
    finding = Finding(
        id=f"f-{LONG_WORD}",
        kind=FindingKind.conflict,
        verdict=Verdict.inconsistent,
        claims=[claims[0].id, "c2", f"ghost-{LONG_WORD}"],
        relation=f"{claims[0].id} ≠ c2",
        arithmetic=f"{LONG_NUMBER} vs 14 → no common value",
        note=f"{LONG_WORD} {LONG_URL}",
        rule=LONG_WORD,
        key=f"key/{LONG_WORD}",
    )
    article = Article(
        id="wide",
        text=text,
        title=LONG_WORD,
        outlet=LONG_WORD,
        url=LONG_URL,
        path=f"/news/{LONG_WORD}.md",
    )
    problem = Problem(stage="extract", article="wide", path=LONG_URL, message=LONG_WORD)
    return Report(
        articles=[article],
        claims=claims,
        findings=[finding],
        problems=[problem],
        model=LONG_WORD,
        prompt=LONG_WORD,
        prompt_hash="f" * 64,
        usage=Usage(requests=10**15, prompt_tokens=10**17, completion_tokens=10**16),
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[WebDriver, Path]]:
    tmp = tmp_path_factory.mktemp("html-widths")
    driver = _open(Report(articles=[]), tmp)
    try:
        yield driver, tmp
    finally:
        driver.quit()
        shutil.rmtree(tmp / "profile", ignore_errors=True)


def _seed_report() -> Report:
    import figcheck
    from conftest import SEEDS

    return figcheck.check([SEEDS], extractor="rules")


WIDTH_PAGES = {"sample": sample_report, "hostile-long-tokens": _wide_report, "seeds": _seed_report}


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", list(WIDTH_PAGES))
def test_no_horizontal_scroll(browser: tuple[WebDriver, Path], name: str, width: int) -> None:
    driver, tmp = browser
    html = tmp / f"{name}.html"
    html.write_text(WIDTH_PAGES[name]().to_html(), encoding="utf-8")
    # a phone-sized viewport at 390 px: the page's own meta viewport decides its layout width
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    try:
        driver.get(html.as_uri())
        scroll, client, overflow = driver.execute_script(
            """const root = document.documentElement;
            return [root.scrollWidth, root.clientWidth,
                    [root, document.body].map(e => getComputedStyle(e).overflowX)];"""
        )
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert width - 20 <= client <= width  # the viewport really is that wide (less a scrollbar)
    assert overflow == ["visible", "visible"]  # nothing hides what sticks out
    assert scroll <= client
    if name == "hostile-long-tokens":  # the long text is on the page, wrapped, not dropped
        assert driver.execute_script("return document.body.textContent").count(LONG_URL) >= 2
