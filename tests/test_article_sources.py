"""Article-level sources (scoring.article): alias grouping, caveats, traps, output shape, summary.

Every article here is written for this file. Helpers look sources up by a mention text, so a
row reads as "these mentions are one source" / "this caveat lands on that source".
"""

from __future__ import annotations

import json

import pytest

from scoring import analyze_sentences, analyze_text
from scoring.article import (
    CAVEAT_FAMILIES,
    RulesError,
    build_sources,
    default_rules,
    parse_rules,
)
from scoring.extract import analyze_sentence_items
from scoring.types import DocumentResult


def _doc(text: str) -> DocumentResult:
    return analyze_text(text)


def _source_of(doc: DocumentResult, mention: str):
    """The source one of whose mentions has exactly this text."""
    found = [s for s in doc.sources if any(m.text == mention for m in s.mentions)]
    assert found, f"no source with mention {mention!r}: {[(s.id, [m.text for m in s.mentions]) for s in doc.sources]}"
    assert len(found) == 1, f"mention {mention!r} in several sources"
    return found[0]


def _groups(doc: DocumentResult) -> list[list[str]]:
    return [[m.text for m in s.mentions if m.role == "source"] for s in doc.sources]


# --- alias rules ----------------------------------------------------------------------------------

# (article, mention texts that must be one source)
# fmt: off
ALIAS_CASES = [
    pytest.param(
        "The Harbour Safety Board (HSB) inspects the docks. "
        "The HSB said the cranes were safe. Harbour workers said the cranes shook.",
        ["The HSB"], "Harbour Safety Board", id="acronym_defined_in_parentheses"),
    pytest.param(
        "The Harbour Safety Board said the cranes were safe. "
        "Later, HSB said two cranes would be replaced.",
        ["The Harbour Safety Board", "HSB"], "Harbour Safety Board", id="acronym_by_initials"),
    pytest.param(
        "The Northern Grain Cooperative said the harvest was late. "
        "Prices rose, the Cooperative said.",
        ["The Northern Grain Cooperative", "the Cooperative"], "Northern Grain Cooperative", id="the_head_noun"),
    pytest.param(
        "According to figures from the Lake Erie Observatory, the water rose by a metre. "
        "The Observatory said the rise was unusual.",
        ["figures from the Lake Erie Observatory", "The Observatory"], "Lake Erie Observatory",
        id="document_from_named_originator_and_head_noun"),
    pytest.param(
        "Fire department spokeswoman Maria Lopez said the blaze was contained. "
        "Crews worked overnight. Lopez said no one was hurt.",
        ["Fire department spokeswoman Maria Lopez", "Lopez"], "Maria Lopez", id="title_and_name_then_surname"),
    pytest.param(
        "Health Minister Anna Berg said the wards were full. "
        "Ms. Berg added that staff were exhausted.",
        ["Health Minister Anna Berg", "Ms. Berg"], "Anna Berg", id="title_and_name_then_title_and_surname"),
    pytest.param(
        "Okafor said the ferry was late. Tomas Okafor, a harbour pilot, said the fog was thick.",
        ["Okafor", "Tomas Okafor"], "Tomas Okafor", id="surname_before_the_full_name"),
    pytest.param(
        "Mayor Ana Ruiz said the bridge would reopen. The mayor said repairs cost $2 million.",
        ["Mayor Ana Ruiz", "The mayor"], "Ana Ruiz", id="the_title_after_title_and_name"),
    pytest.param(
        "The Tidewater Conservation Trust said the marsh was shrinking. "
        "It said the loss had doubled since 2010.",
        ["The Tidewater Conservation Trust", "It"], "Tidewater Conservation Trust", id="pronoun_it_after_named_org"),
    pytest.param(
        "Dr. Amara Osei said the clinic was full. She said more nurses were needed.",
        ["Dr. Amara Osei", "She"], "Amara Osei", id="pronoun_she_after_named_person"),
    pytest.param(
        "We asked the council for its budget. We said the figures were late.",
        ["We", "We"], None, id="self_is_one_source"),
    pytest.param(
        "Officials said the road was closed. Officials said it would reopen on Friday.",
        ["Officials", "Officials"], None, id="same_plural_anonymous_text"),
    # a transcript turn: "we" and "I" after a speaker label are the speaker('s side), not the writer
    pytest.param(
        "SENATOR HOLLIS: We said the mill would stay open, and I said it first.",
        ["SENATOR HOLLIS", "We", "I"], "HOLLIS", id="self_in_a_speaker_turn_is_the_speaker"),
    pytest.param(
        "MODERATOR: Senator, your answer? SENATOR HOLLIS: Look, we warned the board in March.",
        ["SENATOR HOLLIS", "we"], "HOLLIS", id="self_in_the_latest_turn_of_the_paragraph"),
]
# fmt: on


