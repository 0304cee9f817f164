"""Search at scale: synthetic decrees -> the real `mkdocs build` -> queries in headless Chromium.

    python bench/search_bench.py --records 10000

Generates N synthetic records in the real record format (campaigns/<year>/<slug>.md with YAML front
matter, fictional issuers appended to units.yml) from the vocabulary of the repository's own records,
builds a temporary copy of the project with the normal build (which runs the Pagefind step), serves
the site from 127.0.0.1 and types queries into the real search box. It prints medians of:

* first results: bytes downloaded (every request after the page has loaded, as served by a plain
  http.server: pagefind.js and its wasm uncompressed, index chunks and fragments as Pagefind
  writes them, from the page's Resource Timing entries) and time from typing until the first part
  of the list (metadata hits) is drawn; the first query of each round in a fresh browser context
  (empty cache), the others in the context that has already searched;
* the full-text part: bytes and time from the first part drawn until the decrees whose text holds
  the query are appended (or, for a query of only very common syllables, after the click it waits for).

The typing-to-result time includes the search box's 120 ms debounce. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import functools
import json
import http.server
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERBOSE = False
# Words found only in decrees' text, in no metadata: the search falls back to its full-text pass.
FULL_TEXT = "tai nạn giao thông"
# Two place syllables side by side, as the synthetic bodies write them ("Tại Khuổi Lào, …").
PLACE_QUERY = "Khuổi Lào"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
IGNORE = shutil.ignore_patterns(".git", "site", ".venv", "bench", "tests", "__pycache__",
                                ".pytest_cache", "*.egg-info", ".cache")

SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đàm Lương Nông Hà".split()
MIDDLE = "Văn Thị Công Quang Ngọc Hữu Đức Minh Thanh Xuân Hoàng Phúc Thu Kim Đình".split()
GIVEN = ("An Bình Cường Dũng Giang Hà Hải Hạnh Hòa Hùng Huy Khánh Lan Linh Long Mai Nam Nga Phong "
         "Phương Quân Quý Sơn Tâm Thảo Thắng Thủy Thuỷ Trang Trung Tuấn Tuyên Vĩ Vinh Vĩnh Yến").split()
PLACE_SYLLABLES = ("Nà Pàn Khuổi Lào Bản Cốc Pác Bó Tà Lùng Hữu Lũng Chi Lăng Na Sầm Thất Khê Bình Gia "
                   "Văn Quan Lộc Bình Đình Lập Cao Lộc Tràng Định Đồng Đăng Mẫu Sơn Hoàng Đồng Yên Trạch "
                   "Quỳnh Sơn Tân Thành Kỳ Lừa Điềm He Bắc Xa Khánh Long Hòa Bình Vân Nham").split()
FIELDS = [("Giao thông vận tải", "SGTVT"), ("Kế hoạch và Đầu tư", "SKHĐT"), ("Tài chính", "STC"),
          ("Nội vụ", "SNV"), ("Y tế", "SYT"), ("Giáo dục và Đào tạo", "SGDĐT"), ("Xây dựng", "SXD"),
          ("Công Thương", "SCT"), ("Tư pháp", "STP"), ("Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
          ("Thông tin và Truyền thông", "STTTT"), ("Khoa học và Công nghệ", "SKHCN")]
PROVINCES = ["Giả Định Một", "Giả Định Hai", "Giả Định Ba", "Giả Định Bốn", "Giả Định Năm"]
DOC_TYPES = [("KH", "kế hoạch", "KẾ HOẠCH"), ("PD", "phát động", "PHÁT ĐỘNG"),
             ("CT", "chỉ thị", "CHỈ THỊ"), ("QĐ", "quyết định", "QUYẾT ĐỊNH")]
TOPICS = ["an toàn giao thông", "chuyển đổi số", "cải cách hành chính", "nông thôn mới", "đầu tư công",
          "văn hóa công sở", "giảm nghèo bền vững", "phòng, chống tham nhũng", "y tế cơ sở",
          "giáo dục", "khoa học công nghệ", "du lịch", "môi trường", "thủy lợi", "OCOP"]
TITLES = ["Phát động phong trào thi đua {t} năm {y}", "Kế hoạch tổ chức phong trào thi đua {t} năm {y}",
          "Phong trào thi đua thực hiện thắng lợi nhiệm vụ {t} năm {y}",
          "Về việc đẩy mạnh phong trào thi đua {t} giai đoạn {y} - {y2}"]


def seed_vocabulary() -> tuple[list[str], list[str]]:
    """Paragraphs and section headings of the repository's own records."""
    paragraphs, headings = [], []
    for path in sorted((ROOT / "campaigns").glob("*/*.md")):
        body = path.read_text(encoding="utf-8").split("\n---", 1)[1].split("\n", 1)[1]
        for block in re.split(r"\n\s*\n", body):
            block = block.strip()
            if block.startswith("#"):
                headings.append(block.lstrip("# ").strip())
            elif block and not block.startswith("[^"):
                paragraphs.append(block)
    return paragraphs, headings


