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
        "{{ '{:>100000000}'.format('x') }}",
        "{{ '{:>{w}}'.format('x', w=10**8) }}",
        "{{ '%100000000s' % 'x' }}",
        "{{ '%*s' % (10**8, 'x') }}",
        "{{ lipsum(100000) }}",
        "{{ 'x'|center(100000000) }}",
        "{{ 'x'|indent(100000000, true) }}",
        "{{ ('ab' * 50000)|replace('a', 'x' * 99999) }}",
        "{{ ('ab' * 50000).replace('a', 'x' * 99999) }}",
        "{{ 'x'.ljust(10**8) }}",
        "{{ [1]|batch(10**8, 'x')|list|length }}",
        "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
        "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
        "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}",
        "{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('ab') }}",
    ],
)
def test_sandbox_and_caps_refuse_hostile_templates(source: str):
    with pytest.raises(TemplateProblem):
        render(source)


def test_output_size_is_capped(monkeypatch: pytest.MonkeyPatch):
    """The size cap, not the time cap: a loaded machine reached the 2 s render limit first."""
    import core.rendering

    monkeypatch.setattr(core.rendering, "MAX_RENDER_SECONDS", 120.0)
    monkeypatch.setattr(core.rendering, "MAX_OUTPUT_CHARS", 100_000)
    with pytest.raises(TemplateProblem, match="grows beyond"):
        render("{% for i in range(3000) %}{{ 'y' * 50 }}{% endfor %}")


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


def test_loops_that_print_nothing_still_hit_the_time_cap(monkeypatch: pytest.MonkeyPatch):
    import core.rendering

    monkeypatch.setattr(core.rendering, "MAX_RENDER_SECONDS", 0.05)
    with pytest.raises(TemplateProblem, match="too long"):
        render("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")


def test_ordinary_template_features_still_work():
    source = (
        "{{ '{:,}'.format(1234567) }}|{{ 'a-b'.replace('-', ' ') }}|{{ 'abc'|center(7) }}|"
        "{% for x in [1, 2, 3] %}{{ loop.index }}/{{ loop.length }} {% else %}none{% endfor %}|"
        "{% for x in [] %}x{% else %}none{% endfor %}|{{ 'a' ~ 1 }}|{{ '%05.1f' % 3.14159 }}|"
        "{{ range(3)|join(',') }}|{{ first_name|upper }}"
    )
    assert render(source, html=False, **{"First Name": "Zoë"}) == (
        "1,234,567|a b|  abc  |1/3 2/3 3/3 |none|a1|003.1|0,1,2|ZOË"
    )


def test_derived_text_has_no_markdown_noise():
    text = html_to_text("<p>1. First</p><p>- dash</p><p><b>Bold</b> and <i>it</i></p>")
    assert "1. First" in text and "- dash" in text and "Bold and it" in text
    assert "\\" not in text and "*" not in text


@pytest.mark.parametrize(
    "value",
    [
        "anna@example.com",
        "zoë+news@example.org",
        "a b/c?d=e&f",
        "100% ✓",
        "👩\u200d💻",
        "~._-/",
        "",
        "%2F already",
        "tab\tnew\nline",
        'quote"<>',
    ],
)
def test_urlencode_fast_path_matches_jinja(value: str):
    """The sandbox's faster ``urlencode`` gives exactly what Jinja's own filter gives."""
    from jinja2.filters import do_urlencode

    from core.rendering import TEXT_ENV

    rendered = TEXT_ENV.from_string("{{ v|urlencode }}").render(v=value)
    assert rendered == do_urlencode(value)


def test_urlencode_still_encodes_dicts_and_numbers():
    from core.rendering import TEXT_ENV

    assert TEXT_ENV.from_string("{{ d|urlencode }}").render(d={"a": "x y", "b": 1}) == "a=x+y&b=1"
    assert TEXT_ENV.from_string("{{ 42|urlencode }}").render() == "42"


@pytest.mark.parametrize(
    "source,line,words",
    [
        ("a\n{{ first name }}\nc", 2, "a name does not belong inside {{ }}"),
        ("a\n{{ first_name \nc", 2, "this {{ is never closed"),
        ("a\n{% if x %}\nb\n{% for i in y %}\n{% endfor %}\nend\n", 2,
         "this {% if %} is never closed: add {% endif %}"),
        ("{% for x in y %}\n{% if a %}\n{% endfor %}", 3,
         "{% endfor %} does not fit here: the {% if %} (line 2) is still open"),
        ("{% endif %}", 1, "{% endif %} closes nothing"),
        ("{{ x }\n", 1, "a tag ends with a single }"),
        ("{% iff x %}{% endif %}", 1, "{% iff %} is not a template tag"),
    ],
)
def test_syntax_errors_are_plain_sentences_at_the_line_to_fix(source, line, words):
    with pytest.raises(TemplateProblem) as caught:
        compile_part(source, label="HTML", html=True)
    message = caught.value.message
    assert message.startswith(f"Line {line} of the HTML: {words}"), message
    assert "token" not in message and "end of print statement" not in message


