"""The first minute: a new database gets sample contacts, a sample template and the
built-in test inbox as its SMTP profile, so a whole campaign runs with no account.

The sample is written in the window's language at that first start (``seed_first_run``
is told it; core itself knows no Qt): an Italian window gets an Italian list, template
and campaign. It is made once per database, so a later change of language leaves the
user's copy alone.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from core.importer import import_contacts
from core.models import AppSetting, Template, database_proxy
from resources import read_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sample:
    """The names and files of the first-run sample in one language."""

    list_name: str
    template_name: str
    campaign_name: str
    sender: str
    template_file: str  # in resources/
    subject_file: str


SAMPLES = {
    "en": Sample("Sample contacts", "Welcome (sample)", "Sample campaign",
                 "Staffetta Demo <demo@example.com>", "sample_template.html",
                 "sample_template_subject.txt"),
    "it": Sample("Contatti di esempio", "Benvenuto (esempio)", "Campagna di esempio",
                 "Staffetta Demo <demo@example.com>", "sample_template_it.html",
                 "sample_template_subject_it.txt"),
}  # fmt: skip

SAMPLE_LIST = SAMPLES["en"].list_name
SAMPLE_TEMPLATE = SAMPLES["en"].template_name
SAMPLE_CAMPAIGN = SAMPLES["en"].campaign_name
_SEEDED_KEY = "first_run_seeded"


def sample_for(language: str) -> Sample:
    """The sample in ``language`` ("it", "en"…); English for a language without one."""
    return SAMPLES.get(language.split("_")[0].lower(), SAMPLES["en"])


def seed_first_run(language: str = "en") -> bool:
    """Seed once per database, in ``language``; returns True when it did. Never fails the
    start-up."""
    if AppSetting.get_or_none(AppSetting.key == _SEEDED_KEY) is not None:
        return False
    sample = sample_for(language)
    try:
        with tempfile.TemporaryDirectory() as folder:
            contacts = Path(folder) / "sample_contacts.csv"
            contacts.write_text(read_text("sample_contacts.csv"), encoding="utf-8")
            import_contacts(contacts, sample.list_name)
        with database_proxy.atomic():
            if Template.get_or_none(Template.name == sample.template_name) is None:
                Template.create(
                    name=sample.template_name,
                    subject=read_text(sample.subject_file).strip(),
                    html=read_text(sample.template_file),
                    text=None,
                )
            _ensure_builtin_profile()
            _sample_campaign(sample)
            AppSetting.create(key=_SEEDED_KEY, value={"done": True, "language": language})
    except Exception:
        log.exception("first-run seeding failed; the app starts empty")
        return False
    return True


def _ensure_builtin_profile() -> None:
    from core.sandbox import ensure_builtin_profile

    ensure_builtin_profile()


def _sample_campaign(sample: Sample) -> None:
    """A ready draft: sample list, sample template, built-in inbox. Press Start."""
    from core.campaigns import DraftSettings, save_draft
    from core.models import Campaign
    from core.sandbox import BUILTIN_PROFILE_NAME

    if Campaign.get_or_none(Campaign.name == sample.campaign_name) is None:
        save_draft(
            sample.campaign_name,
            DraftSettings(
                list_name=sample.list_name,
                template_name=sample.template_name,
                profile_name=BUILTIN_PROFILE_NAME,
                sender=sample.sender,
                unsubscribe_url="https://example.com/unsubscribe?e={{ email|urlencode }}",
            ),
        )
