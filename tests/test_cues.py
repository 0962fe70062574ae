"""Cue detection through the public API (``analyze_text``), one table per cue type.

Every sentence here was invented for this file. A row lists cues that must be present with
exactly that span text; other cues may be present too (cues of different types may overlap,
e.g. "reportedly" is both a hedge and an attribution). The negative table asserts that a cue
type does not fire at all (or not with a given text).

Rows marked ``xfail(strict=True)`` are cases where the library currently disagrees with a
careful reader of news; each reason names the cue and the rule thought to be at fault.
"""

from __future__ import annotations

import pytest
from conftest import known_bug

from scoring.extract import analyze_sentence_list, analyze_text
from scoring.types import CUE_TYPES, SentenceResult





def _pairs(result: SentenceResult) -> list[tuple[str, str]]:
    return [(c.type, c.text) for c in result.cues]


def _assert_has(result: SentenceResult, expected: list[tuple[str, str]]) -> None:
    got = _pairs(result)
    missing = [e for e in expected if e not in got]
    assert not missing, f"missing {missing}; got {got}"


# ---------------------------------------------------------------------------------------------
# hedges
# ---------------------------------------------------------------------------------------------

# fmt: off
HEDGE_CASES = [
    # what no one knows yet, stated as such (one span, contracted or not)
    ("It is too early to say whether the vaccine works.",   [("hedge", "too early to say")]),
    ("It is difficult to predict how voters will react.",   [("hedge", "difficult to predict")]),
    ("It’s not yet clear how many homes were lost.",        [("hedge", "It’s not yet clear")]),
    ("It isn't known how the fire started.",                [("hedge", "It isn't known")]),
    # the writer's or speaker's own opinion, and a stated limit of knowledge
    ("In my view, the ferry should run on Sundays.",         [("hedge", "In my view")]),
    ("As far as we can tell, the dam is sound.",            [("hedge", "As far as we can tell")]),
    ("The figures should be interpreted with caution.",     [("hedge", "interpreted with caution")]),
    ("The figures are provisional and may be revised.",     [("hedge", "may")]),
    ("Treat the rankings with a pinch of salt.",            [("hedge", "with a pinch of salt")]),
    ("I think the bridge will hold.",                       [("hedge", "think")]),
    ("A leaked memo purports to show the deal was signed.", [("hedge", "purports to")]),
    # stated uncertainty: not yet known, to be seen, more research needed, unsourced indications
    ("The cause of the fire is not yet known.",             [("hedge", "is not yet known")]),
    ("I think it's a fair price.",                          [("hedge", "think")]),
    ("It remains to be seen whether the truce will hold.",  [("hedge", "remains to be seen")]),
    ("The pill may help, though more research is needed.",  [("hedge", "more research is needed")]),
    ("There are indications that the dam was leaking.",     [("hedge", "There are indications")]),
    ("The storm is more likely to hit the coast.",          [("hedge", "more likely")]),
    ("The storm may reach the coast by Friday.",            [("hedge", "may")]),
    ("Rainfall in May may exceed the average.",             [("hedge", "may")]),
    ("The heatwave may last until May.",                    [("hedge", "may")]),
    # Sentence-initial modal "May" (permission/optative): the lexicon treats every modal "may"
    # as a hedge and does not separate deontic from epistemic senses; documented, not asserted
    # as a bug.
    ("The storm might strengthen overnight.",               [("hedge", "might")]),
    ("The levee could fail.",                               [("hedge", "could")]),
    ("The election could be held in May.",                  [("hedge", "could")]),
    ("Apparently the shop had closed.",                     [("hedge", "Apparently")]),
    ("The rebels apparently withdrew.",                     [("hedge", "apparently")]),
    ("The minister reportedly resigned.",                   [("hedge", "reportedly")]),
    ("The alleged fraud went unnoticed.",                   [("hedge", "alleged")]),
    ("The fire was possibly set on purpose.",               [("hedge", "possibly")]),
    ("Perhaps the figures are wrong.",                      [("hedge", "Perhaps")]),
    ("The so-called reform failed.",                        [("hedge", "so-called")]),
    ("The so called reform failed.",                        [("hedge", "so called")]),
    ("It remains unclear who fired first.",                 [("hedge", "It remains unclear")]),
    ("The cause of the fire is unknown.",                   [("hedge", "is unknown")]),
    ("It is not clear whether the talks will resume.",      [("hedge", "It is not clear")]),
    ("The ship appears to have sunk.",                      [("hedge", "appears")]),
    ("Rain seems likely on Sunday.",                        [("hedge", "seems")]),
    ("The data suggest that the virus is spreading.",       [("hedge", "suggest")]),
    ("It is believed that the ship sank.",                  [("hedge", "It is believed")]),
    ("The agency is expected to approve the drug.",         [("hedge", "is expected to")]),
    ("Investigators are examining whether the brakes failed.", [("hedge", "examining whether")]),
    pytest.param("The suspect is thought to be hiding in the hills.", [("hedge", "is thought to")]),
    pytest.param("The suspect is thought to have fled.", [("hedge", "is thought to")]),
    pytest.param("The bill is said to be popular.", [("hedge", "is said to")]),
    # a doubt stated outright
    ("It is far from clear whether the vaccine works.", [("hedge", "is far from clear")]),
    ("The motive was not entirely clear.", [("hedge", "was not entirely clear")]),
    ("The outcome is anything but certain.", [("hedge", "is anything but certain")]),
    # an allegation, not a finding
    ("The cashier is accused of taking $4,000 from the till.", [("hedge", "is accused of")]),
    ("Both officers were suspected of lying under oath.", [("hedge", "were suspected of")]),
    # a toll not yet confirmed
    ("Nine fishermen are feared dead after the storm.", [("hedge", "are feared dead")]),
    ("The pilot was presumed drowned.", [("hedge", "was presumed drowned")]),
    ("Dozens of workers were still believed trapped in the mine.", [("hedge", "were still believed trapped")]),
]
# fmt: on