@pytest.mark.parametrize("article, mentions, name", ALIAS_CASES)
def test_when_alias_rule_applies_then_mentions_are_one_source(article, mentions, name):
    doc = _doc(article)
    src = _source_of(doc, mentions[0])
    texts = [m.text for m in src.mentions]
    for m in mentions:
        assert m in texts, (m, texts)
    assert texts.count(mentions[0]) >= mentions.count(mentions[0])
    if name is not None:
        assert src.name == name


def test_when_the_turn_ends_with_its_paragraph_then_we_is_the_writer_again():
    doc = _doc("SENATOR HOLLIS: We said the mill would stay open.\n\nWe asked the senator's office for the figures.")
    hollis = _source_of(doc, "SENATOR HOLLIS")
    assert [m.text for m in hollis.mentions if m.role == "source"] == ["SENATOR HOLLIS", "We"]
    assert any(s.kind == "self" for s in doc.sources), [(s.name, s.kind) for s in doc.sources]


def test_when_full_name_and_acronym_then_later_full_name_is_the_same_source():
    doc = _doc("The Regional Water Authority (RWA) manages the dams. The RWA said the dams held. "
               "Engineers disagreed. The Regional Water Authority said inspections were routine.")
    src = _source_of(doc, "The RWA")
    assert [m.text for m in src.mentions] == ["The RWA", "The Regional Water Authority"]
    assert src.kind == "organization"


# --- traps ---------------------------------------------------------------------------------------


def test_when_two_people_share_a_surname_then_bare_surname_is_unresolved():
    doc = _doc("Maria Lopez said the shelter was full. Daniel Lopez said the roads were blocked. "
               "Lopez said more buses were coming.")
    maria, daniel, bare = _source_of(doc, "Maria Lopez"), _source_of(doc, "Daniel Lopez"), _source_of(doc, "Lopez")
    assert len({maria.id, daniel.id, bare.id}) == 3


def test_when_same_surname_person_is_named_but_not_a_source_then_surname_is_still_ambiguous():
    doc = _doc("Maria Lopez said the shelter was full. Her brother Daniel Lopez runs the bakery. "
               "Lopez said bread was short.")
    assert _source_of(doc, "Lopez").id != _source_of(doc, "Maria Lopez").id


def test_when_gendered_title_tells_same_surname_people_apart_then_it_resolves():
    doc = _doc("Spokeswoman Maria Lopez said the shelter was full. Spokesman Daniel Lopez said the roads "
               "were blocked. Ms. Lopez said more buses were coming.")
    assert _source_of(doc, "Ms. Lopez").id == _source_of(doc, "Spokeswoman Maria Lopez").id


def test_when_acronym_is_also_a_word_then_only_the_capitalised_acronym_links():
    doc = _doc("Citizens Acting for River Environments (CARE) monitors the delta. "
               "CARE said the water was clean. Care workers said the clinic was busy. "
               "Residents said they care about the river.")
    care = _source_of(doc, "CARE")
    assert care.name == "Citizens Acting for River Environments"
    assert "Care workers" not in [m.text for m in care.mentions]
    workers = _source_of(doc, "Care workers")
    assert workers.id != care.id


