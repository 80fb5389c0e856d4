"""Markdown templates, CSS inlining, embedded images, per-recipient attachments, and
"did you mean": each converted once per template and rendered per recipient by Jinja."""

from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path

import pytest

from core.campaigns import (
    CampaignComposer,
    DraftSettings,
    PreflightFailed,
    save_draft,
    start_campaign,
)
from core.content.body import compile_body
from core.content.images import LARGE_IMAGE_BYTES, embed_images
from core.content.inline_css import inline_css
from core.content.markdown import markdown_to_html, markdown_to_text
from core.content.suggest import did_you_mean
from core.errors import InvalidValue, TemplateProblem
from core.importer import import_contacts
from core.models import Campaign, Template
from core.profiles import ProfileSettings, save_profile
from core.rendering import HTML_ENV, TEXT_ENV
from core.templates import save_template

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
    b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def render_html(template: str, **values: object) -> str:
    return HTML_ENV.from_string(template).render(**values)


def render_text(template: str, **values: object) -> str:
    return TEXT_ENV.from_string(template).render(**values)


# --- Markdown ----------------------------------------------------------------------------


def test_markdown_values_stay_text_whatever_they_contain():
    html = markdown_to_html("# Hello {{ name }}\n\nYour code is **{{ code }}**.\n")
    out = render_html(html, name="*Zoë* <b>x</b> [a](javascript:alert(1))", code="_c_")
    assert "<h1>Hello *Zoë* &lt;b&gt;x&lt;/b&gt; [a](javascript:alert(1))</h1>" in out
    assert "<strong>_c_</strong>" in out
    assert "<em>" not in out and "<b>" not in out and 'href="javascript' not in out


def test_markdown_is_placed_in_a_responsive_email_layout():
    html = markdown_to_html("Hi")
    assert "<p>Hi</p>" in html
    assert 'name="viewport"' in html and "max-width: 600px" in html
    assert 'role="presentation"' in html and "@media only screen and (max-width: 620px)" in html


def test_markdown_links_and_statement_lines_keep_their_jinja():
    source = (
        "Hi {{ first_name }},\n"
        "{% if plan == 'gold' %}\n"
        "You are **gold** ({{ 3 > 2 }}).\n"
        "{% endif %}\n\n"
        "[Unsubscribe]({{ unsubscribe_url }})\n"
    )
    html = markdown_to_html(source)
    assert '<a href="{{ unsubscribe_url }}">Unsubscribe</a>' in html
    gold = render_html(
        html, first_name="Ann", plan="gold", unsubscribe_url="https://u.example/?a=1&b=2"
    )
    plain = render_html(html, first_name="Ann", plan="", unsubscribe_url="https://u")
    assert "<strong>gold</strong> (True)" in gold
    assert 'href="https://u.example/?a=1&amp;b=2"' in gold
    assert "gold" not in plain and "<p></p>" not in plain
    assert "<p>Hi Ann,</p>" in plain  # the {% if %} line is not glued to the greeting


def test_text_part_from_markdown_reads_well():
    source = (
        "# Big news\n\nHello **{{ name }}**, see [our shop](https://shop.example/?c={{ code }}).\n\n"
        "{% if vip %}\nA gift for you.\n{% endif %}\n\n"
        "- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n![Logo](logo.png)\n\n"
        "<style>p { color: red }</style>\n\n---\n\n[Unsubscribe]({{ unsubscribe_url }})\n"
    )
    text = render_text(markdown_to_text(source), name="Ann *x*", code="A1", vip=False,
                       unsubscribe_url="https://u.example/x")  # fmt: skip
    assert text.startswith(
        "Big news\n========\n\nHello Ann *x*, see our shop <https://shop.example/?c=A1>."
    )
    assert "gift" not in text and "\n\n\n" not in text
    assert "- one\n- two" in text and "1. first\n2. second" in text and "> quoted" in text
    assert "Logo" in text and "color" not in text and "**" not in text
    assert text.rstrip().endswith("Unsubscribe <https://u.example/x>")
    vip = render_text(markdown_to_text(source), name="A", code="1", vip=True, unsubscribe_url="u")
    assert "\n\nA gift for you.\n\n- one" in vip


