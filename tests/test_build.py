"""The real `mkdocs build --strict` on a temporary copy of the project."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import mkdocs_build

SECTION = "trang-thong-tin-dien-tu"

# (page, number shown, issuer shown, date shown, last sentence of the body)
SEEDS = [
    ("van-ban/2018/293-kh-stttt", "293/KH-STTTT", "Sở Thông tin và Truyền thông tỉnh Lạng Sơn",
     "ngày 27 tháng 3 năm 2018",
     "động viên toàn thể cán bộ, công chức, viên chức, người lao động tích cực hưởng ứng tham gia "
     "phong trào thi đua bảo đảm trật tự an toàn giao thông năm 2018./."),
    ("van-ban/2019/ubnd-lang-son-thi-dua-cao-diem-2019", "Chưa ghi số", "Ủy ban nhân dân tỉnh Lạng Sơn",
     "năm 2019",
     "đảm bảo quốc phòng - an ninh trên địa bàn toàn tỉnh./."),
    ("van-ban/2021/so-gtvt-lang-son-phat-dong-thi-dua-2021", "Chưa ghi số",
     "Sở Giao thông vận tải tỉnh Lạng Sơn", "năm 2021",
     "góp phần thực hiện thắng lợi các chỉ tiêu KT-XH của tỉnh năm 2021./."),
    ("van-ban/2023/173-pd-skhdt", "173/PD-SKHĐT", "Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn",
     "ngày 31 tháng 01 năm 2023",
     "góp phần tích cực vào việc thực hiện thắng lợi các mục tiêu phát triển kinh tế - xã hội bảo đảm "
     "quốc phòng, an ninh năm 2023./."),
    ("van-ban/2024/so-gtvt-kon-tum-phat-dong-thi-dua-2024", "Chưa ghi số",
     "Sở Giao thông vận tải tỉnh Kon Tum", "năm 2024",
     "quyết tâm phấn đấu thực hiện thắng lợi các mục tiêu, nhiệm vụ đề ra trong năm 2024./."),
]


def text_of(page: Path) -> str:
    """Visible text, whitespace collapsed, entities decoded."""
    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def panel_of(page: Path) -> str:
    raw = page.read_text(encoding="utf-8")
    match = re.search(r'<dl class="td-meta".*?</dl>', raw, flags=re.S)
    assert match, "metadata panel missing"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", match.group())))


@pytest.mark.parametrize("url, number, issuer, date, last", SEEDS, ids=[s[0].split("/")[-1] for s in SEEDS])
def test_seed_page_shows_metadata_and_whole_body(built_site, url, number, issuer, date, last):
    page = built_site / SECTION / url / "index.html"
    assert page.exists()
    panel = panel_of(page)
    assert f"Số ký hiệu {number}" in panel
    assert f"Cơ quan ban hành {issuer}" in panel
    assert date in panel
    text = text_of(page)
    assert last in text
    # The panel comes before the text.
    assert text.index("Số ký hiệu") < text.index(last)


def test_panel_has_every_cited_fact(built_site):
    page = built_site / SECTION / "van-ban/2019/ubnd-lang-son-thi-dua-cao-diem-2019/index.html"
    panel = panel_of(page)
    assert "Chủ đề 60 ngày đêm ra sức thi đua" in panel
    assert "Thời gian thi đua Từ ngày 19 tháng 8 năm 2019 đến ngày 19 tháng 10 năm 2019" in panel
    assert "Người ký Phạm Ngọc Thường, chủ tịch" in panel
    assert "Nơi nhận" in panel and "Hội đồng TĐKT Trung ương" in panel


def test_on_behalf_signature_and_successor(built_site):
    page = built_site / SECTION / "van-ban/2024/so-gtvt-kon-tum-phat-dong-thi-dua-2024/index.html"
    panel = panel_of(page)
    assert "Đàm Phúc Tuyên, phó giám đốc (KT. GIÁM ĐỐC)" in panel
    assert "nay là Sở Xây dựng tỉnh Quảng Ngãi" in panel
    assert "Kế hoạch (tên in trên văn bản: PHÁT ĐỘNG)" in panel


def test_footnote_rendered_as_footnote(built_site):
    raw = (built_site / SECTION / "van-ban/2023/173-pd-skhdt/index.html").read_text(encoding="utf-8")
    assert 'class="footnote"' in raw and "Theo Nghị quyết số 49-NQ/TU" in raw
    assert "bảo đảm quốc phòng" in raw


def test_heading_ids_keep_d(built_site):
    raw = (built_site / SECTION / "van-ban/2018/293-kh-stttt/index.html").read_text(encoding="utf-8")
    assert 'id="iii-noi-dung-phong-trao-thi-dua"' in raw


def test_section_home_lists_the_latest_campaigns_newest_first(built_site):
    # The home shows extracts; the "latest decrees" one holds every seed.
    text = text_of(built_site / SECTION / "index.html")
    text = text[text.index("Văn bản mới nhất"):]
    order = ["Phong trào thi đua năm 2024", "Phong trào thi đua thực hiện thắng lợi nhiệm vụ chính trị năm 2023",
             "Phong trào thi đua phấn đấu thực hiện thắng lợi nhiệm vụ chính trị được giao năm 2021",
             "Phong trào thi đua cao điểm", "Phát động phong trào thi đua tuyên truyền"]
    positions = [text.index(title) for title in order]
    assert positions == sorted(positions)
    assert "173/PD-SKHĐT · 31/1/2023 · Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn" in text


def test_nav_holds_sections_not_records(built_site):
    raw = (built_site / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', raw, flags=re.S).group()
    assert "Trang thông tin điện tử" in nav
    assert not re.search(r"van-ban/\d{4}/", nav)  # the archive's index is a section; records are not


def test_site_is_vietnamese_and_self_contained(built_site):
    for page in built_site.rglob("*.html"):
        raw = page.read_text(encoding="utf-8")
        if "http-equiv=\"refresh\"" not in raw:
            assert '<html lang="vi"' in raw, page
        # Anything the browser fetches by itself: src=, <link href=>, srcset. Plain <a> links are not requests.
        fetched = re.findall(r'\ssrc(?:set)?="((?:https?:)?//[^"]+)"', raw)
        fetched += [
            href for tag in re.findall(r"<link\b[^>]*>", raw)
            if not re.search(r'rel="(canonical|alternate)"', tag)
            for href in re.findall(r'\shref="((?:https?:)?//[^"]+)"', tag)
        ]
        assert not fetched, f"{page} loads from another host: {fetched}"
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"(?:url\(|@import\s)[\"']?(?:https?:)?//", text), css


def test_schema_published(built_site):
    assert (built_site / SECTION / "schema" / "record.schema.json").exists()


def test_broken_record_fails_build_with_path_and_line_and_no_site(project):
    record = project / "campaigns" / "2018" / "293-kh-stttt.md"
    text = record.read_text(encoding="utf-8").replace("issued: 2018-03-27", "issued: 2018-02-31")
    record.write_text(text, encoding="utf-8")
    line = text.split("\n").index("issued: 2018-02-31") + 1
    other = project / "campaigns" / "2023" / "173-pd-skhdt.md"
    other.write_text(other.read_text(encoding="utf-8").replace("issuer: so-khdt-lang-son", "issuer: so-khdt"),
                     encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"campaigns/2018/293-kh-stttt.md:{line}: issued:" in output
    assert "campaigns/2023/173-pd-skhdt.md:" in output and ": issuer:" in output  # all errors at once
    assert "Traceback" not in output
    assert not (project / "site").exists()


def test_redirect_from_keeps_old_url(project):
    record = project / "campaigns" / "2018" / "293-kh-stttt.md"
    text = record.read_text(encoding="utf-8").replace("\n---\n", "\nredirect_from: [ke-hoach-atgt-2018]\n---\n", 1)
    record.write_text(text, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    raw = (project / "site" / SECTION / "van-ban/2018/ke-hoach-atgt-2018/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../293-kh-stttt/"' in raw