def test_when_pronoun_has_two_candidates_then_it_stays_unresolved():
    doc = _doc("The Port Authority blamed the Shipping Council for the delays. It said the cranes were old.")
    it = _source_of(doc, "It")
    assert [m.text for m in it.mentions] == ["It"]
    assert it.id != _source_of(doc, "The Port Authority").id


def test_when_he_follows_two_named_men_then_he_stays_unresolved():
    doc = _doc("Jonas Varga met Felix Brennan on Monday. He said the deal was done.")
    he = _source_of(doc, "He")
    assert [m.text for m in he.mentions] == ["He"]


def test_when_indefinite_singulars_repeat_then_they_stay_apart():
    doc = _doc("A senior official said the talks stalled. A senior official said the talks would resume.")
    assert len(doc.sources) == 2


def test_when_one_indefinite_subject_has_two_cues_then_it_is_one_source_with_one_mention():
    doc = _doc("A spokesperson for the utility said repairs would end in May, but declined to give a date.")
    sent = doc.sentences[0]
    assert [a.cue.text for a in sent.attributions] == ["said", "declined"]
    assert len(set(sent.source_ids)) == 1
    assert _groups(doc) == [["A spokesperson for the utility"]]


def test_when_source_holds_a_possessive_then_its_name_keeps_the_clitic_on_its_word():
    doc = _doc("The bakery's owner said the oven had failed. The Smiths' lawyer said they would appeal.")
    assert sorted(src.name for src in doc.sources) == ["Smiths' lawyer", "bakery's owner"]


def test_when_transcript_speaker_is_in_capitals_then_it_is_not_merged_with_an_organisation():
    doc = _doc("SENATOR HOLLIS: We never cut the program.\n\nThe government said on Monday it would act.")
    holder = _source_of(doc, "SENATOR HOLLIS")
    assert holder.kind == "named_person"
    assert [m.text for m in holder.mentions] == ["SENATOR HOLLIS"]


def test_when_two_organisations_share_a_head_then_the_head_noun_stays_unresolved():
    doc = _doc("The Coastal Monitoring Network said the tide was high. The Inland Monitoring Network said "
               "rivers were low. The Network said more data would come.")
    bare = _source_of(doc, "The Network")
    assert [m.text for m in bare.mentions if m.role == "source"] == ["The Network"]


# --- caveats: each family, attached to the right source ------------------------------------------

ORG = "According to figures from the Coastal Monitoring Network, at least 12 villages were flooded. "
PERSON = "Fire department spokeswoman Maria Lopez said 40 homes were evacuated. "