def test_a_markdown_syntax_error_names_its_line():
    with pytest.raises(TemplateProblem, match="Line 3 of the Markdown"):
        compile_body(body_format="markdown", body="a\n\n{{ oops }\n")


# --- CSS inlining ------------------------------------------------------------------------


def test_style_blocks_and_a_css_file_become_style_attributes_media_queries_stay():
    html = (
        "<html><head><style>p { color: red } @media (max-width: 600px) { p { color: blue } }"
        "</style></head><body><p class='x'>Hi {{ name }}</p><p style='margin: 0'>b</p></body></html>"
    )
    out = inline_css(html, ".x { font-weight: bold }").html
    assert '<p class="x" style="color: red;font-weight: bold;">Hi {{ name }}</p>' in out
    assert "@media (max-width: 600px)" in out and "<style>" in out
    assert "margin: 0" in out


def test_inlining_keeps_jinja_tags_in_text_tables_attributes_and_tags():
    html = (
        "<style>td { padding: 2px }</style><table>{% for row in rows %}<tr "
        "{% if loop.index is even %}class='alt'{% endif %}><td title=\"{{ row|upper }}\">"
        "{{ row }} {% if row|length > 1 %}long{% endif %}</td></tr>{% endfor %}</table>"
    )
    out = inline_css(html).html
    assert not inline_css(html).warnings
    rendered = render_html(out, rows=["a", "bb"])
    assert rendered.count('style="padding: 2px;"') == 2
    assert 'title="BB"' in rendered and "bb long" in rendered and "a </td>" in rendered
    assert (
        rendered.count("<tr") == 2 and "class='alt'" not in rendered and 'class="alt"' in rendered
    )


def test_templates_without_styles_are_left_exactly_as_written():
    html = "<p>Hi {{ name }} {% if a > b %}x{% endif %}</p>"
    assert inline_css(html).html is html


# --- images ------------------------------------------------------------------------------


def test_local_images_get_a_content_id_remote_ones_stay(tmp_path: Path):
    (tmp_path / "logo.png").write_bytes(PNG)
    html = (
        '<img src="logo.png" alt="a"><img src=\'logo.png\'><img src="https://cdn.example/x.png">'
        '<img src="{{ photo }}"><img src="cid:given">'
    )
    embedded = embed_images(html, str(tmp_path))
    assert len(embedded.images) == 1 and embedded.images[0].data == PNG
    cid = embedded.images[0].cid
    assert embedded.html.count(f'"cid:{cid}"') == 2
    assert (
        'src="https://cdn.example/x.png"' in embedded.html and 'src="{{ photo }}"' in embedded.html
    )


def test_missing_and_huge_images(tmp_path: Path):
    with pytest.raises(TemplateProblem, match=r"The image pics/nope.png does not exist"):
        embed_images('<img src="pics/nope.png">', str(tmp_path))
    with pytest.raises(TemplateProblem, match="relative to the template's folder"):
        embed_images('<img src="logo.png">', None)
    (tmp_path / "big.png").write_bytes(PNG + b"\0" * LARGE_IMAGE_BYTES)
    embedded = embed_images('<img src="big.png">', str(tmp_path))
    assert "big.png is 1.0 MB" in embedded.warnings[0]


# --- did you mean ------------------------------------------------------------------------


def test_did_you_mean():
    known = ["email", "name", "first_name", "city", "unsubscribe_url"]
    assert did_you_mean("frist_name", known) == "first_name"
    assert did_you_mean("First_Name", known) == "first_name"
    assert did_you_mean("zzz", known) is None


# --- campaigns ---------------------------------------------------------------------------


CONTACTS = (
    "email,first_name,customer_id\n"
    "ann@example.com,Ann <b>*,C-1\n"
    "bob@example.com,Bob,C-2\n"
    "eve@example.com,Eve,../../../etc/passwd\n"
    "max@example.com,Max,C-404\n"
)


