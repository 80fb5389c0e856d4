"""Sandboxed, strict, capped rendering."""

from __future__ import annotations

import pytest

from core.errors import TemplateProblem
from core.rendering import (
    compile_part,
    derive_text_template,
    html_to_text,
    render_part,
    safe_identifier,
    template_variables,
)


def render(source: str, html: bool = True, **fields: str) -> str:
    variables = template_variables(email="zoe@example.com", name="Zoë", fields=fields)
    return render_part(
        compile_part(source, label="HTML", html=html), variables, recipient="zoe@example.com"
    )


def test_fields_by_header_and_by_safe_identifier():
    assert safe_identifier("First Name") == "first_name"
    assert safe_identifier("E-mail Address") == "e_mail_address"
    assert safe_identifier("2nd phone") == "_2nd_phone"
    assert (
        render("{{ first_name }} {{ fields['First Name'] }} {{ email }}", **{"First Name": "Zoë"})
        == "Zoë Zoë zoe@example.com"
    )


def test_html_is_autoescaped_and_text_is_not():
    assert (
        render("<b>{{ note }}</b>", note="<script>x</script> & co")
        == "<b>&lt;script&gt;x&lt;/script&gt; &amp; co</b>"
    )
    assert render("{{ note }}", html=False, note="a < b & c") == "a < b & c"


def test_data_is_never_evaluated_as_a_template():
    assert render("{{ note }}", note="{{ 7*7 }} {% raw %}") == "{{ 7*7 }} {% raw %}"


def test_undefined_variable_names_the_variable_and_the_contact():
    with pytest.raises(TemplateProblem) as error:
        render("Hello {{ frist_name }}")
    assert "frist_name" in error.value.message
    assert "zoe@example.com" in error.value.message


def test_syntax_error_names_part_and_line():
    with pytest.raises(TemplateProblem, match=r"Line 3 of the HTML"):
        compile_part("<p>\nok\n{{ name </p>", label="HTML", html=True)


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ 'x' * 10**7 }}",
        "{{ 2 ** 100000 }}",
        "{% for i in range(10**9) %}x{% endfor %}",
        "{{ fields.update({'a': 1}) }}",
    ],
)
def test_sandbox_and_caps_refuse_hostile_templates(source: str):
    with pytest.raises(TemplateProblem):
        render(source)


def test_output_size_is_capped():
    with pytest.raises(TemplateProblem, match="grows beyond"):
        render("{% for i in range(90000) %}{{ 'y' * 50 }}{% endfor %}")


def test_text_derived_from_html_keeps_links_readable():
    text = html_to_text('<h1>News</h1><p>Read <a href="https://example.com/a">the story</a>.</p>')
    assert "News" in text and "the story" in text and "https://example.com/a" in text
    assert "<" not in text.replace("<https", "")


def test_derived_text_template_renders_variables():
    template = derive_text_template(
        '<p>Ciao {{ first_name }}! <a href="{{ unsubscribe_url }}">Stop</a></p>'
    )
    assert template is not None
    out = render_part(compile_part(template, label="text", html=False),
                      template_variables(email="a@b.it", name=None, fields={"first_name": "Zoë"},
                                         unsubscribe_url="https://x.it/u"))  # fmt: skip
    assert "Ciao Zoë!" in out and "https://x.it/u" in out