# (article, mention of the source that must carry the caveat, family, caveat text)
# fmt: off
CAVEAT_CASES = [
    # verification, any verb form and negation
    pytest.param(ORG + "The Network's figures could not be independently verified.",
                 "figures from the Coastal Monitoring Network", "verification", "could not be independently verified", id="verification_possessive"),
    pytest.param(ORG + "Its figures have not been verified.",
                 "figures from the Coastal Monitoring Network", "verification", "have not been verified", id="verification_its"),
    pytest.param(ORG + "We were unable to verify the Network's count.",
                 "figures from the Coastal Monitoring Network", "verification", "were unable to verify", id="verification_active_object"),
    pytest.param(ORG + "The CMN figures cannot be confirmed.",
                 "figures from the Coastal Monitoring Network", "verification", "cannot be confirmed", id="verification_initials"),
    pytest.param(PERSON + "Lopez's account could not be independently confirmed.",
                 "Fire department spokeswoman Maria Lopez", "verification", "could not be independently confirmed", id="verification_person"),
    pytest.param("Mosquito bites fell by half, according to a study by the Larsen Institute. "
                 "The study has not yet been peer reviewed.",
                 "a study by the Larsen Institute", "verification", "has not yet been peer reviewed", id="verification_peer_review"),
    pytest.param(ORG + "Its figures have not been independently audited.",
                 "figures from the Coastal Monitoring Network", "verification", "have not been independently audited", id="verification_audit"),
    pytest.param(ORG + "The group made unverified claims about the dikes.",
                 "figures from the Coastal Monitoring Network", "verification", "unverified", id="verification_adjective_the_group"),
    # dispute
    pytest.param(ORG + "The Network, whose numbers are disputed, has monitored the coast since 2001.",
                 "figures from the Coastal Monitoring Network", "dispute", "whose numbers are disputed", id="dispute_whose"),
    pytest.param(ORG + "The Network's estimates have been questioned by engineers.",
                 "figures from the Coastal Monitoring Network", "dispute", "estimates have been questioned", id="dispute_passive"),
    # funding / ties
    pytest.param("The Delta Policy Institute said the dam was safe. The Institute, an industry-funded think tank, "
                 "has lobbied for the dam.", "The Delta Policy Institute", "funding", "industry-funded", id="funding_compound_appositive"),
    pytest.param("The Delta Policy Institute said the dam was safe. The Institute is funded by the dam's operator.",
                 "The Delta Policy Institute", "funding", "funded by", id="funding_by"),
    pytest.param("The Delta Policy Institute said the dam was safe. The Institute, a group with ties to the operator, "
                 "opened in 2015.", "The Delta Policy Institute", "funding", "with ties to", id="funding_ties"),
    pytest.param("The Delta Policy Institute said the dam was safe. The Institute is affiliated with the operator.",
                 "The Delta Policy Institute", "funding", "affiliated with", id="funding_affiliated"),
    pytest.param("The Delta Policy Institute said the dam was safe. It gets most of its money from the operator.",
                 "The Delta Policy Institute", "funding", "gets most of its money from", id="funding_receives"),
    # self-description
    pytest.param("The Tidewater Watch said the marsh was shrinking. It calls itself independent.",
                 "The Tidewater Watch", "self_description", "calls itself", id="self_description_pronoun"),
    pytest.param("The Tidewater Watch said the marsh was shrinking. The Watch describes itself as a citizens' lab.",
                 "The Tidewater Watch", "self_description", "describes itself", id="self_description_describes"),
    pytest.param("The self-styled Tidewater Watch said the marsh was shrinking.",
                 "The self-styled Tidewater Watch", "self_description", "self-styled", id="self_description_self_styled"),
    # unreachable
    pytest.param(PERSON + "Lopez could not immediately be reached for comment.",
                 "Fire department spokeswoman Maria Lopez", "unreachable", "could not immediately be reached", id="unreachable_reached"),
    pytest.param(PERSON + "She did not respond to requests for comment.",
                 "Fire department spokeswoman Maria Lopez", "unreachable", "did not respond to requests for comment", id="unreachable_no_response"),
    # track record
    pytest.param(ORG + "The Network has been criticised for inflating past tallies.",
                 "figures from the Coastal Monitoring Network", "track_record", "has been criticised for inflating", id="track_record_criticised"),
    pytest.param(ORG + "The Network has a history of overstating flood damage.",
                 "figures from the Coastal Monitoring Network", "track_record", "has a history of overstating", id="track_record_history"),
    pytest.param(ORG + "The Network was accused of downplaying the damage last year.",
                 "figures from the Coastal Monitoring Network", "track_record", "was accused of downplaying", id="track_record_accused_downplaying"),
]
# fmt: on


@pytest.mark.parametrize("article, mention, family, caveat", CAVEAT_CASES)
def test_when_article_caveats_a_source_then_caveat_attaches_to_it(article, mention, family, caveat):
    doc = _doc(article)
    src = _source_of(doc, mention)
    got = [(c.family, c.text) for c in src.caveats]
    assert (family, caveat) in got, got
    others = [(s.name, c.text) for s in doc.sources if s.id != src.id for c in s.caveats]
    assert others == []
    for r in doc.sentences:
        attributed = src.id in (r.source_ids or [])
        assert r.source_caveat == attributed