def campaign_with_attachments(tmp_path: Path, contacts: str = CONTACTS) -> Campaign:
    (tmp_path / "c.csv").write_text(contacts)
    import_contacts(tmp_path / "c.csv", "L")
    invoices = tmp_path / "invoices"
    invoices.mkdir()
    for customer in ("C-1", "C-2"):
        (invoices / f"{customer}.pdf").write_bytes(b"%PDF-1.4 " + customer.encode())
    (tmp_path / "logo.png").write_bytes(PNG)
    (tmp_path / "common.txt").write_text("terms")
    save_template(
        "T", subject="Hi {{ first_name }}", base_dir=str(tmp_path), css="h1 { color: #123456 }",
        markdown="<style>p { margin: 0 }</style>\n\n![Logo](logo.png)\n\n# Hi {{ first_name }}\n\n"
        "[Unsubscribe]({{ unsubscribe_url }})\n",
    )  # fmt: skip
    save_profile("P", ProfileSettings(host="127.0.0.1", port=2525, security="none"))
    return save_draft("C", DraftSettings(
        "L", "T", "P", "Shop <shop@example.com>",
        attachments=[str(tmp_path / "common.txt"), str(invoices) + "/{{ customer_id }}.pdf"],
    ))  # fmt: skip


def test_preflight_lists_every_recipient_whose_file_is_missing_and_queues_nothing(
    db, tmp_path: Path
):
    campaign = campaign_with_attachments(tmp_path)
    with pytest.raises(PreflightFailed) as failed:
        start_campaign(campaign)
    problems = {p.email: p.message for p in failed.value.report.errors}
    assert set(problems) == {"eve@example.com", "max@example.com"}
    assert "cannot be part of a file name" in problems["eve@example.com"]
    assert f"{tmp_path}/invoices/C-404.pdf does not exist" in problems["max@example.com"]
    assert Campaign.get_by_id(campaign.id).frozen_html is None