@pytest.mark.parametrize("sentence, expected", HEDGE_CASES)
def test_when_hedge_in_sentence_then_hedge_cue_with_exact_text(analyze, sentence, expected):
    _assert_has(analyze(sentence), expected)


# ---------------------------------------------------------------------------------------------
# attribution cues
# ---------------------------------------------------------------------------------------------

# fmt: off
ATTRIBUTION_CASES = [
    # a non-answer; court reporting, where the witness may go unnamed
    ("The club would neither confirm nor deny the rumour.",  [("attribution", "neither confirm nor deny")]),
    # one cue for the verb and the channel, with a modifier before the channel
    ("A spokeswoman said in an emailed statement that talks continue.", [("attribution", "said in an emailed statement")]),
    ("The mayor said at a news conference that the road would reopen.", [("attribution", "said at a news conference")]),
    ("The coach wrote in a Facebook post that he was sorry.", [("attribution", "wrote in a Facebook post")]),
    # refusals and non-answers, contracted or not, with either apostrophe
    ("The company would not comment on the report.",        [("attribution", "would not comment")]),
    ("She wouldn't say whether she would run again.",       [("attribution", "wouldn't say")]),
    ("Officials didn't respond to a request for comment.",  [("attribution", "didn't respond")]),
    ("The ministry hasn’t responded to questions.",         [("attribution", "hasn’t responded")]),
    ("A spokesman didn’t return calls seeking comment.",    [("attribution", "didn’t return")]),
    ("The jury heard that the driver had been speeding.",   [("attribution", "heard")]),
    ("The tribunal was told the nurse had been dismissed.", [("attribution", "was told")]),
    ("The utility did not immediately respond to a request for comment.", [("attribution", "did not immediately respond")]),
    ("The ministry announced new limits on fishing.",       [("attribution", "announced")]),
    ("Officials put the death toll at 37.",                 [("attribution", "put the death toll at")]),
    ("Analysts peg the cost at $2 billion.",                [("attribution", "peg the cost at")]),
    ("Maria Lopez told reporters the road was closed.",     [("attribution", "told")]),
    ("According to the ministry, the bridge is closed.",    [("attribution", "According to")]),
    ("Water levels rose, according to the Coastal Monitoring Network.", [("attribution", "according to")]),
    ("The vote was delayed, as reported by Reuters.",       [("attribution", "as reported by")]),
    ("Water levels rose, the ministry said in a statement.", [("attribution", "said in a statement")]),
    ("The company claims the product is safe.",             [("attribution", "claims")]),
    ("She claims the vote was rigged.",                     [("attribution", "claims")]),
    ("The firm claims record profits.",                     [("attribution", "claims")]),
    ("The minister reportedly resigned.",                   [("attribution", "reportedly")]),
    ("Court documents show the payments were late.",        [("attribution", "show")]),
    ("The company claims that sales doubled.",              [("attribution", "claims")]),
    # phrasal stance verbs: the whole phrase is the cue
    ("The senator lashed out at the plan.",                 [("attribution", "lashed out")]),
    ("Critics hit back at the ministry.",                   [("attribution", "hit back")]),
    ("The union called for a strike.",                      [("attribution", "called for")]),
    ("The minister brushed off the criticism.",             [("attribution", "brushed off")]),
    ("Officials pushed back against the report.",           [("attribution", "pushed back")]),
    ("The senator called the plan a disgrace.",             [("attribution", "called")]),
    # progressive forms: the auxiliary belongs to the cue (a bare "is telling" is no passive)
    ("The governor is telling voters the plan will work.",  [("attribution", "is telling")]),
    ("Aid groups were warning of a famine by March.",      [("attribution", "were warning")]),
    ("Ms. Okafor has been arguing for a smaller budget.",   [("attribution", "been arguing")]),
]
# fmt: on


@pytest.mark.parametrize("sentence, expected", ATTRIBUTION_CASES)
def test_when_reporting_cue_in_sentence_then_attribution_cue_with_exact_text(analyze, sentence, expected):
    _assert_has(analyze(sentence), expected)


# ---------------------------------------------------------------------------------------------
# vague sources
# ---------------------------------------------------------------------------------------------