def test_when_every_family_then_a_case_covers_it():
    families = {p.values[2] for p in CAVEAT_CASES}
    assert families == set(CAVEAT_FAMILIES)


def test_when_caveat_names_a_different_source_then_the_first_source_is_not_caveated():
    doc = _doc(ORG + "The Regional Water Authority said the dams held. "
               "The Authority's figures could not be independently verified.")
    network = _source_of(doc, "figures from the Coastal Monitoring Network")
    authority = _source_of(doc, "The Regional Water Authority")
    assert network.caveats == []
    assert [c.family for c in authority.caveats] == ["verification"]
    assert [r.source_caveat for r in doc.sentences] == [False, True, False]


def test_when_caveat_names_something_that_is_no_source_then_it_attaches_to_nothing():
    doc = _doc(ORG + "The Harbour Council's figures could not be independently verified.")
    assert all(s.caveats == [] for s in doc.sources)
    assert not any(r.source_caveat for r in doc.sentences)


def test_when_bare_claim_follows_a_single_source_sentence_then_caveat_goes_to_that_source():
    doc = _doc(PERSON + "The figures could not be independently verified.")
    lopez = _source_of(doc, "Fire department spokeswoman Maria Lopez")
    assert [(c.via, c.sentence) for c in lopez.caveats] == [("previous_sentence", 1)]


def test_when_bare_claim_follows_a_two_source_sentence_then_caveat_attaches_to_nothing():
    doc = _doc("Maria Lopez said 12 villages were flooded, according to the Coastal Monitoring Network. "
               "The figures could not be independently verified.")
    assert all(s.caveats == [] for s in doc.sources)
    assert doc.sentences[1].has("unverified")  # the sentence's own cue stays, for the model


def test_when_source_declines_to_comment_then_no_caveat():
    doc = _doc(PERSON + "Lopez declined to comment on the cause of the fire.")
    assert all(s.caveats == [] for s in doc.sources)


def test_when_caveat_is_inside_a_quote_then_it_is_not_the_articles():
    doc = _doc(ORG + "\u201cThe Network's figures could not be verified,\u201d said Maria Lopez.")
    assert _source_of(doc, "figures from the Coastal Monitoring Network").caveats == []


# fmt: off
NO_CAVEAT_CASES = [
    pytest.param(PERSON + "Lopez said the plan, backed by the council, would pass.", id="backed_by_modifies_the_plan"),
    pytest.param(PERSON + "Lopez said deaths linked to the storm rose to three.", id="linked_to_the_storm"),
    pytest.param(ORG + "The city has a history of flooding.", id="history_of_flooding"),
    pytest.param(ORG + "The Network said its results were confirmed by satellites.", id="positive_confirmation"),
    pytest.param(PERSON + "Lopez said she was able to confirm the toll.", id="able_to_confirm"),
    pytest.param(ORG + "The Network was backed by the governor in the budget fight.", id="backed_by_is_support"),
    pytest.param(ORG + "The Network has been criticised for being slow to publish.", id="criticised_not_for_reliability"),
    pytest.param(PERSON + "Lopez called the rumours unsubstantiated.", id="source_calls_others_claims_unverified"),
]
# fmt: on


@pytest.mark.parametrize("article", NO_CAVEAT_CASES)
def test_when_no_reliability_statement_then_no_caveat(article):
    doc = _doc(article)
    assert [(s.name, c.text) for s in doc.sources for c in s.caveats] == []


# --- output shape, summary, entry points ----------------------------------------------------------

