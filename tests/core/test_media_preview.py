"""The phone preview's @media rules: which queries match a width, and the cascade."""

from __future__ import annotations

import pytest

from core.content.inline_css import inline_css
from core.content.media_preview import apply_media, media_rules, query_matches


@pytest.mark.parametrize(
    ("query", "at_375", "at_800"),
    [
        ("only screen and (max-width: 620px)", True, False),
        ("screen and (max-device-width:480px)", True, False),
        ("(max-width: 40em)", True, False),  # 640 px
        ("(min-width: 700px)", False, True),
        ("screen and (min-width: 320px) and (max-width: 400px)", True, False),
        ("all", True, True),
        ("print", False, False),
        ("not screen and (max-width: 620px)", False, False),
        ("(prefers-color-scheme: dark)", False, False),
        ("print, (max-width: 620px)", True, False),  # a list matches if one query does
    ],
)
def test_which_queries_a_width_matches(query: str, at_375: bool, at_800: bool) -> None:
    assert query_matches(query, 375) is at_375
    assert query_matches(query, 800) is at_800


TEMPLATE = """<html><head><style>
.lead { font-size: 16px; color: #333333; }
.col { width: 280px; }
/* the phone layout: { braces } in a comment do not confuse it */
@media only screen and (max-width: 620px) {
  .lead { font-size: 22px !important; color: #ff0000; }
  .col { width: 100% !important; display: block !important; }
}
@media print { .lead { color: #000000 !important; } }
</style></head><body><p class="lead">Ciao</p><div class="col">uno</div></body></html>"""


def test_a_phone_gets_the_matching_rules_with_a_mail_clients_cascade() -> None:
    sent = inline_css(TEMPLATE).html  # as the message leaves: inlined, @media kept in the head
    assert "font-size: 16px" in sent[sent.index('class="lead"') : sent.index("Ciao")]
    phone = apply_media(sent, 375)
    lead = phone[phone.index('class="lead"') : phone.index("Ciao")]
    assert "font-size: 22px !important" in lead  # !important beats the style attribute
    assert "#333333" in lead and "#ff0000" not in lead  # a plain rule does not
    assert "#000000" not in lead  # print rules are not a phone's
    column = phone[phone.index('class="col"') : phone.index("uno")]
    assert "width: 100% !important" in column and "display: block !important" in column
    assert "@media only screen" in phone  # the head keeps them for real clients


def test_a_wide_screen_or_a_mail_without_media_is_left_as_it_is() -> None:
    sent = inline_css(TEMPLATE).html
    assert apply_media(sent, 800) == sent
    plain = "<p style='color:red'>Hi</p>"
    assert apply_media(plain, 375) == plain and media_rules(plain, 375) == ""