def test_each_recipient_gets_their_own_file_images_and_inlined_styles(db, tmp_path: Path):
    good = "\n".join(CONTACTS.splitlines()[:3]) + "\n"
    campaign = campaign_with_attachments(tmp_path, good)
    result = start_campaign(campaign)
    assert result.queued == 2
    frozen = Campaign.get_by_id(campaign.id)
    assert (
        "cid:img1." in frozen.frozen_html
        and 'color: #123456;">Hi {{ first_name }}</h1>' in frozen.frozen_html
    )
    (tmp_path / "logo.png").unlink()  # frozen at start: the running campaign has its copy
    composer = CampaignComposer.for_campaign(frozen)
    assert composer.reads_files
    snapshot = {
        "email": "ann@example.com",
        "name": None,
        "fields": {"first_name": "Ann <b>*", "customer_id": "C-1"},
    }
    raw = composer.build_for(snapshot, to_address="ann@example.com", message_id="<1@example.com>")
    message = email.message_from_bytes(raw, policy=policy.default)
    assert [p.get_content_type() for p in message.walk()] == [
        "multipart/mixed", "multipart/alternative", "text/plain", "multipart/related",
        "text/html", "image/png", "text/plain", "application/pdf",
    ]  # fmt: skip
    parts = {p.get_content_type(): p for p in message.walk()}
    html = parts["text/html"].get_content()
    cid = parts["image/png"]["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html and parts["image/png"].get_content() == PNG
    assert "Hi Ann &lt;b&gt;*</h1>" in html and "<style>" not in html.split("</head>")[1]
    assert 'style="margin: 0;"' in html
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert (
        text.startswith("Logo\n\nHi Ann <b>*\n===")
        and "Unsubscribe <mailto:shop@example.com" in text
    )
    attachments = [(p.get_filename(), p.get_content()) for p in message.iter_attachments()]
    assert (attachments[0][0], attachments[1]) == ("common.txt", ("C-1.pdf", b"%PDF-1.4 C-1"))


def test_a_file_deleted_after_start_holds_only_that_message(db, tmp_path: Path):
    campaign = campaign_with_attachments(tmp_path, "\n".join(CONTACTS.splitlines()[:3]) + "\n")
    start_campaign(campaign)
    (tmp_path / "invoices" / "C-2.pdf").unlink()
    composer = CampaignComposer.for_campaign(Campaign.get_by_id(campaign.id))
    bob = {
        "email": "bob@example.com",
        "name": None,
        "fields": {"customer_id": "C-2", "first_name": "B"},
    }
    with pytest.raises(TemplateProblem, match=r"C-2\.pdf does not exist"):
        composer.build_for(bob, to_address="bob@example.com", message_id="<2@example.com>")


def test_attachment_paths_are_checked_when_the_draft_is_saved(db, tmp_path: Path, monkeypatch):
    campaign_with_attachments(tmp_path)
    with pytest.raises(TemplateProblem, match="attachment path"):
        save_draft(
            "D", DraftSettings("L", "T", "P", "s@example.com", attachments=["x/{{ id }.pdf"])
        )
    monkeypatch.chdir(tmp_path)
    draft = save_draft(
        "D",
        DraftSettings(
            "L", "T", "P", "s@example.com", attachments=["invoices/{{ customer_id }}.pdf"]
        ),
    )
    assert draft.attachment_paths == [str(tmp_path / "invoices") + "/{{ customer_id }}.pdf"]
    with pytest.raises(InvalidValue, match="Cannot read the attachment"):
        save_draft("E", DraftSettings("L", "T", "P", "s@example.com", attachments=["nope.pdf"]))


def test_a_template_with_a_missing_image_is_refused_when_saved(db, tmp_path: Path):
    with pytest.raises(TemplateProblem, match=r"logo\.png does not exist"):
        save_template("T", subject="s", markdown="![x](logo.png)", base_dir=str(tmp_path))
    assert not Template.select().exists()


def test_cli_template_add_markdown_css(tmp_path: Path, isolated_data_dir: Path):
    from tests.core.test_cli_engine import Cli

    cli = Cli(tmp_path, isolated_data_dir)
    (tmp_path / "n.md").write_text("# Hi {{ name }}\n\n![l](logo.png)\n")
    (tmp_path / "logo.png").write_bytes(PNG)
    (tmp_path / "s.css").write_text("h1 { color: red }")
    out = cli.json("template", "add", "N", "--subject", "s", "--markdown", str(tmp_path / "n.md"),
                   "--css", str(tmp_path / "s.css"))  # fmt: skip
    assert out["format"] == "markdown"
    listed = json.loads(cli("template", "list", "--json").stdout)
    assert listed == [{"name": "N", "subject": "s", "format": "markdown"}]
    both = cli("template", "add", "X", "--subject", "s", "--markdown", "a", "--html", "b", ok=False)
    assert both.returncode == 2
    (tmp_path / "m.md").write_text("![l](missing.png)")
    missing = cli(
        "template", "add", "M", "--subject", "s", "--markdown", str(tmp_path / "m.md"), ok=False
    )
    assert missing.returncode == 1 and "missing.png does not exist" in missing.stderr


def test_an_undefined_variable_suggests_the_closest_column(db, tmp_path: Path):
    (tmp_path / "c.csv").write_text("email,First Name\nann@example.com,Ann\n")
    import_contacts(tmp_path / "c.csv", "L")
    save_template("T", subject="s", markdown="Hi {{ frist_name }}")
    save_profile("P", ProfileSettings(host="127.0.0.1", port=2525, security="none"))
    campaign = save_draft("C", DraftSettings("L", "T", "P", "s@example.com"))
    with pytest.raises(PreflightFailed) as failed:
        start_campaign(campaign)
    assert "{{ frist_name }} in the Markdown is not defined" in failed.value.report.errors[0].message
    composer = CampaignComposer.for_draft(campaign)
    with pytest.raises(TemplateProblem) as problem:
        composer.render({"email": "ann@example.com", "name": None, "fields": {"First Name": "Ann"}})
    assert problem.value.hint == "Did you mean {{ first_name }}?"


def test_replace_variable_only_inside_tags():
    from core.content.suggest import replace_variable

    source = 'Hi {{ frist_name }} frist_name {% if frist_name %}{{ x.frist_name }}{% endif %} {# frist_name #}'
    assert replace_variable(source, "frist_name", "first_name") == (
        "Hi {{ first_name }} frist_name {% if first_name %}{{ x.frist_name }}{% endif %} {# frist_name #}"
    )


def test_statement_lines_inside_fenced_code_stay_in_the_code_block():
    html = markdown_to_html("```\n{% if a %}\nx\n{% endif %}\n```\n")
    assert "<pre><code>{% if a %}\nx\n{% endif %}\n</code></pre>" in html
