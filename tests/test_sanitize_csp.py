"""The two walls behind validation: the body sanitiser and the page's Content-Security-Policy."""
from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import material

from thidua import csp, sanitize
from thidua.validate import validate_project
from thidua.vntext import heading_slug

ROOT = Path(__file__).resolve().parent.parent
THEME = csp.theme_prefixes(Path(material.__file__).parent / "templates" / "partials" / "javascripts")


def _render(body: str) -> str:
    md = markdown.Markdown(extensions=["toc", "footnotes", "admonition", "tables"],
                           extension_configs={"toc": {"permalink": True, "slugify": heading_slug},
                                              "tables": {"use_align_attribute": True}})
    return md.convert(body)


def _same_document(a: str) -> str:
    # Ammonia writes entities as characters and void elements the HTML5 way; nothing else may differ.
    return re.sub(r"<(br|hr|img)([^>]*?)\s*/>", r"<\1\2>", html.unescape(a))


def test_every_bundled_decree_passes_the_sanitiser_unchanged():
    portal, problems = validate_project(ROOT)
    assert problems == []
    for campaign in portal.campaigns:
        rendered = _render(campaign.body)
        assert _same_document(sanitize.clean(rendered)) == _same_document(rendered), campaign.path


def test_the_sanitiser_removes_what_can_run_or_call_out():
    dirty = ('<p id="__config" onclick="x()" style="color:red">a</p><script>alert(1)</script>'
             '<img src="https://tracker.example/x.png" onerror="y()"><img src="anh.png" alt="ảnh">'
             '<a href="javascript:alert(1)">j</a><a href="https://vbpl.vn/">v</a><a href="#fn:1" class="footnote-ref x">1</a>'
             '<iframe src="/"></iframe><form action="/"><input></form><style>*{}</style><!-- c -->')
    clean = sanitize.clean(dirty)
    assert clean == ('<p>a</p><img><img src="anh.png" alt="ảnh"><a>j</a><a href="https://vbpl.vn/">v</a>'
                     '<a href="#fn:1" class="footnote-ref">1</a>')


def test_policy_hashes_the_theme_scripts_and_reports_foreign_code():
    theme_script = '__md_scope=new URL("../..",location)'
    page = (f'<html><head><meta charset="utf-8"><script>{theme_script}</script>'
            '<script type="application/ld+json">{"@type": "Thing"}</script></head>'
            '<body><p title="a onclick=b">text &lt;script&gt;</p></body></html>')
    out, foreign = csp.apply(page, THEME)
    assert foreign == []
    assert out.startswith('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')
    import base64, hashlib
    digest = base64.b64encode(hashlib.sha256(theme_script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in out
    _, foreign = csp.apply(page.replace("</body>", '<script>alert(1)</script><b onmouseover="x">'
                                                    '<a href=" jav&#x61;script:x">l</a></body>'), THEME)
    assert len(foreign) == 3, foreign