# fmt: off
VAGUE_SOURCE_CASES = [
    ("Experts say the dam is unsafe.",                      [("vague_source", "Experts")]),
    ("Fares will rise, though some warn that demand may fall.", [("vague_source", "some warn")]),
    ("Others predicted that the strike would spread.",      [("vague_source", "Others predicted")]),
    ("Some observers doubt the official figures.",          [("vague_source", "Some observers")]),
    ("It is believed that the ship sank.",                  [("vague_source", "It is believed")]),
    ("Sources close to the minister denied the report.",    [("vague_source", "Sources close to")]),
    ("People familiar with the matter said the deal was near.", [("vague_source", "People familiar with")]),
    ("Critics argue the plan is too costly.",               [("vague_source", "Critics")]),
    ("The painter is widely regarded as a genius.",         [("vague_source", "widely regarded")]),
    ("Some say the dam is unsafe.",                         [("vague_source", "Some say")]),
    ("Many believe the dam is unsafe.",                     [("vague_source", "Many believe")]),
    ("Local media reported the bridge was safe.",           [("vague_source", "Local media reported")]),
    ("A government source said the talks had stalled.",     [("vague_source", "A government source")]),
    pytest.param("A senior government source said the talks had stalled.", [("vague_source", "A senior government source")]),
    ("Two officials spoke on condition of anonymity.",      [("vague_source", "on condition of anonymity")]),
    ("The scheme has plainly failed, say experts.",          [("vague_source", "say experts")]),
    ("Some would argue that the fee is too high.",          [("vague_source", "Some would argue")]),
    # a source unnamed at its own request
    ("A guard, who asked not to be named, said the gate was open.", [("vague_source", "asked not to be named")]),
    ("One nurse declined to be identified for fear of losing her job.", [("vague_source", "declined to be identified")]),
    ("An engineer who requested anonymity said the dam leaked.", [("vague_source", "requested anonymity")]),
    ("The aide was granted anonymity to describe the talks.", [("vague_source", "granted anonymity")]),
    # hearsay and legend as the only source
    ("Rumour has it that the ferry will stop running.",     [("vague_source", "Rumour has it")]),
    ("Legend has it that the well never runs dry.",         [("vague_source", "Legend has it")]),
    ("According to local tradition, a monk built the mill.", [("vague_source", "According to local tradition")]),
    ("The bridge, according to rumours, will close.",       [("vague_source", "according to rumours")]),
]
# fmt: on


# A learned adverb next to a reporting verb is part of that verb's cue, not a second attribution.
# fmt: off
ADVERB_JOIN_CASES = [
    ("Marta Olsen has repeatedly denied the report.",       "repeatedly denied", "Marta Olsen"),
    ("The minister publicly said the plan would fail.",     "publicly said",     "The minister"),
    ("Officials privately told donors the vote was lost.",  "privately told",    "Officials"),
    ("The mayor said privately that the plan would fail.",  "said privately",    "The mayor"),
]
# fmt: on


@pytest.mark.parametrize("sentence, cue, source", ADVERB_JOIN_CASES)
def test_when_learned_adverb_touches_a_reporting_verb_then_one_attribution(analyze, sentence, cue, source):
    r = analyze(sentence)
    assert [(a.cue.text, a.source.text if a.source else None) for a in r.attributions] == [(cue, source)]
    assert [c.text for c in r.cues if c.type == "attribution"] == [cue]
    a = r.attributions[0].cue
    assert sentence[a.start:a.end] == cue


@pytest.mark.parametrize("sentence, expected", VAGUE_SOURCE_CASES)
def test_when_unidentifiable_source_then_vague_source_cue_with_exact_text(analyze, sentence, expected):
    _assert_has(analyze(sentence), expected)


# ---------------------------------------------------------------------------------------------
# unverified caveats
# ---------------------------------------------------------------------------------------------

# fmt: off
UNVERIFIED_CASES = [
    # the verifier as agent: the caveat stands ("confirmed by the Senate" is another sense)
    ("The video could not be verified by the Tribune.",     [("unverified", "could not be verified")]),
    ("The claim could not be independently verified.",     [("unverified", "could not be independently verified")]),
    ("The footage could not be geolocated.",               [("unverified", "could not be geolocated")]),
    ("The results have yet to be replicated by another lab.", [("unverified", "have yet to be replicated")]),
    ("The merger has yet to be confirmed.",                 [("unverified", "has yet to be confirmed")]),
    ("The report has not been confirmed.",                  [("unverified", "has not been confirmed")]),
    ("The death toll could not be confirmed.",              [("unverified", "could not be confirmed")]),
    ("Reporters were unable to verify the footage.",        [("unverified", "unable to verify")]),
    ("Reuters could not independently verify the footage.", [("unverified", "could not independently verify")]),
    ("The unverified video spread quickly.",                [("unverified", "unverified")]),
    ("He said without evidence that the vote was rigged.",  [("unverified", "without evidence")]),
    ("The senator repeated, without evidence, that ballots were destroyed.", [("unverified", "without evidence")]),
    ("The senator offered no evidence for the claim.",      [("unverified", "offered no evidence")]),
    ("Local media reported that two people were injured, but this could not be independently confirmed.",
     [("unverified", "could not be independently confirmed"), ("attribution", "reported")]),
    # science and accounts: results not replicated, preprints not peer reviewed, figures not audited
    ("The results have not been independently replicated.", [("unverified", "have not been independently replicated")]),
    ("The preprint has not yet been peer reviewed.",        [("unverified", "has not yet been peer reviewed")]),
    ("The study has not been peer-reviewed.",               [("unverified", "has not been peer-reviewed")]),
    ("The club's figures have not been audited.",           [("unverified", "have not been audited")]),
    ("The firm published unaudited accounts.",              [("unverified", "unaudited")]),
    # contracted negations are one token ("couldn't"), straight or typographic apostrophe
    ("Police couldn't confirm the report.",                 [("unverified", "couldn't confirm")]),
    ("The agency cannot verify the claims.",                [("unverified", "cannot verify")]),
    ("We can’t independently verify the video.",            [("unverified", "can’t independently verify")]),
    ("The footage couldn’t be verified.",                   [("unverified", "couldn’t be verified")]),
    ("The study could not prove cause and effect.",         [("unverified", "could not prove")]),
]
# fmt: on