ARTICLE = (
    "Floods cut off coastal villages\n\n"
    + ORG + "The Regional Water Authority (RWA) runs the dams. The RWA said the dams held.\n"
    "Fire department spokeswoman Maria Lopez said rescuers reached 40 homes. \u201cWe may need help "
    "for weeks,\u201d Lopez said. Experts say the rain may return.\n"
    "The Network's figures could not be independently verified. Officials said roads were closed.\n"
)


def test_when_to_dict_then_ids_mentions_and_sentences_are_consistent():
    doc = _doc(ARTICLE)
    d = json.loads(json.dumps(doc.to_dict()))
    ids = {s["id"] for s in d["sources"]}
    assert len(ids) == len(d["sources"])
    for src in d["sources"]:
        assert set(src) == {"id", "name", "kind", "mentions", "sentences", "caveats"}
        for m in src["mentions"]:
            assert ARTICLE[m["start"]:m["end"]] == m["text"]
            assert set(m) == {"sentence", "start", "end", "text", "role"}
            s = d["sentences"][m["sentence"]]
            assert s["start"] <= m["start"] < m["end"] <= s["end"]
        for c in src["caveats"]:
            assert ARTICLE[c["start"]:c["end"]] == c["text"]
            assert set(c) >= {"sentence", "start", "end", "text"}
        for i in src["sentences"]:
            s = d["sentences"][i]
            assert any(a["source"] and a["source"]["id"] == src["id"] for a in s["attributions"])
    for s in d["sentences"]:
        assert isinstance(s["source_caveat"], bool)
        for a in s["attributions"]:
            if a["source"] is not None:
                assert a["source"]["id"] in ids
                src = next(x for x in d["sources"] if x["id"] == a["source"]["id"])
                assert s["index"] in src["sentences"]
        if s["attribution"] and s["attribution"]["source"]:
            assert s["attribution"]["source"]["id"] in ids
    network = _source_of(doc, "figures from the Coastal Monitoring Network")
    assert [m.text for m in network.mentions] == ["figures from the Coastal Monitoring Network", "Network"]
    assert network.caveats[0].family == "verification"


def test_when_summary_then_source_shares_top_sources_and_hedging_density():
    doc = _doc(ARTICLE)
    summ = doc.summary()
    n = summ["n_sentences"]
    assert summ["source_caveated"] == round(1 / n, 4)
    assert summ["source_anonymous_official"] == round(1 / n, 4)
    assert summ["source_vague"] == round(1 / n, 4)
    assert summ["source_named"] == round(4 / n, 4)  # Network, RWA, Lopez twice
    top = summ["top_sources"]
    assert top[0]["name"] == "Maria Lopez" and top[0]["count"] == 2
    assert set(top[0]) == {"id", "name", "kind", "count"}
    words = sum(len(r.sentence.text.split()) for r in doc.sentences)
    hedges = sum(1 for r in doc.sentences for c in r.cues if c.type == "hedge")
    assert hedges == 2
    assert summ["hedging_density"] == pytest.approx(100 * hedges / words, abs=0.3)
    assert summ["n_sources"] == len(doc.sources)


def test_when_empty_text_then_no_sources_and_null_density():
    doc = _doc("")
    assert doc.sources == [] and doc.to_dict()["sources"] == []
    assert doc.summary()["hedging_density"] is None and doc.summary()["top_sources"] == []


def test_when_sentence_per_line_then_sources_are_grouped_too():
    doc = analyze_sentences("The Harbour Safety Board said the cranes were safe.\nHSB said two cranes were old.")
    assert _groups(doc) == [["The Harbour Safety Board", "HSB"]]


def test_when_sentence_items_then_grouping_runs_across_items_with_item_offsets():
    items = ["According to figures from the Coastal Monitoring Network, 12 villages were flooded.",
             "The Network's figures could not be independently verified."]
    doc = analyze_sentence_items(items)
    (src,) = doc.sources
    assert [(m.sentence, items[m.sentence][m.start:m.end]) for m in src.mentions] == [
        (0, "figures from the Coastal Monitoring Network"), (1, "Network")]
    assert src.caveats[0].sentence == 1 and items[1][src.caveats[0].start:src.caveats[0].end] == src.caveats[0].text
    assert doc.sentences[0].source_caveat is True


