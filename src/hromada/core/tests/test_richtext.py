"""The rich-text sanitiser: Markdown renders, the allow-list holds, and none of the classic XSS vectors (script,
event handlers, javascript:/data:/vbscript: URLs, style, SVG, iframes, encodings) survives in any form."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from hromada.core import richtext

# Written for this project after the kinds of vector in the OWASP XSS filter-evasion cheat sheet.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//attacker.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    "<img src=x OnErRoR=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<img src=JaVaScRiPt:alert(1)>",
    '<img src="jav&#x09;ascript:alert(1)">',
    '<img src="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">',
    '<a href="javascript:alert(1)">link</a>',
    '<a href=" &#14; javascript:alert(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="https://attacker.example"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width:expression(alert(1))">x</p>',
    "<style>@import 'https://attacker.example/x.css';</style>",
    '<link rel="stylesheet" href="https://attacker.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<details open ontoggle=alert(1)>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<a href="#" onclick="alert(1)" onmouseover=alert(1)>x</a>',
    "<p onmouseover=alert(1)>hover</p>",
    "<<script>alert(1);//<</script>",
    '<img """><script>alert(1)</script>">',
    "<!--<script>alert(1)</script>-->",
    "<base href=javascript:alert(1)//>",
    '<a href="  JAVASCRIPT:alert(1)">x</a>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
]
DANGEROUS_ATTRIBUTES = {"style", "class", "id", "background", "action", "formaction", "srcdoc"}
DANGEROUS_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "link", "meta", "base", "form",
                  "input", "button", "body", "details", "template"}


class _Collect(HTMLParser):
    """The elements and attributes a browser would build from the output."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collect()
    parser.feed(html)
    parser.close()
    return parser.tags


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_executable_survives(payload):
    html = richtext.render(payload)
    for tag, attrs in _elements(html):
        assert tag in richtext.TAGS and tag not in DANGEROUS_TAGS, (payload, html)
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in DANGEROUS_ATTRIBUTES, (payload, html)
            if name in ("href", "src", "cite"):
                scheme = (value or "").strip().lower().split(":", 1)[0] if ":" in (value or "") else ""
                assert scheme in ("", "http", "https", "mailto", "tel"), (payload, html)
    assert "<script" not in html.lower() and "javascript:" not in html.lower(), html


def test_markdown_renders_into_the_allow_list():
    html = richtext.render("## Засідання\n\n**Важливо**: прийом у *понеділок*.\n\n- один\n- два\n\n"
                           "| день | години |\n| --- | --- |\n| пн | 9–13 |\n\n> цитата")
    assert "<h2>Засідання</h2>" in html and "<strong>Важливо</strong>" in html and "<em>понеділок</em>" in html
    assert "<ul>" in html and "<li>один</li>" in html and "<table>" in html and "<blockquote>" in html


def test_links_get_nofollow_noopener_and_images_keep_their_alt():
    html = richtext.render('[Рада](https://rada.example.ua/) ![Герб](https://rada.example.ua/arms.png "герб")')
    assert '<a href="https://rada.example.ua/" rel="nofollow noopener">Рада</a>' in html
    assert 'alt="Герб"' in html and 'src="https://rada.example.ua/arms.png"' in html


def test_allowed_inline_html_is_kept_and_the_rest_unwrapped():
    html = richtext.render('<p>Text <abbr title="Центр надання адміністративних послуг">ЦНАП</abbr> '
                           '<span class="x">kept words</span></p>')
    assert '<abbr title="Центр надання адміністративних послуг">ЦНАП</abbr>' in html
    assert "kept words" in html and "<span" not in html and "class=" not in html


def test_script_content_is_removed_with_the_tag_and_text_is_escaped():
    assert richtext.render("<script>alert('x')</script>Після") == "<p>Після</p>"
    assert richtext.render("1 < 2 & 3 > 2") == "<p>1 &lt; 2 &amp; 3 &gt; 2</p>"


def test_rich_text_keeps_the_source_and_plain_text_cuts_at_a_word():
    text = richtext.rich_text("  **Нова** дорога на вулиці Шевченка  ")
    assert text.source == "**Нова** дорога на вулиці Шевченка"
    assert text.html == "<p><strong>Нова</strong> дорога на вулиці Шевченка</p>"
    assert richtext.plain_text(text.html) == "Нова дорога на вулиці Шевченка"
    assert richtext.plain_text(text.html, limit=16) == "Нова дорога на…"
    assert richtext.plain_text("<p>A &amp; B</p>") == "A & B"