@pytest.mark.parametrize("sentence, expected", UNVERIFIED_CASES)
def test_when_verification_caveat_then_unverified_cue_with_exact_text(analyze, sentence, expected):
    _assert_has(analyze(sentence), expected)


# ---------------------------------------------------------------------------------------------
# approximations
# ---------------------------------------------------------------------------------------------

# fmt: off
APPROXIMATION_CASES = [
    ("The survey has a margin of error of plus or minus 4 percentage points.", [("approximation", "plus or minus 4 percentage points")]),
    ("Nearly 200 people were evacuated.",                   [("approximation", "Nearly 200")]),
    # a unit after a range belongs to it; "per" (per share, per cent) does not
    ("Earnings will be between $3.10 and $3.30 per share.", [("approximation", "between $3.10 and $3.30")]),
    ("From 2,000 to 3,000 homes lost power.",               [("approximation", "From 2,000 to 3,000")]),
    ("Roughly 3,500 homes lost power.",                     [("approximation", "Roughly 3,500")]),
    ("At least 12 people died in the floods.",              [("approximation", "At least 12")]),
    ("Ticket sales rose by at least 12 percent.",           [("approximation", "at least 12 percent")]),
    ("Dozens of families fled the valley.",                 [("approximation", "Dozens")]),
    ("Up to 40 trucks were sent.",                          [("approximation", "Up to 40")]),
    ("Between 200 and 300 workers joined the strike.",      [("approximation", "Between 200 and 300")]),
    ("An estimated 3,000 people attended.",                 [("approximation", "An estimated 3,000")]),
    ("The army has some 5,000 troops in the region.",       [("approximation", "some 5,000")]),
    ("Nearly half of voters stayed home.",                  [("approximation", "Nearly half")]),
    ("A handful of protesters remained.",                   [("approximation", "A handful of")]),
    ("The crowd was in excess of 10,000.",                  [("approximation", "in excess of")]),
    ("The company hired around 50 workers.",                [("approximation", "around 50")]),
    pytest.param("The repairs cost more than $5 million.", [("approximation", "more than $5 million")]),
    pytest.param("The fund paid about $5 million.", [("approximation", "about $5 million")]),
    pytest.param("More than a third of the homes were damaged.", [("approximation", "More than a third")]),
    # a magnitude without a number, and an estimate stated as a passive
    ("Damage is estimated at several million dollars.",     [("approximation", "several million")]),
    ("More than two million people watched the final.",     [("approximation", "More than two million")]),
    ("A few hundred fans waited outside.",                  [("approximation", "A few hundred")]),
    ("The crowd was estimated at 8,000.",                   [("approximation", "estimated at 8,000")]),
    ("Losses were put at $3 million.",                      [("approximation", "put at $3 million")]),
    # bounds in words, and "as many as"
    ("The player could miss up to three weeks.",            [("approximation", "up to three")]),
    ("Up to a third of the crop was lost.",                 [("approximation", "Up to a third")]),
    ("As many as 300 people were hurt.",                    [("approximation", "As many as 300")]),
    ("Rents rose as much as 12 percent.",                   [("approximation", "as much as 12 percent")]),
    ("As many as five ministers may resign.",               [("approximation", "As many as five")]),
]
# fmt: on


@pytest.mark.parametrize("sentence, expected", APPROXIMATION_CASES)
def test_when_vague_quantity_then_approximation_cue_with_exact_text(analyze, sentence, expected):
    _assert_has(analyze(sentence), expected)


# ---------------------------------------------------------------------------------------------
# negatives: (sentence, cue type, text or None = no cue of that type at all)
# ---------------------------------------------------------------------------------------------