def units(rng: random.Random) -> list[dict]:
    out = []
    for p_index, province in enumerate(PROVINCES):
        pid = f"bench-ubnd-{p_index}"
        out.append({"id": pid, "name": f"Ủy ban nhân dân tỉnh {province}", "kind": "ubnd-tinh",
                    "province": province, "code": f"UBND{p_index}"})
        for f_index, (field, code) in enumerate(FIELDS):
            # Issuer codes differ between provinces so that numbers, hence URLs, never collide.
            out.append({"id": f"bench-so-{p_index}-{f_index}", "name": f"Sở {field} tỉnh {province}",
                        "kind": "so", "province": province, "code": f"{code}{p_index}", "parent": pid})
    return out


def units_yaml(items: list[dict]) -> str:
    lines = ["", "# --- search benchmark: fictional units ---"]
    for unit in items:
        lines.append(f"- id: {unit['id']}")
        for key in ("name", "kind", "province", "code", "parent"):
            if key in unit:
                lines.append(f"  {key}: \"{unit[key]}\"")
    return "\n".join(lines) + "\n"


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def place(rng: random.Random) -> str:
    return f"{rng.choice(PLACE_SYLLABLES)} {rng.choice(PLACE_SYLLABLES)}"


def record(i: int, rng: random.Random, unit: dict, number_seq: dict, paragraphs, headings) -> tuple[str, str, dict]:
    year = rng.randint(2015, 2025)
    code, doc_type, heading = rng.choice(DOC_TYPES)
    key = (unit["id"], year)
    number_seq[key] = number_seq.get(key, 0) + 1
    number = f"{number_seq[key]}/{code}-{unit['code']}"
    topics = rng.sample(TOPICS, 2)
    title = rng.choice(TITLES).format(t=topics[0], y=year, y2=year + 2)
    signer = person(rng)
    sections = []
    for s_index in range(rng.randint(3, 5)):
        sections.append(f"## {['I', 'II', 'III', 'IV', 'V'][s_index]}. {rng.choice(headings)}")
        for _ in range(rng.randint(2, 6)):
            text = rng.choice(paragraphs)
            # Names of people and places vary the vocabulary the way real decrees do.
            text += f" Tại {place(rng)}, đồng chí {person(rng)} chủ trì; xã {place(rng)} hưởng ứng."
            sections.append(text)
    front = "\n".join([
        "---",
        f"title: {quote(title)}",
        f"number: {quote(number)}",
        f"doc_type: {doc_type}",
        f"heading: {heading}",
        f"issuer: {unit['id']}",
        f"issued: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"place: {quote(unit['province'])}",
        f"theme: {quote('Thi đua ' + topics[1] + ', ' + place(rng))}",
        "signer:",
        f"  name: {quote(signer)}",
        "  position: GIÁM ĐỐC",
        "topics:",
        *[f"  - {quote(t)}" for t in topics],
        "---",
        "",
    ])
    slug = re.sub(r"[^a-z0-9]+", "-", _ascii(number).lower()).strip("-")
    return f"campaigns/{year}/{slug}.md", front + "\n\n".join(sections) + "\n", {
        "number": number, "signer": signer, "title": title, "year": year, "slug": slug}