def test_when_build_sources_runs_twice_then_the_result_is_the_same():
    doc = _doc(ARTICLE)
    again = build_sources(doc.sentences, ARTICLE)
    assert [s.to_dict() for s in again] == [s.to_dict() for s in doc.sources]


# --- the rules file --------------------------------------------------------------------------------


def _rules_data():
    from importlib import resources

    return json.loads(resources.files("scoring").joinpath("article_rules.json").read_text(encoding="utf-8"))


def test_when_shipped_rules_load_then_every_family_has_patterns():
    rules = default_rules()
    assert {p.family for p in rules.patterns} == set(CAVEAT_FAMILIES)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda d: d.pop("titles"), "'titles'"),
        (lambda d: d["titles"].append("Dr"), "lower case"),
        (lambda d: d["caveat_families"]["dispute"]["patterns"][0].update(regex="(unclosed"), "bad regex"),
        (lambda d: d["caveat_families"]["dispute"]["patterns"][0].update(target="sideways"), "'target'"),
        (lambda d: d["caveat_families"]["dispute"]["patterns"][0]["examples"].append("no match here"),
         "does not match its example"),
        (lambda d: d["caveat_families"]["funding"]["patterns"][1].update(triggers=["zzz"]), "no trigger word"),
        (lambda d: d["caveat_families"].pop("track_record"), "caveat_families"),
        (lambda d: d["pronouns"]["it"].update(kinds=["thing"]), "pronouns['it']"),
    ],
)
def test_when_rules_file_is_broken_then_error_names_the_entry(edit, message):
    data = _rules_data()
    edit(data)
    with pytest.raises(RulesError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_rules(data, "rules.json")


def test_when_sources_are_switched_off_then_sentences_and_cues_are_unchanged_and_no_sources():
    text = ("According to figures from the Coastal Monitoring Network, at least 12 villages were flooded. "
            "The Network's figures could not be independently verified.")
    full, bare = analyze_text(text), analyze_text(text, sources=False)
    assert full.sources and not bare.sources
    assert [(r.sentence, r.cues, r.attributions) for r in full.sentences] == \
        [(r.sentence, r.cues, r.attributions) for r in bare.sentences]
    assert full.sentences[0].source_caveat and not bare.sentences[0].source_caveat
    assert bare.to_dict()["sentences"][0]["attribution"]["source"]["id"] is None


def test_when_sentence_before_a_pronoun_rests_on_a_source_that_does_not_fit_then_pronoun_stays_unresolved():
    # "It" does not fit Reyes (a person); reaching past her to the Trust would be a guess.
    doc = _doc("The Harbor Trust said the pier was safe. Engineer Paula Reyes said the pier needed repairs. "
               "It has been accused of inflating repair costs.")
    assert all(not s.caveats for s in doc.sources)
    assert not any(r.source_caveat for r in doc.sentences)
    # Right after the Trust's own sentence, the same pronoun resolves to it.
    doc = _doc("Engineer Paula Reyes said the pier needed repairs. The Harbor Trust said the pier was safe. "
               "It has been accused of inflating repair costs.")
    trust = _source_of(doc, "The Harbor Trust")
    assert [(c.family, c.via) for c in trust.caveats] == [("track_record", "pronoun")]


def test_when_a_pronoun_source_stays_unresolved_then_a_pronoun_of_the_other_gender_does_not_join_it():
    doc = _doc("Engineer Paula Reyes and Mayor Tom Hale toured the pier. She said the pier needed repairs. "
               "He said the budget would cover them.")
    she = _source_of(doc, "She")
    assert [m.text for m in she.mentions] == ["She"]