# fmt: off
NEGATIVE_CASES = [
    # "May" the month
    ("The festival opens in May.",                          "hedge", None),
    # "put ... at" a place, not a figure
    ("She put the book at the end of the shelf.",           "attribution", None),
    ("The chef is not known for his patience.",             "hedge", None),
    ("Believe it or not, the bridge held.",                 "hedge", None),
    ("The answer was not clear to the jury.",               "hedge", None),
    # a period is no approximation, nor a change from one figure to another
    ("He ran the charity between 2016 and 2019.",           "approximation", None),
    ("Fares rose from 2 to 3 euros.",                       "approximation", None),
    # a measured ratio is a finding, not a hedge ("more likely" alone is one)
    ("Patients on the drug were 40 percent less likely to be admitted.", "hedge", None),
    ("Smokers were three times more likely to fall ill.",  "hedge", None),
    ("The vote is set for May 5.",                          "hedge", "May"),
    ("The harbour reopened in early May.",                  "hedge", None),
    ("Since May, prices have doubled.",                     "hedge", None),
    ("Talks resumed on May 12 after a pause.",              "hedge", None),
    ("Prices fell sharply in May and June.",                "hedge", None),
    ("May 5 was chosen as the date.",                       "hedge", None),
    ("May and June were dry.",                              "hedge", None),
    ("The museum opens in mid-May.",                        "hedge", None),
    ("Theresa May resigned as prime minister.",             "hedge", None),
    pytest.param("May was the wettest month on record.",    "hedge", None),
    ("May I ask a question?",                               "hedge", None),  # a request, not uncertainty
    ("May the best team win.",                              "hedge", None),  # a wish
    pytest.param("May brought record rain to the valley.",  "hedge", None),
    pytest.param("The vote is set for May 5.",              "hedge", None),
    # "claims" the noun
    ("Insurance claims rose 4 percent.",                    "attribution", None),
    ("The claims were rejected by the court.",              "attribution", None),
    ("Jobless claims fell last week.",                      "attribution", None),
    ("All claims must be filed by Friday.",                 "attribution", None),
    ("The insurer paid the claims.",                        "attribution", None),
    # "according to" without a source
    ("The launch went according to plan.",                  "attribution", None),
    ("The plan went according to plan.",                    "attribution", None),
    ("Everything proceeded according to plan.",             "attribution", None),
    ("Things did not go according to plan.",                "attribution", None),
    ("The dosage varies according to age.",                 "attribution", None),
    ("Fees vary according to income.",                      "attribution", None),
    ("The team performed according to expectations.",       "attribution", None),
    # reporting verbs in other senses
    pytest.param("Talks resumed on May 12 after a pause.",  "attribution", None),
    pytest.param("Peace talks resumed on Monday.",          "attribution", None,
                 marks=known_bug("the learned context model (attribution.context) reads 'talks' as speech here")),
    pytest.param("The minister said talks had stalled.",    "attribution", "talks"),
    pytest.param("The so called reform failed.",            "attribution", None),
    pytest.param("The death toll could not be confirmed.",  "attribution", None),
    pytest.param("The report has not been confirmed.",      "attribution", None),
    pytest.param("Damage was estimated at $3 million.",     "attribution", None),
    # stance verbs in non-speech senses (cancel, postpone, continue, strike, contract)
    ("Rain called off the match in the second half.",      "attribution", None),
    ("The club called off the friendly.",                   "attribution", None),
    ("The army called up 5,000 reservists.",                "attribution", None),
    ("Organisers pushed back the opening by a week.",       "attribution", None),
    ("The team went on to win the final.",                  "attribution", None),
    ("The show went on despite the rain.",                  "attribution", None),
    ("Oil prices hit a record high in March.",              "attribution", None),
    ("The company signed a lease for a new office.",        "attribution", None),
    ("The bill passed the Senate on Tuesday.",              "attribution", None),
    ("Millions voted on Sunday.",                           "attribution", None),
    ("A village called Hope was flooded.",                  "attribution", None),
    # numbers that are not approximations
    ("The senator talked about 2024 at length.",            "approximation", None),
    ("The team won over 3 rounds.",                         "approximation", None),
    ("She won over 3 rounds of voting.",                    "approximation", None),
    ("The game was played at 3 p.m. on Friday.",            "approximation", None),
    ("The group met in 2019 and 2020.",                     "approximation", None),
    ("Officials counted 200 ballots.",                      "approximation", None),
    ("She scored 12 points in the first half.",             "approximation", None),
    ("The town has a population of 200.",                   "approximation", None),
    # verification language that is not a caveat
    ("The figures have been confirmed by the ministry.",    "unverified", None),
    ("The ministry confirmed the figures.",                 "unverified", None),
    # a verification verb inside a caveat is no attribution cue (the caveat is the cue)
    ("Local media reported that two people were injured, but this could not be independently confirmed.", "attribution", "confirmed"),
    ("The toll rose to 12, though this could not be confirmed independently.", "attribution", "confirmed"),
    ("The figure was reported online but could not be immediately confirmed.", "attribution", "confirmed"),
    ("Two soldiers were killed, a claim that has not been officially confirmed.", "attribution", "confirmed"),
    # "reviewed" alone is no verification caveat; "peer reviewed" is
    ("The grant application was not reviewed on time.",     "unverified", None),
    ("The study was peer reviewed by three referees.",      "unverified", None),
    # passives and non-speech progressives are no attribution
    ("The plan was announced on Monday.",                  "attribution", None),
    ("The results are promising for the harvest.",         "attribution", None),
    ("The striker was attacking the far post all evening.", "attribution", None),
    # nothing vague here
    ("The ministry announced new limits on fishing.",       "vague_source", None),
    ("Maria Lopez told reporters the road was closed.",     "vague_source", None),
    # an anonymity request is no reporting act of its own
    ("A guard, who asked not to be named, said the gate was open.", "attribution", "asked"),
    ("An engineer who requested anonymity said the dam leaked.", "attribution", "requested"),
    # a noun after a document's modifier: no subject by number ("brochure ... project")
    ("The brochure for the new bridge project was printed in May.", "attribution", None),
    # a condition, a passive and a noun are no reporting act or belief
    ("The findings, if confirmed, would change the guidance.", "attribution", "confirmed"),
    ("The statue, long thought to be lost, turned up in a barn.", "attribution", None),
    ("The judge has not been confirmed by the Senate.",     "unverified", None),
    ("The jury was told to ignore the remark.",             "attribution", None),
    ("As far as I can tell, the bridge is sound.",          "attribution", None),
    # a polling term; victims are no sources; a belief as a noun
    ("The poll surveyed 900 likely voters in March.",       "hedge", None),
    ("At least 30 people have died in the floods.",         "vague_source", None),
    ("Twelve people are feared dead in the fire.",          "vague_source", None),
    ("The move put the team at risk.",                      "approximation", None),
    ("The mayor accused the council of wasting money.",     "hedge", None),
    ("The judge has yet to be confirmed by the Senate.",    "unverified", None),
    ("The several hundred-page report was late.",           "hedge", None),
    ("Two hikers were presumed lost on the ridge.",         "vague_source", None),
    ("The new data confirm those fears.",                   "hedge", "fears"),
    ("Growth was slightly below economists' forecasts.",    "hedge", "forecasts"),
    # a compound noun after a determiner states no belief
    ("The company cut its annual revenue forecast.",        "hedge", None),
    ("The bank raised its growth estimate for the year.",   "hedge", None),
    # "up" of a change, "up to" a task, "did not return" to a place: no bound, no refusal
    ("Prices were up three percent on the year.",           "approximation", None),
    ("She is up to the task.",                              "approximation", None),
    ("The new rules make it hard to say no to donors.",     "hedge", None),
    ("The minister didn't return to banking after the election.", "attribution", None),
]
# fmt: on