FLAT_TEMPLATES = [
    "Ciao {{ first_name }}",
    "<p>Ciao {{ first_name }} da {{ city }}</p><a href='{{ unsubscribe_url }}'>x</a>\n",
    "{{ email|urlencode }}|{{ name|upper }}|{{ city|lower|title }}|{{ note|trim|capitalize }}",
    "{{ note|e }} {{ note|escape }} {{ note|string }} {{ fields }} {{ n }} {{ tags }}",
    "  {{- first_name -}}  \n{{ missing_one }}",
    "",
    "no tags at all & <b>",
    "{{ range }} {{ campaign }}",
]
NOT_FLAT_TEMPLATES = [
    "{% if first_name %}{{ first_name }}{% endif %}",
    "{% for t in tags %}{{ t }}{% endfor %}",
    "{{ fields.city }}", "{{ fields['city'] }}", "{{ first_name ~ city }}",
    "{{ city|default('x') }}", "{{ city|replace('a', 'b') }}", "{{ 'x' * 3 }}",
    "{{ self }}", "{{ loop }}", "{% set a = 1 %}{{ a }}", "{{ range(3)|list }}",
    "{{ first_name|wordcount }}x{{ city|striptags }}", "{# note #}{{ city if city }}",
]


@pytest.mark.parametrize("html", [True, False])
def test_flat_templates_render_exactly_as_jinja(html: bool):
    """The fast renderer of text-and-variables templates gives Jinja's output to the
    character (autoescaped HTML, str() of numbers, lists, dicts, Markup, accents), and
    anything else it cannot render (a missing variable, too big a value) falls back to
    Jinja, which reports it in the same words; other templates are not flat at all."""
    from dataclasses import replace

    from markupsafe import Markup

    from core.rendering import MAX_OUTPUT_CHARS, render_in_scope, scope_globals

    people = [
        {"First Name": "Zoë", "city": "São Paulo", "note": "  <script>'x'</script> & \"co\" "},
        {"first_name": "", "city": "", "note": ""},
        {"first_name": "Ann", "city": "MILANO", "note": Markup("<b>bold</b>"), "n": 3,
         "tags": ["a", "<b>"]},
        {"first_name": "Bo", "city": "x" * (MAX_OUTPUT_CHARS + 1), "note": "n"},
        {"first_name": "Cy 🎉", "city": "Roma", "note": "a\nb", "missing_one": None},
    ]
    for source in FLAT_TEMPLATES:
        part = compile_part(source, label="HTML", html=html)
        assert part.flat is not None, source
        slow = replace(part, flat=None)
        for fields in people:
            variables = template_variables(email="zoe+1@exämple.com", name=None, fields=fields,
                                           unsubscribe_url="https://x.example/u?a=1&b=<2>",
                                           extra={"campaign": {"name": "Spring"}})  # fmt: skip
            scope = {**scope_globals(part), **variables}
            results = []
            for each in (part, slow):
                try:
                    results.append(render_in_scope(each, dict(scope), recipient="zoe@x.it"))
                except TemplateProblem as exc:
                    results.append(f"problem: {exc.message}")
            assert results[0] == results[1], (source, fields)
            if not results[1].startswith("problem: "):  # the fast renderer wrote it itself
                assert part.flat(scope) == results[1], (source, fields)
    assert render_or_problem("{{ missing_one }}", html) == (
        "problem: {{ missing_one }} in the HTML is not defined for zoe@x.it."
    )
    for source in NOT_FLAT_TEMPLATES:
        assert compile_part(source, label="HTML", html=html).flat is None, source


def render_or_problem(source: str, html: bool) -> str:
    from core.rendering import render_in_scope, scope_globals

    part = compile_part(source, label="HTML", html=html)
    scope = {**scope_globals(part), **template_variables(email="a@b.it", name="A", fields={})}
    try:
        return render_in_scope(part, scope, recipient="zoe@x.it")
    except TemplateProblem as exc:
        return f"problem: {exc.message}"


def test_template_variables_for_columns_that_claim_the_same_name():
    """Each header by its name, then its identifier, the first claim winning (worked out
    once per set of columns): the same variables, in the same order, as assigning them
    one recipient at a time."""

    def one_at_a_time(fields: dict[str, str]) -> dict[str, object]:
        variables: dict[str, object] = {}
        for header, value in fields.items():
            variables.setdefault(header, value)
            if safe_identifier(header):
                variables.setdefault(safe_identifier(header), value)
        return {**variables, "fields": dict(fields), "email": "a@b.it", "name": "",
                "unsubscribe_url": ""}  # fmt: skip

    cases = [
        {"First Name": "A", "first_name": "B", "FIRST NAME": "C"},
        {"first_name": "B", "First Name": "A"},
        {"Città": "Roma", "citta": "Milano", "2nd phone": "1", "class": "x", "": "e", "!!": "f"},
        {"email": "not@this.one", "Name": "N", "name": "n", "unsubscribe_url": "u"},
        {},
    ]
    for fields in cases * 2:  # the second time from the cache
        got = template_variables(email="a@b.it", name=None, fields=fields)
        assert list(got.items()) == list(one_at_a_time(fields).items()), fields
