"""The first-run sample: a list, a template and a ready campaign in the language of the
window at that first start, made once per database."""

from __future__ import annotations

from core.campaigns.preflight_check import preflight
from core.firstrun import SAMPLES, sample_for, seed_first_run
from core.models import Campaign, Contact, ContactList, Template


def test_an_italian_first_run_makes_an_italian_sample(db):
    assert seed_first_run("it")
    sample = SAMPLES["it"]
    assert [c.name for c in ContactList.select()] == ["Contatti di esempio"]
    template = Template.get(Template.name == "Benvenuto (esempio)")
    assert template.subject == "Ciao {{ first_name }}, novità per {{ city }}"
    assert "Grazie di aver scelto il piano" in template.html
    assert "Annulla l'iscrizione" in template.html and "{{ unsubscribe_url }}" in template.html
    assert "Thanks" not in template.html and "Unsubscribe" not in template.html
    campaign = Campaign.get(Campaign.name == "Campagna di esempio")
    assert campaign.status == "draft" and campaign.template.name == sample.template_name
    assert Contact.select().count() == 8
    report = preflight(campaign)  # it sends as it is: every recipient builds
    assert report.ok and report.recipients == 8
    assert not [w for w in report.warnings if "unsubscribe link" in w], report.warnings
    assert not seed_first_run("en")  # once per database: nothing English is added later
    assert Template.select().count() == 1 and Campaign.select().count() == 1


def test_an_english_or_unknown_language_gets_the_english_sample(db):
    assert sample_for("fr") == SAMPLES["en"] and sample_for("it_IT") == SAMPLES["it"]
    assert seed_first_run("de")
    assert Template.get(Template.name == "Welcome (sample)").subject.startswith("Hello")
    assert Campaign.get(Campaign.name == "Sample campaign").status == "draft"