@pytest.mark.parametrize("sentence, cue_type, text", NEGATIVE_CASES)
def test_when_no_such_cue_then_type_does_not_fire(analyze, sentence, cue_type, text):
    assert cue_type in CUE_TYPES
    got = [c for c in analyze(sentence).cues if c.type == cue_type and (text is None or c.text == text)]
    assert not got, [(c.type, c.text, c.rule) for c in got]


# ---------------------------------------------------------------------------------------------
# quotes
# ---------------------------------------------------------------------------------------------

# fmt: off
QUOTE_STYLES = [
    '"It may be worse," the mayor said.',
    "\u201cIt may be worse,\u201d the mayor said.",
    "'It may be worse,' the mayor said.",
    "\u2018It may be worse,\u2019 the mayor said.",
    "\u00abIt may be worse,\u00bb the mayor said.",
    "''It may be worse,'' the mayor said.",  # two apostrophes as a double quote (ASCII archives)
]
# fmt: on


@pytest.mark.parametrize("sentence", QUOTE_STYLES)
def test_when_hedge_inside_quote_then_quoted_and_speech_verb_not(analyze, sentence):
    r = analyze(sentence)
    may = [c for c in r.cues if c.type == "hedge" and c.text == "may"]
    said = [c for c in r.cues if c.type == "attribution" and c.text == "said"]
    assert len(may) == 1 and may[0].quoted is True
    assert len(said) == 1 and said[0].quoted is False
    assert [a.cue.text for a in r.attributions] == ["said"]
    assert r.attribution.source.text == "the mayor"


def test_when_attribution_inside_quote_then_it_is_a_quoted_cue_not_an_attribution(analyze):
    r = analyze("\u201cOfficials said the dam was safe,\u201d Maria Lopez told reporters.")
    inner = [c for c in r.cues if c.text == "said"]
    assert len(inner) == 1 and inner[0].quoted and inner[0].type == "attribution"
    assert [a.cue.text for a in r.attributions] == ["told"]
    assert r.attribution.source.text == "Maria Lopez"


def test_when_hedge_outside_quote_then_not_quoted(analyze):
    r = analyze('The mayor said the levee could fail, but "we are ready."')
    could = [c for c in r.cues if c.text == "could"]
    assert len(could) == 1 and could[0].quoted is False


def test_when_doubled_apostrophes_quote_then_narration_between_quotes_is_not_quoted():
    # Read as single quotes, the pairs fall out of step after a quote that ends on a word and
    # the narration between two quotes ("she said") is taken for quoted text.
    text = ("The mayor called the plan ''a mistake we may regret'' on Monday. "
            "''The levee could fail,'' she said, and the council might vote again.")
    doc = analyze_text(text)
    cues = [(c.text, c.quoted) for s in doc.sentences for c in s.cues if c.type in ("hedge", "attribution")]
    assert ("may", True) in cues and ("could", True) in cues
    assert ("might", False) in cues and ("said", False) in cues
    (said,) = [a for s in doc.sentences for a in s.attributions if a.cue.text == "said"]
    assert said.source.text == "she"