def _ascii(text: str) -> str:
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def generate(project: Path, count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    paragraphs, headings = seed_vocabulary()
    unit_list = units(rng)
    with open(project / "campaigns" / "units.yml", "a", encoding="utf-8") as fh:
        fh.write(units_yaml(unit_list))
    number_seq: dict = {}
    made = []
    for i in range(count):
        path, text, info = record(i, rng, rng.choice(unit_list), number_seq, paragraphs, headings)
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        made.append(info)
    return made


def build(project: Path) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("build failed:\n" + proc.stdout[-3000:] + proc.stderr[-3000:])
    return time.perf_counter() - started, proc.stdout + proc.stderr


def serve(site: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


WAIT = """q => { const root = document.querySelector('[data-thidua-search]');
                 return root.dataset.thiduaState === 'done' && root.dataset.thiduaQuery === q; }"""

# Installed in the page before each query: the moments (epoch ms) the search box reports its first
# part drawn ("first") and everything drawn ("done"). Each mutation record's oldValue gives the
# states in order, even when "first" lasts no longer than one task. Pagefind fetches from a worker,
# out of the page's Resource Timing, so sizes come from Playwright's network events, split at these
# moments by each response's end.
WATCH = """() => {
  const root = document.querySelector('[data-thidua-search]');
  window.__marks = {};
  if (window.__watch) window.__watch.disconnect();
  window.__watch = new MutationObserver(records => {
    const now = Date.now();
    records.forEach((record, i) => {
      const value = i + 1 < records.length ? records[i + 1].oldValue : root.dataset.thiduaState;
      if ((value === 'first' || value === 'done') && !window.__marks.first) window.__marks.first = now;
      if (value === 'done') window.__marks.done = now;
    });
  });
  window.__watch.observe(root, { attributes: true, attributeFilter: ['data-thidua-state'], attributeOldValue: true });
  return Date.now();
}"""


@dataclass
class Measured:
    query: str
    kind: str
    first_bytes: int  # typing -> first part (metadata hits) drawn
    first_ms: float  # includes the box's 120 ms debounce
    full_bytes: int  # first part drawn -> full-text part drawn
    full_ms: float
    first_result: str
    deferred: bool = False  # the full-text part waited for a click (common words only)


def measure(browser, base: str, start_path: str, queries: list[tuple[str, str]]) -> list[Measured]:
    """Each query in turn, all in one fresh context: the first one is cold."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + start_path)
    page.wait_for_load_state("networkidle")
    received: list[tuple[float, int]] = []  # (response end, epoch ms; bytes)

    def finished(request):
        sizes, timing = request.sizes(), request.timing
        received.append((timing["startTime"] + max(timing["responseEnd"], 0),
                         sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    page.on("requestfinished", finished)

    def split(started: float, marks: dict) -> tuple[int, int]:
        first = sum(size for end, size in received if started <= end <= marks["first"])
        full = sum(size for end, size in received if marks["first"] < end <= marks["done"])
        return first, full

    out = []
    for kind, query in queries:
        query = query.strip()
        page.keyboard.press("/")
        page.fill(".md-search__input", "")
        page.wait_for_function("() => !document.querySelector('[data-thidua-search]').dataset.thiduaState")
        page.wait_for_timeout(200)  # stragglers of the previous query land before this one starts
        received.clear()
        started = page.evaluate(WATCH)
        page.fill(".md-search__input", query)
        page.wait_for_function(WAIT, arg=query, timeout=60000)
        page.wait_for_timeout(300)  # network events arrive after the page has drawn
        marks = page.evaluate("window.__marks")
        first_bytes, full_bytes = split(started, marks)
        first = page.eval_on_selector(".md-search-result__link", "a => a.getAttribute('href')") \
            if page.locator(".md-search-result__link").count() else "-"
        deferred = page.is_visible("[data-thidua-more]") and "toàn văn" in page.inner_text("[data-thidua-more]")
        row = Measured(query, kind, first_bytes, marks["first"] - started, full_bytes,
                       marks["done"] - marks["first"], first, deferred)
        if deferred:
            # Only very common syllables: the full-text part waits for the reader's click.
            received.clear()
            started = page.evaluate(WATCH)
            page.evaluate("document.querySelector('[data-thidua-search]').removeAttribute('data-thidua-state')")
            page.click("[data-thidua-more]")
            page.wait_for_function(WAIT, arg=query, timeout=60000)
            page.wait_for_timeout(300)
            marks = page.evaluate("window.__marks")
            row.full_bytes = sum(size for end, size in received if started <= end <= marks["done"])
            row.full_ms = marks["done"] - started
        if VERBOSE:
            print(f"  {kind:8} {query[:40]!r}: first {row.first_bytes / 1000:.0f} KB {row.first_ms:.0f} ms; "
                  f"full text +{row.full_bytes / 1000:.0f} KB {row.full_ms:.0f} ms{' (clicked)' if deferred else ''}; "
                  f"first result {first}", flush=True)
        out.append(row)
        page.keyboard.press("Escape")
    context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5, help="fresh browser contexts (cold first queries)")
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temp dir)")
    parser.add_argument("--reuse", action="store_true", help="with --keep: measure the site built there before")
    parser.add_argument("--verbose", action="store_true", help="print every query")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.verbose

    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} missing: apt-get update && apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    tmp = None
    if args.keep:
        project = args.keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="thidua-bench-")
        project = Path(tmp.name)
    if args.reuse and (project / "site").is_dir():
        made = json.loads((project / "bench-records.json").read_text(encoding="utf-8"))
        seconds, log = float("nan"), (project / "bench-build.log").read_text(encoding="utf-8")
        # The search box's own files as they are now, so a change to them needs no rebuild.
        for name in ("search.js", "search.css"):
            shutil.copy2(ROOT / "overrides" / "assets" / "thidua" / name, project / "site" / "assets" / "thidua" / name)
    else:
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(ROOT, project, ignore=IGNORE, dirs_exist_ok=True)
        made = generate(project, args.records, args.seed)
        seconds, log = build(project)
        (project / "bench-records.json").write_text(json.dumps(made), encoding="utf-8")
        (project / "bench-build.log").write_text(log, encoding="utf-8")
    indexed = re.search(r"search: (\d+) pages indexed in ([\d.]+) s", log)
    site = project / "site"
    bundle = site / "pagefind"
    bundle_bytes = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    rng = random.Random(args.seed + 1)
    picks = rng.sample(made, args.rounds * 2)
    httpd = serve(site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    rows: list[Measured] = []
    cold: list[Measured] = []
    hits = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for r in range(args.rounds):
            a, b = picks[2 * r], picks[2 * r + 1]
            queries = [("number", a["number"]), ("signer", _ascii(b["signer"]).lower()),
                       ("topic", "an toan giao thong"), ("title", b["title"][:40]), ("year", "2019"),
                       ("place", PLACE_QUERY), ("common", FULL_TEXT)]
            start = f"/trang-thong-tin-dien-tu/van-ban/{a['year']}/{a['slug']}/"
            results = measure(browser, base, start, queries)
            cold.append(results[0])
            rows.extend(results)
            # A number recurs every year (it is unique per issuer and year): any decree bearing it is a right answer.
            ok = results[0].first_result.endswith(f"/{a['slug']}/")
            hits += ok
            if not ok:
                print(f"  number {a['number']!r} ({a['year']}): first result {results[0].first_result}")
        browser.close()
    httpd.shutdown()

    def med(values):
        return statistics.median(values)

    def kb(values):
        return f"{med(values) / 1000:.0f} KB"

    print(f"records: {args.records} synthetic + repository records; pages indexed: "
          f"{indexed.group(1) if indexed else '?'}")
    print(f"build (mkdocs build --strict, search step included): {seconds:.1f} s; "
          f"Pagefind step: {indexed.group(2) if indexed else '?'} s")
    print(f"search bundle on disk: {bundle_bytes / 1e6:.1f} MB in {sum(1 for _ in bundle.rglob('*'))} files")
    print(f"cold first query (fresh context, n={len(cold)}): first results {kb([m.first_bytes for m in cold])}, "
          f"{med([m.first_ms for m in cold]):.0f} ms; full-text part +{kb([m.full_bytes for m in cold])}")
    print(f"all queries (n={len(rows)}), medians: first results {kb([m.first_bytes for m in rows])}, "
          f"{med([m.first_ms for m in rows]):.0f} ms; full-text part +{kb([m.full_bytes for m in rows])}, "
          f"{med([m.full_ms for m in rows]):.0f} ms   [budget: ≤ 500 KB and ≤ 1 s; ≤ 500 KB more]")
    print("by kind of query (medians; the first query of each round is cold):")
    for kind in dict.fromkeys(m.kind for m in rows):
        of = [m for m in rows if m.kind == kind]
        clicked = sum(m.deferred for m in of)
        print(f"  {kind:7} n={len(of)}: first {kb([m.first_bytes for m in of])} {med([m.first_ms for m in of]):.0f} ms"
              f" (max {max(m.first_bytes for m in of) / 1000:.0f} KB {max(m.first_ms for m in of):.0f} ms);"
              f" full text +{kb([m.full_bytes for m in of])} {med([m.full_ms for m in of]):.0f} ms"
              f" (max +{max(m.full_bytes for m in of) / 1000:.0f} KB)"
              + (f"; waited for a click {clicked}/{len(of)}" if clicked else ""))
    print(f"number query put its decree first: {hits}/{len(cold)}")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
