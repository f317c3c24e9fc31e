from common.markdown import render_markdown


def test_markdown_renders_lists_and_headings() -> None:
    html = render_markdown("### Windows10\n\n- Drift\n- Sterilteknik")
    assert "<h3>Windows10</h3>" in html
    assert "<li>Drift</li>" in html


def test_markdown_strips_scripts_and_event_handlers() -> None:
    html = render_markdown('Hej <script>alert(1)</script><img src=x onerror="alert(2)">')
    assert "<script" not in html
    assert "onerror" not in html
    assert "<img" not in html


def test_markdown_refuses_javascript_links() -> None:
    html = render_markdown("[klick](javascript:alert(1))")
    assert "javascript:" not in html