def test_when_apostrophes_then_not_taken_for_quotes(analyze):
    r = analyze("The players' union said the deal might collapse and it's not over.")
    assert all(not c.quoted for c in r.cues), [(c.text, c.quoted) for c in r.cues]


def test_when_quote_spans_two_sentences_then_both_sentences_are_quoted():
    text = "\u201cThe dam might break. It could happen tonight,\u201d Maria Lopez said."
    doc = analyze_text(text)
    assert len(doc.sentences) == 2
    first, second = doc.sentences
    assert [(c.text, c.quoted) for c in first.cues if c.type == "hedge"] == [("might", True)]
    assert [(c.text, c.quoted) for c in second.cues if c.type == "hedge"] == [("could", True)]
    assert [(a.cue.text, a.source.text) for a in second.attributions] == [("said", "Maria Lopez")]


def test_when_quote_opens_after_colon_and_continues_then_next_sentence_is_quoted():
    text = "The mayor said: \u201cThe water is rising. It may get worse.\u201d"
    doc = analyze_text(text)
    assert len(doc.sentences) == 2
    assert [(c.text, c.quoted) for c in doc.sentences[1].cues] == [("may", True)]
    assert doc.sentences[0].attribution.source.text == "The mayor"


def test_when_quote_straight_spans_sentences_then_quoted_in_each():
    text = '"The water is rising. We may have to leave tonight," said the mayor.'
    doc = analyze_text(text)
    assert len(doc.sentences) == 2
    hedges = [(c.text, c.quoted) for c in doc.sentences[1].cues if c.type == "hedge"]
    assert hedges == [("may", True)]
    assert doc.sentences[1].attribution.source.text == "the mayor"


def test_when_quote_is_in_next_paragraph_then_it_does_not_leak():
    text = "\u201cThe dam might break,\u201d she said.\n\nThe levee could fail, engineers warned."
    doc = analyze_text(text)
    last = doc.sentences[-1]
    assert [(c.text, c.quoted) for c in last.cues if c.type == "hedge"] == [("could", False)]


def test_when_sentence_list_holds_a_quote_then_quoted_flags_match_analyze_text():
    s = "\u201cIt may be worse,\u201d the mayor said."
    (r,) = analyze_sentence_list([s])
    assert [(c.text, c.quoted) for c in r.cues] == [(c.text, c.quoted) for c in analyze_text(s).sentences[0].cues]


# ---------------------------------------------------------------------------------------------
# spans
# ---------------------------------------------------------------------------------------------

# fmt: off
PARAGRAPHS = [
    "Nearly 200 people were evacuated on Tuesday, officials said. The cause of the fire is unknown, "
    "and the claims could not be independently verified.\n\nExperts say the dam may fail. "
    "\u201cIt might break tonight,\u201d Maria Lopez, a spokeswoman for the fire department, told reporters.",

    "According to a UN report, roughly 3,500 homes lost power.  Some observers doubt the figures, "
    "which apparently came from the so-called Coastal Monitoring Network (CMN).\r\n"
    "Reuters could not independently verify the footage. The minister reportedly resigned \U0001F30A.",

    "  \u00a0Sources close to the minister said dozens of families fled. It remains unclear who fired first;"
    " the governor, who said up to 40 trucks were sent, is thought to be abroad.\n"
    "\u00abIt may be worse,\u00bb the mayor said. Between 200 and 300 workers joined, an estimated 3,000 marched.",
]
# fmt: on


@pytest.mark.parametrize("doc_text", PARAGRAPHS)
def test_when_paragraph_analysed_then_every_span_indexes_the_document(doc_text):
    doc = analyze_text(doc_text)
    n_cues = 0
    for r in doc.sentences:
        s = r.sentence
        assert doc_text[s.start : s.end] == s.text
        for c in r.cues:
            n_cues += 1
            assert doc_text[c.start : c.end] == c.text
            assert s.start <= c.start < c.end <= s.end
        for a in r.attributions:
            assert a.cue in r.cues
            if a.source is not None:
                assert doc_text[a.source.start : a.source.end] == a.source.text
                assert s.start <= a.source.start < a.source.end <= s.end
    assert n_cues >= 6


def test_when_to_dict_then_cues_round_trip(analyze):
    r = analyze("Experts say the dam may fail, according to the ministry.")
    d = r.to_dict()
    assert [(c["type"], c["text"], c["quoted"]) for c in d["cues"]] == [(c.type, c.text, c.quoted) for c in r.cues]
    assert d["attribution"]["cue"]["text"] == r.attribution.cue.text


# fmt: off
CONTINUED_QUOTES = [
    ("It could happen tonight,\u201d Maria Lopez said.", "could", "said"),
    ('It could happen tonight," Maria Lopez said.', "could", "said"),
    pytest.param('The dam might break," she said.', "might", "said"),
]
# fmt: on


