"""The first minute: a new database gets sample contacts, a sample template and the
built-in test inbox as its SMTP profile, so a whole campaign runs with no account."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from core.importer import import_contacts
from core.models import AppSetting, Template, database_proxy
from resources import read_text

log = logging.getLogger(__name__)

SAMPLE_LIST = "Sample contacts"
SAMPLE_TEMPLATE = "Welcome (sample)"
SAMPLE_CAMPAIGN = "Sample campaign"
_SEEDED_KEY = "first_run_seeded"


def seed_first_run() -> bool:
    """Seed once per database; returns True when it did. Never fails the start-up."""
    if AppSetting.get_or_none(AppSetting.key == _SEEDED_KEY) is not None:
        return False
    try:
        with tempfile.TemporaryDirectory() as folder:
            sample = Path(folder) / "sample_contacts.csv"
            sample.write_text(read_text("sample_contacts.csv"), encoding="utf-8")
            import_contacts(sample, SAMPLE_LIST)
        with database_proxy.atomic():
            if Template.get_or_none(Template.name == SAMPLE_TEMPLATE) is None:
                Template.create(
                    name=SAMPLE_TEMPLATE,
                    subject=read_text("sample_template_subject.txt").strip(),
                    html=read_text("sample_template.html"),
                    text=None,
                )
            _ensure_builtin_profile()
            _sample_campaign()
            AppSetting.create(key=_SEEDED_KEY, value={"done": True})
    except Exception:
        log.exception("first-run seeding failed; the app starts empty")
        return False
    return True


def _ensure_builtin_profile() -> None:
    from core.sandbox import ensure_builtin_profile

    ensure_builtin_profile()


def _sample_campaign() -> None:
    """A ready draft: sample list, sample template, built-in inbox. Press Start."""
    from core.campaigns import DraftSettings, save_draft
    from core.models import Campaign
    from core.sandbox import BUILTIN_PROFILE_NAME

    if Campaign.get_or_none(Campaign.name == SAMPLE_CAMPAIGN) is None:
        save_draft(
            SAMPLE_CAMPAIGN,
            DraftSettings(
                list_name=SAMPLE_LIST,
                template_name=SAMPLE_TEMPLATE,
                profile_name=BUILTIN_PROFILE_NAME,
                sender="Staffetta Demo <demo@example.com>",
                unsubscribe_url="https://example.com/unsubscribe?e={{ email|urlencode }}",
            ),
        )