@pytest.mark.parametrize("sentence, hedge, verb", CONTINUED_QUOTES)
def test_when_sentence_alone_closes_a_quote_then_hedge_quoted_and_verb_not(sentence, hedge, verb):
    """A sentence-per-item corpus cuts multi-sentence quotes: the item holds only the closer."""
    (r,) = analyze_sentence_list([sentence])
    flags = {c.text: c.quoted for c in r.cues}
    assert flags.get(hedge) is True and flags.get(verb) is False, flags
    assert [a.cue.text for a in r.attributions] == [verb]


def test_when_whitespace_table_then_it_is_the_tokenizers_whitespace_everywhere():
    """DocumentTokens finds token offsets from a table of ``\\s`` below _WS_LIMIT; every
    whitespace code point must be in it (else documents holding one take the slow path)."""
    import re

    from scoring.cues import _IS_SPACE, _WS_LIMIT

    every = "".join(map(chr, range(0x110000)))
    spaces = [m.start() for m in re.finditer(r"\s", every)]
    assert spaces and max(spaces) < _WS_LIMIT
    assert sorted(map(int, _IS_SPACE.nonzero()[0])) == spaces
    assert not _IS_SPACE[_WS_LIMIT]


# fmt: off
TOKEN_OFFSET_TEXTS = [
    "",
    "   \n\t ",
    "Officials said U.S. Sen. Ana Okafor's 4,000.5 homes—reportedly—flooded.",
    "a\u00a0b\u2009c\u3000d\u2028e\x1cf\x85g \u200bh",  # Unicode spaces; U+200B is no \s
    "e\u0301 \U0001F30A\U0001F30Ax \ud800 y\udfff z",  # combining mark, astral, lone surrogates
    "don\u2019t ''quoted'' \u201cit\u2019s\u201d 's 'S x's",
]
# fmt: on


@pytest.mark.parametrize("text", TOKEN_OFFSET_TEXTS)
def test_when_document_tokenised_then_offsets_are_the_match_offsets(text):
    from scoring.cues import DocumentTokens, _token_starts
    from scoring.lexicon import TOKEN_RE

    matches = list(TOKEN_RE.finditer(text))
    assert _token_starts(text, [m.group() for m in matches]) == [m.start() for m in matches]
    doc = DocumentTokens(text)
    toks = doc.sentence(0, len(text))
    assert toks.text == [m.group() for m in matches]
    assert [(toks.start(i), toks.end(i)) for i in range(len(toks))] == [m.span() for m in matches]


def test_when_token_lengths_do_not_cover_the_text_then_no_offsets():
    """The count check of _token_starts: tokens that do not account for every non-space
    character give None (DocumentTokens then reads the match objects) rather than wrong offsets."""
    from scoring.cues import _token_starts

    assert _token_starts("ab cd", ["ab", "d"]) is None
    assert _token_starts("ab cd", ["ab", "cd"]) == [0, 3]



# fmt: off
CANDIDATE_TEXTS = [
    "The figures could not be independently verified, and the study has not been peer reviewed.",
    "It is said that the mayor could not be reached; the cause is not yet known.",
    "Roughly 40 or so homes, 300-plus cars and 12 percent of the crops were lost, about 5,000 in all.",
    "Between 30 and 40 people, in the order of 200 cases, 7 or more, or an estimated 15 could",
    "In the words of one aide, it is not clear whether it is thought to be true",
    "could not",  # a two-word key at the sentence's end: no third word
    "it is",
    "12",
    "It remains to be seen whether more research is needed.",
]
# fmt: on


@pytest.mark.parametrize("text", CANDIDATE_TEXTS)
def test_when_rules_are_split_by_their_next_word_then_candidates_are_those_of_every_rule(text):
    """CueMatcher splits the two-word index and the number rules by the word after (_by_word);
    the candidates must be those of trying every rule of the lexicon's index lists."""
    from scoring.cues import CueMatcher, tokenize_sentence

    fast = CueMatcher()
    slow = CueMatcher(fast.lexicon)
    slow._index2 = {pair: (rules, {}) for pair, rules in fast.lexicon.index2.items()}
    slow._num_rules = (fast.lexicon.index.get("#NUM", []), {})
    toks = tokenize_sentence(text)
    got = fast._candidates(toks.lower, toks.text)
    assert got == slow._candidates(toks.lower, toks.text)
    assert got or text in ("could not", "it is", "12")


def test_when_rules_are_split_by_word_then_each_list_keeps_the_rules_that_can_match():
    from scoring.cues import _by_word
    from scoring.lexicon import Rule, TokenSpec

    def rule(rid, *specs):
        return Rule(id=rid, type="hedge", pattern=tuple(specs))

    w = TokenSpec("lower", frozenset({"be", "is"}))
    any_ = TokenSpec("shape", shape="lower")
    a = rule("x.a", w, w, TokenSpec("lower", frozenset({"known"})))
    b = rule("x.b", w, w)  # too short to read token 2
    c = rule("x.c", w, w, any_)  # token 2 is no word list
    d = rule("x.d", w, w, TokenSpec("lower", frozenset({"known", "clear"})))
    rest, by_word = _by_word([a, b, c, d], 2)
    assert rest == [b, c]
    assert by_word == {"known": [a, b, c, d], "clear": [b, c, d]}
