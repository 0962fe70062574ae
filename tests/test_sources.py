"""Attribution sources: which span a cue points to, and its kind.

Sentences are invented for this file. Each row: (sentence, cue text, expected source text,
expected kind). The attribution checked is the one whose cue has that text (not quoted).
``kind=None`` means only the source text is checked. Rows marked ``xfail(strict=True)`` are
current disagreements with a careful reader; the reason names the suspected rule.
"""

from __future__ import annotations

import pytest
from conftest import known_bug

from scoring.types import SOURCE_KINDS, Attribution, SentenceResult





def _attribution(result: SentenceResult, cue_text: str) -> Attribution:
    found = [a for a in result.attributions if a.cue.text == cue_text]
    assert found, f"no attribution with cue {cue_text!r}: {[a.cue.text for a in result.attributions]}"
    return found[0]


# fmt: off
SOURCE_CASES = [
    # --- source before the cue ---------------------------------------------------------------
    ("The ministry announced new limits on fishing.",            "announced",    "The ministry",                  "organization"),
    ("Maria Lopez told reporters the road was closed.",          "told",         "Maria Lopez",                   "named_person"),
    ("Dr. Amara Osei said the ward was full.",                   "said",         "Dr. Amara Osei",                "named_person"),
    ("Sen. Carla Reyes told reporters the vote would pass.",     "told",         "Sen. Carla Reyes",              "named_person"),
    ("Health Minister Anna Berg said the ward was full.",        "said",         "Health Minister Anna Berg",     "named_person"),
    ("Officials have also said the dam is safe.",                "said",         "Officials",                     "official_anonymous"),
    ("The senator on Tuesday dismissed the report.",             "dismissed",    "The senator",                   "named_person"),
    ("The Ministry of Health said the ward was full.",           "said",         "The Ministry of Health",        "organization"),
    ("The state's health minister said the ward was full.",      "said",         "The state's health minister",   "named_person"),
    # --- source after the cue ----------------------------------------------------------------
    ("Water levels rose, according to the Coastal Monitoring Network.", "according to", "the Coastal Monitoring Network", "organization"),
    ("According to Maria Lopez, the road is closed.",            "According to", "Maria Lopez",                   "named_person"),
    ("According to police, the driver fled.",                    "According to", "police",                        "official_anonymous"),
    ("According to witnesses, the car sped away.",               "According to", "witnesses",                     "vague"),
    ("According to one shopkeeper, the water rose in an hour.",  "According to", "one shopkeeper",                "vague"),
    ("The vote was delayed, as reported by Reuters.",            "as reported by", "Reuters",                     "media"),
    ("The plane crashed, according to local media.",             "according to", "local media",                   "media"),
    ("Water levels rose, said Maria Lopez.",                     "said",         "Maria Lopez",                   "named_person"),
    ('"We will rebuild," said the minister.',                    "said",         "the minister",                  "named_person"),
    # --- around quotes -----------------------------------------------------------------------
    ('"We will rebuild," the minister said.',                    "said",         "the minister",                  "named_person"),
    ("\u201cWe may never know,\u201d Maria Lopez said.",         "said",         "Maria Lopez",                   "named_person"),
    ("\u201cThe dam might break,\u201d she said.",               "said",         "she",                           "named_person"),
    ("Water levels rose, the ministry said in a statement.",     "said in a statement", "the ministry",           "organization"),
    # --- appositive, relative pronoun ---------------------------------------------------------
    ("Maria Lopez, a spokeswoman for the fire department, said the blaze was out.", "said", "Maria Lopez",      "named_person"),
    ("Maria Lopez, 43, said the dam was safe.",                  "said",         "Maria Lopez",                   "named_person"),
    ("Officials, speaking on condition of anonymity, said the gate was left open.", "said", "Officials",        "official_anonymous"),
    ("The order came from the governor, who said the roads must close.", "said", "the governor",                  "named_person"),
    ("The governor, who said the roads must close, left early.", "said",         "The governor",                  "named_person"),
    # --- pronouns ------------------------------------------------------------------------------
    ("He said the bridge was safe.",                             "said",         "He",                            "named_person"),
    ("It said the gate had failed twice.",                       "said",         "It",                            "organization"),
    ("She said the bridge was safe.",                            "said",         "She",                           "named_person"),
    ("Water levels rose, he said.",                              "said",         "he",                            "named_person"),
    ("I said the bridge was safe.",                              "said",         "I",                             "self"),
    ("We said the bridge was safe.",                             "said",         "We",                            "self"),
    ('"We will rebuild," we said.',                              "said",         "we",                            "self"),
    # --- official_anonymous --------------------------------------------------------------------
    ("Officials said the bridge was safe.",                      "said",         "Officials",                     "official_anonymous"),
    ("A senior official said the bridge was safe.",              "said",         "A senior official",             "official_anonymous"),
    ("Police said the bridge was safe.",                         "said",         "Police",                        "official_anonymous"),
    ("Water levels rose, a spokeswoman said.",                   "said",         "a spokeswoman",                 "official_anonymous"),
    # --- vague -----------------------------------------------------------------------------------
    ("Experts say the bridge is safe.",                          "say",          "Experts",                       "vague"),
    ("Some analysts believe the bridge is safe.",                "believe",      "Some analysts",                 "vague"),
    ("Residents said the water was brown.",                      "said",         "Residents",                     "vague"),
    ("A witness said the car was red.",                          "said",         "A witness",                     "vague"),
    ("A government source said the talks had stalled.",          "said",         "A government source",           "vague"),
    ("Some say the dam is unsafe.",                              "say",          "Some",                          "vague"),
    # --- media -----------------------------------------------------------------------------------
    ("The New York Times reported the bridge was safe.",         "reported",     "The New York Times",            "media"),
    ("Local media reported the bridge was safe.",                "reported",     "Local media",                   "media"),
    ("CNN reported the bridge was safe.",                        "reported",     "CNN",                           "media"),
    ("The Coastal Gazette reported the water was brown.",        "reported",     "The Coastal Gazette",           "media"),
    ("The newspaper reported the water was brown.",              "reported",     "The newspaper",                 "media"),
    # --- document --------------------------------------------------------------------------------
    ("According to a UN report, the bridge is safe.",            "According to", "a UN report",                   "document"),
    ("A UN report found the bridge was safe.",                   "found",        "A UN report",                   "document"),
    ("The report said the water was brown.",                     "said",         "The report",                    "document"),
    ("Court documents show the payments were late.",             "show",         "Court documents",               "document"),
    ("A leaked memo said the payments were late.",               "said",         "A leaked memo",                 "document"),
    # --- organization ----------------------------------------------------------------------------
    ("The company said the bridge was safe.",                    "said",         "The company",                   "organization"),
    ("The Regional Water Authority said the bridge was safe.",   "said",         "The Regional Water Authority",  "organization"),
    ("NATO said the bridge was safe.",                           "said",         "NATO",                          "organization"),
    ("The company claims the product is safe.",                  "claims",       "The company",                   "organization"),
    # --- "according to" + capitalised adjective + lower-case head noun ----------------------------
    ("The fire has spread, according to the Andalusian emergency service (Infoca).", "according to", "the Andalusian emergency service", "organization"),
    ("Ten people died, according to the Spanish health ministry.", "according to", "the Spanish health ministry", "organization"),
    ("Two suspects were held, according to the Italian interior ministry.", "according to", "the Italian interior ministry", "organization"),
    ("The talks resumed, as reported by the Chinese state news agency.", "as reported by", "the Chinese state news agency", None),
    ("The dam held, according to the Brazilian water regulator.", "according to", "the Brazilian water regulator", "official_anonymous"),
    # --- role of an organisation without a name: official_anonymous ------------------------------
    ("Police have opened an investigation, a spokeswoman for the Guardia Civil said.", "said", "a spokeswoman for the Guardia Civil", "official_anonymous"),
    ("A spokesman for the Coastal Water Board said the shaft was closed.", "said", "A spokesman for the Coastal Water Board", "official_anonymous"),
    ("A representative of the Red Cross told reporters the camp was full.", "told", "A representative of the Red Cross", "official_anonymous"),
    ("An official at the Interior Ministry said the border was closed.", "said", "An official at the Interior Ministry", "official_anonymous"),
    ("Spokeswoman Maria Lopez said the border was closed.",      "said",         "Spokeswoman Maria Lopez",       "named_person"),
    # --- role, then an appositive personal name -------------------------------------------------
    ("Its director, Ana Ruiz, said reforestation would cost 20 million euros.", "said", "Ana Ruiz", "named_person"),
    ("The agency's chief executive, Tomas Varga, said the deal was off.", "said", "Tomas Varga", "named_person"),
    ("The town's mayor, Lucia Castillo, told reporters the roads were open.", "told", "Lucia Castillo", "named_person"),
    ("Her spokesman, Dr. Felix Novak, denied the report.",       "denied",       "Dr. Felix Novak",               "named_person"),
    ("Its parent company, Brightline Capital, said it would appeal.", "said", "Its parent company",          "organization"),
    ("Her co-author, Peter Lindqvist, added that the sample was small.", "added", "Peter Lindqvist", "named_person"),
    # --- company names ending in a corporate word ------------------------------------------------
    ("Northvale Energy said output would fall.",                 "said",         "Northvale Energy",              "organization"),
    ("Tarsen Pharmaceuticals announced a recall.",               "announced",    "Tarsen Pharmaceuticals",        "organization"),
    ("Kestrel Airways said the flights were cancelled.",         "said",         "Kestrel Airways",               "organization"),
    ("Orion Semiconductors warned of weaker sales.",             "warned",       "Orion Semiconductors",          "organization"),
    ("Samantha Power said the vote was close.",                  "said",         "Samantha Power",                "named_person"),
    # --- a capitalised "-ly" word before the cue is a name, not an adverb to skip -----------------
    ("\u201cTaxes matter,\u201d Kelly said.",                   "said",         "Kelly",                         "named_person"),
    ("Connolly told reporters the bill was dead.",               "told",         "Connolly",                      "named_person"),
    ("Tomas Beverly said the plant would close.",                "said",         "Tomas Beverly",                 "named_person"),
    ("The mayor quickly said the plant would close.",            "quickly said", "The mayor",                     "named_person"),
    # --- "NAME, APPOSITIVE, said X ...": X opens the reported clause, it is not the speaker -------
    ("Lena Ortiz, 61, said he had been treated unfairly.",       "said",         "Lena Ortiz",                    "named_person"),
    ("Jonas Pike, who ran the county office, said the mayor had lied.", "said",  "Jonas Pike",                    "named_person"),
    ("The trader, a former banker, said prices would rise.",     "said",         "The trader",                    None),
    ("Omar Haddad, a farmer from the valley, told the Regional Courier that rain was late.", "told", "Omar Haddad", "named_person"),
    # ... but a phrase after the cue that closes the clause is the inverted speaker
    ("The dam is safe, said the minister.",                      "said",         "the minister",                  "named_person"),
    ("The road is closed, said Maria Lopez, a police spokeswoman.", "said",      "Maria Lopez",                   "named_person"),
    # --- a participle after a comma or a quote: the clause's subject speaks, not a phrase beside it
    ("Mayor Lina Park defended the budget on Monday, saying Northvale needed new buses.", "saying", "Mayor Lina Park", "named_person"),
    ("Ms. Park praised \u201clocal values,\u201d saying the Harbor District had shown courage.", "saying", "Ms. Park", "named_person"),
    ("The council rejected the plan in Ridgeford, adding that costs had doubled.", "adding", "The council", "organization"),
    # --- a coordinated cue whose next words open the reported clause
    ("Ms. Lopez opened the meeting and later said he had misled the board.", "said", "Ms. Lopez", "named_person"),
    ("The union backed the deal but said Northvale owed back pay.", "said", "The union", None),
    # --- a speaker label opening the sentence: transcript turns and headlines -------------------
    ("Q: How did the strike start?",                             ":",            "Q",                             "vague"),
    ("A: It started over pay.",                                  ":",            "A",                             "vague"),
    ("Sen. Ortiz: Well, the bill is dead.",                      ":",            "Sen. Ortiz",                    "named_person"),
    ("Tomas Beverly: \u201cWe will rebuild the mill.\u201d",     ":",            "Tomas Beverly",                 "named_person"),
    ("Health Ministry: Clinics will open on Sunday.",            ":",            "Health Ministry",               "organization"),
    ("Poll: Most farmers want a new dam.",                       ":",            "Poll",                          "document"),
    # an all-capital label is a transcript's speaker when it holds a title or a speaking role
    ("SENATOR HOLLIS: We never voted to cut the program.",       ":",            "SENATOR HOLLIS",                "named_person"),
    ("MODERATOR: Thank you both.",                               ":",            "MODERATOR",                     "vague"),  # a journalist, no official
    ("UNIDENTIFIED FEMALE: I heard two shots.",                  ":",            "UNIDENTIFIED FEMALE",           "vague"),
    # --- the subject's modifiers: a "who" clause with a preposition, a participle with a
    # gerund object, an unnamed role and whom it serves; role nouns as heads --------------------
    ("Tenants who spoke to the Ledger said the heat had failed.", "said",       "Tenants who spoke to the Ledger", "vague"),
    ("A driver suspected of speeding told police the brakes failed.", "told",   "A driver suspected of speeding", "vague"),
    ("A suspect arrested near the depot told officers he acted alone.", "told", "A suspect arrested near the depot", "vague"),
    ("According to a spokeswoman for the utility, crews restored power overnight.", "According to",
     "a spokeswoman for the utility", "official_anonymous"),
    ("The gallery's founder, who retired in May, has long maintained that the painting is genuine.", "maintained",
     "The gallery's founder", None),
    ("The commissioner defended the decision in a letter.",      "defended",     "The commissioner",              None),
    ("The utility expects full-year profit to fall.",           "expects",      "The utility",                   None),
    ("Ms. Kale admits the plan has flaws.",                      "admits",       "Ms. Kale",                      "named_person"),
    ("Police placed the crowd at about 5,000.",                  "placed the crowd at", "Police",                 "official_anonymous"),
    # unnamed people with whom they work: the people, not the place, decide the kind
    ("Researchers at the institute found no link.",              "found",        "Researchers at the institute",  "vague"),
    # a vague cue's own modifiers; roles written as acronyms; "figures" that are people
    ("Opposition sources said the leak came from the cabinet.",  "said",         "Opposition sources",            "vague"),
    ("Two Conservative MPs said they would vote against the bill.", "said",      "Two Conservative MPs",          "official_anonymous"),
    ("Senior Labour figures said the plan was dead.",            "said",         "Senior Labour figures",         "vague"),
    ("Official figures show the economy shrank.",                "show",         "Official figures",              "document"),
    ("The mayor has repeatedly and falsely claimed that the audit was rigged.", "claimed", "The mayor",           None),
    ("Eyewitnesses told local television that the gunman fled.", "told",         "Eyewitnesses",                  "vague"),
    ("Experts caution that the numbers are preliminary.",        "caution",      "Experts",                       "vague"),
    ("The buyer thought it was a bargain.",                      "thought",      "The buyer",                     None),
    ("Insurers expect claims to rise after the storm.",          "expect",       "Insurers",                      "organization"),
    # a passive report with its agent: "repeated by", "later confirmed by"
    ("The rumour was later repeated by the harbour manager.",    "repeated by",  "the harbour manager",           None),
    ("The toll was subsequently confirmed by the coroner.",      "subsequently confirmed by", "the coroner",      None),
    ("The landlord insisted the repairs had been made.",         "insisted",     "The landlord",                  "vague"),
    # --- a short parenthetical after a name (party and state, a handle) belongs to the name ---
    ("Sen. Nora Whitfield (D-Ore.) said the bill would pass.",  "said",         "Sen. Nora Whitfield (D-Ore.)",  "named_person"),
    ("Rep. Tomas Greer (R-Ky.) told reporters the hearing was over.", "told",   "Rep. Tomas Greer (R-Ky.)",      "named_person"),
    ("Dana Kessler (@dkessler) wrote that the rally had ended.", "wrote",       "Dana Kessler (@dkessler)",      "named_person"),
    # --- a share of poll respondents as the subject ----------------------------------------------
    ("Nearly half said they would vote for the incumbent.",     "said",         "Nearly half",                   "vague"),
    ("About six in 10 say the economy is weak.",                "say",          "About six in 10",               "vague"),
    ("Forty percent of those surveyed said taxes were too high.", "said",       "Forty percent of those surveyed", "vague"),
    ("Two-thirds of the farmers polled said the drought was worse.", "said",    "Two-thirds of the farmers polled", "vague"),
    ("A majority said the ferry should run on Sundays.",        "said",         "A majority",                    "vague"),
    # --- a middle initial belongs to the name ----------------------------------------------------
    ("Nora K. Whitfield said the bill would pass.",              "said",         "Nora K. Whitfield",             "named_person"),
    ("Governor Tomas R. Greer told reporters the hearing was over.", "told",     "Governor Tomas R. Greer",       "named_person"),
    # --- a modifier after a common-noun subject: the noun speaks, not the modifier's object -------
    ("Aides to the governor said she would veto the bill.",     "said",         "Aides to the governor",         "official_anonymous"),
    ("Voters in Ridgeford said the ferry mattered most.",       "said",         "Voters in Ridgeford",           "vague"),
    ("Engineers familiar with the project cautioned that the timeline may slip.", "cautioned", "Engineers familiar with the project", "vague"),
    ("Diplomats close to the negotiations said progress had stalled.", "said", "Diplomats close to the negotiations", None),
    ("Investigators working on the case said the fire was deliberate.", "said", "Investigators working on the case", None),
    ("Lawyers representing the family said they would appeal.", "said",        "Lawyers representing the family", None),
    ("Scientists who studied the samples said the results were clear.", "said", "Scientists who studied the samples", "vague"),
    ("Workers at the sawmill said they had not been paid.",     "said",         "Workers at the sawmill",        "vague"),
    ("Officials at the agency in Northvale said the dam was safe.", "said",     "Officials at the agency in Northvale", "official_anonymous"),
    # a "who" clause whose object has no determiner; a "that" clause with an object
    ("Farmers who grow barley say the frost ruined the crop.",  "say",          "Farmers who grow barley",       "vague"),
    ("Nurses who treat burn victims said supplies were short.", "said",         "Nurses who treat burn victims", None),
    ("Volunteers who run the shelter said donations had dried up.", "said",     "Volunteers who run the shelter", "vague"),
    ("The crew that built the pier said the timber was rotten.", "said",        "The crew that built the pier",  None),
    # --- a relative clause ends a source after "according to"; "WHO" is the organisation --------
    ("According to a doctor at the hospital who treated her, she is stable.", "According to",
     "a doctor at the hospital",                                                                   None),
    ("According to the WHO, measles cases doubled.",            "According to", "the WHO",                       "organization"),
    ("The WHO said the vaccine was safe.",                      "said",         "The WHO",                       "organization"),
    # a document, then people and a verb: a relative clause without "that"
    ("According to a memo engineers circulated on Friday, the dam leaks.", "According to", "a memo",             "document"),
    ("According to a report county inspectors prepared, the pool will close.", "According to",
     "a report",                                                                                   "document"),
    ("Residents have long suspected that the well was poisoned.", "suspected",  "Residents",                     "vague"),
    ("A spokesman for the club would neither confirm nor deny the transfer.", "neither confirm nor deny",
     "A spokesman for the club",                                                                  "official_anonymous"),
    ("The inquest heard that the boiler had not been serviced.", "heard",       "The inquest",                   "organization"),
    # a sentence-opening participle speaks through the main clause's subject
    ("Writing on its website, the charity said the appeal had closed.", "Writing", "the charity",          "organization"),
    ("Referring to the strike, the union leader said talks had failed.", "Referring", "the union leader", None),
    ("Photos from the scene show the roof collapsed.",          "show",         "Photos from the scene",         "document"),
    ("Data from the statistics office showed prices fell.",   "showed",       "Data from the statistics office", "document"),
    ("A video of the hearing shows the judge leaving early.",   "shows",        "A video of the hearing",        "document"),
    # an anonymity request between the subject and its verb is no source
    ("A guard, who asked not to be named, said the gate was open.", "said",     "A guard",                       None),
    ("An engineer who requested anonymity said the dam leaked.", "said",        "An engineer",                   None),
    # a comma-enclosed relative clause with commas of its own (an appositive inside it): the
    # clause's antecedent is the subject, not a phrase from inside the clause
    ("One, who gave only her first name, Anna, said the queue had not moved in hours.", "said", "One", "vague"),
    ("A driver, who would give only his surname, Patel, told reporters the road had flooded twice.", "told",
     "A driver",                                                                                   "vague"),
    ("The man, whose daughter, a nurse, works at the clinic, said staff were exhausted.", "said", "The man", None),
    ("A farmer, who asked that his village, Lesno, not be named, said the wells were dry.", "said",
     "A farmer",                                                                                   "vague"),
    ("Her brother, who lives in the capital, Rome, said the family had heard nothing.", "said",
     "Her brother",                                                                                None),
    # ... but a relative clause after an opening phrase or an object is not the subject's
    ("In the report, which came out Monday, the minister, a former banker, said costs would rise.", "said",
     "the minister",                                                                               "named_person"),
    ("He met the nurses, who were tired, and the mayor, a former doctor, said the ward was full.", "said",
     "the mayor",                                                                                  "named_person"),
    # ... but a place after a name says where the person spoke
    ("Mayor Lina Park in Ridgeford said the buses would run.",  "said",         "Mayor Lina Park",               "named_person"),
    ("Democrats in the state senate said the bill was dead.",   "said",         "Democrats in the state senate", None),
    ("A study funded by the utility found the water was safe.", "found",        "A study funded by the utility", "document"),
    ("A poll published on Sunday suggested support had fallen.", "suggested",   "A poll published on Sunday",    "document"),
    ("The man accused of the arson said he was innocent.",    "said",         "The man accused of the arson",  "vague"),
    # --- coordinated subjects ----------------------------------------------------------------------
    ("Ms. Park and the regional water board said the dam was safe.", "said",    "Ms. Park and the regional water board", "named_person"),
    ("After the vote, Lopez, Ortiz and two other councillors said they would appeal.", "said", "Lopez, Ortiz and two other councillors", None),
    ("Protesters outside the embassy and police said the crowd was calm.", "said", "Protesters outside the embassy and police", None),
    # a comma before "and" after a single conjunct joins two clauses, not two subjects
    ("We never backed the plan, and the audit shows it.",       "shows",        "the audit",                     "document"),
    ("In a statement, Harbor Health said it was reviewing the case.", "said",   "Harbor Health",                 "organization"),
    # ... but an object before "and" is no speaker: "voters" is what the mayor thanked
    ("The bill passed in the Senate and officials said it would be signed.", "said", "officials", "official_anonymous"),
    ("The mayor thanked voters and officials said the count was over.", "said", "officials",                    "official_anonymous"),
    # ... the same words as verbs: people before them, or an object or clause after them
    ("The bank's economists forecast a slowdown next year.",   "forecast",     "The bank's economists",         "vague"),
    ("The firm's management forecast a loss for the year.",    "forecast",     "The firm's management",         None),
    ("The ad claims the senator lied.",                         "claims",       "The ad",                        "document"),
    ("Her campaign hopes to register new voters.",              "hopes",        "Her campaign",                  "organization"),
    ("Analysts forecast a rise in prices.",                     "forecast",     "Analysts",                      "vague"),
    # --- indefinite pronouns and folk sources are vague, not names --------------------------------
    ("Everybody knows the harbour is too shallow.",             "knows",        "Everybody",                     "vague"),
    ("Anybody will tell you the road is dangerous.",            "tell",         "Anybody",                       "vague"),
    ("According to legend, a monk founded the market.",         "According to", "legend",                        "vague"),
    # --- known wrong -----------------------------------------------------------------------------
    pytest.param("The farmer told reporters the dam was safe.", "told", "The farmer", None),
    pytest.param("The woman told police she saw a van.", "told", "The woman", None),
    pytest.param("\u201cOfficials said the dam was safe,\u201d the farmer told reporters.", "told", "the farmer", None),
    pytest.param("It might rain, the forecaster said.", "said", "the forecaster", None),
    pytest.param("People familiar with the matter said the deal was near.", "said", "People familiar with the matter", "vague"),
    pytest.param("Sources close to the minister denied the report.", "denied", "Sources close to the minister", "vague"),
    pytest.param("The players' union said the deal might collapse.", "said", "The players' union", "organization"),
    pytest.param("A 2023 study found the water was brown.", "found", "A 2023 study", "document"),
    pytest.param("A spokesman for the ministry said the ward was full.", "said", "A spokesman for the ministry", None),
    pytest.param("Shopkeepers told the council the road was unsafe.", "told", "Shopkeepers", "vague"),
    pytest.param("Engineers think the bridge will hold.", "think", "Engineers", "vague"),
    # a vague phrase earlier in the sentence is not the subject of a later clause
    pytest.param("Some observers were present when the minister said the dam was safe.", "said",
                 "the minister", "named_person"),
    pytest.param("Sanders said he would win.", "said", "Sanders", "named_person"),
    # a subject pronoun with its auxiliary is one token: the source is the pronoun
    pytest.param("They’ve said the plan is dead.", "said", "They", "vague"),
    pytest.param("He'd warned that the dam was weak.", "warned", "He", "named_person"),
    pytest.param("Residents claim they’d complained about the cracks for years.", "complained", "they", "vague"),
    pytest.param("As I’ve argued before, the tax is unfair.", "argued", "I", "self"),
]
# fmt: on


@pytest.mark.parametrize("sentence, cue, source, kind", SOURCE_CASES)
def test_when_attributed_then_source_text_and_kind(analyze, sentence, cue, source, kind):
    att = _attribution(analyze(sentence), cue)
    assert att.source is not None, f"no source for {cue!r}"
    assert att.source.text == source
    if kind is not None:
        assert att.source.kind == kind
    assert att.source.kind in SOURCE_KINDS


def test_when_main_attribution_then_it_is_the_first_with_a_source(analyze):
    r = analyze("The plane reportedly crashed, according to local media.")
    assert [a.cue.text for a in r.attributions] == ["reportedly", "according to"]
    assert r.attributions[0].source is None
    assert r.attribution.cue.text == "according to"
    assert r.attribution.source.text == "local media"


def test_when_cue_is_inside_quote_then_source_is_not_taken_from_the_quote(analyze):
    r = analyze("\u201cWe will rebuild the town,\u201d Maria Lopez said.")
    att = _attribution(r, "said")
    assert att.source.text == "Maria Lopez"
    assert all(not a.cue.quoted for a in r.attributions)


# fmt: off
NO_ATTRIBUTION_CASES = [
    # a colon that closes no speaker label: datelines, banners, section labels, a clause
    "PARIS: The talks resumed after a pause.",
    "BREAKING NEWS: The bridge has reopened.",
    "Note: This story was updated with new figures.",
    "Editor's Note: An earlier version misspelled a name.",
    "Update: The road has reopened.",
    "Claim: The bridge is unsafe for trucks.",
    "The reason is simple: Prices rose too fast.",
    "Monday: The ferry runs at noon.",
    "Step 2: Drain the tank.",
    "Rain: heavy showers are likely tonight.",
    "I think the bridge will hold.",  # the writer's own belief: a hedge, not an attribution
    "We believe the count is too low.",
    "Insurance claims rose 4 percent.",
    "Waiting lists have grown since January.",
    "Drivers should use caution on icy roads.",
    "The plan went according to plan.",
    "The dosage varies according to age.",
    "Jobless claims fell last week.",
    "The river flooded two villages on Monday.",
    "Nearly 200 people were evacuated.",
    # "too early to say", "hard to tell": no one knows yet, and no one says
    "It is too early to say whether the vaccine works.",
    "It's too soon to tell how many homes were lost.",
    pytest.param("It is hard to say whether the truce will hold.",
                 marks=known_bug("the learned context model reads 'hard' as advocacy here ('pushed hard for')")),
    # a reporting word that is also a noun, heading a compound after a determiner or
    # possessive: no verb ("forecast", "warning", "promises" as things, not acts)
    "The firm cut its revenue forecast for the year.",
    "The bank's profit warning sent its shares lower.",
    "The agency's flood warning covers three counties.",
    "The lender cut its 2025 growth forecast to 1.8 percent.",
    "His campaign promises were never kept.",
    pytest.param("The death toll could not be confirmed."),
    pytest.param("The bill is said to be popular."),
    pytest.param("Damage was estimated at $3 million."),
    pytest.param("Peace talks resumed on Monday.",
                 marks=known_bug("the learned context model (attribution.context) reads 'talks' as speech here")),
]
# fmt: on


@pytest.mark.parametrize("sentence", NO_ATTRIBUTION_CASES)
def test_when_no_one_is_reported_then_no_attribution(analyze, sentence):
    r = analyze(sentence)
    assert r.attributions == [], [(a.cue.text, a.source) for a in r.attributions]
    assert r.attribution is None


@pytest.mark.parametrize("sentence, attributions", [
    # a reporting word heading a compound is the subject of the reporting verb after it
    ("The government's budget forecast assumes growth of two percent.",
     [("assumes", "The government's budget forecast")]),
    ("Their growth estimates suggest a slowdown next year.", [("suggest", "Their growth estimates")]),
    ("The agency's storm warning says roads may flood.", [("says", "The agency's storm warning")]),
    # ... but a verb with a plural subject stays a verb
    ("The bank's economists forecast growth of two percent.", [("forecast", "The bank's economists")]),
    ("The firm's managers estimate that costs will rise.", [("estimate", "The firm's managers")]),
])
def test_when_a_reporting_noun_heads_the_subject_of_a_reporting_verb_then_only_the_verb_attributes(
        analyze, sentence, attributions):
    r = analyze(sentence)
    assert [(a.cue.text, a.source.text if a.source else None) for a in r.attributions] == attributions


@pytest.mark.parametrize("sentence", [
    "It is unclear how many homes were flooded.",
    "It was reported that the gate had failed.",
    "It is believed the dam held overnight.",
    "It remains unclear, officials said, whether the gate failed.",
])
def test_when_it_is_an_expletive_then_it_is_no_source(analyze, sentence):
    r = analyze(sentence)
    assert all(a.source is None or a.source.text.lower() != "it" for a in r.attributions), [
        (a.cue.text, a.source) for a in r.attributions]


@pytest.mark.parametrize("sentence, cue, source", [
    ("Engineers who have inspected older bridges conclude that most need repairs.", "conclude",
     "Engineers who have inspected older bridges"),
    ("Residents who had seen the fire said it spread fast.", "said", "Residents who had seen the fire"),
])
def test_when_a_who_clause_has_an_auxiliary_then_it_stays_in_the_subject(analyze, sentence, cue, source):
    assert _attribution(analyze(sentence), cue).source.text == source


@pytest.mark.parametrize("sentence, cue, source", [
    ("The moderator said the candidates had one minute each.", "said", "The moderator"),
    ("Radio co-host Lena Park said the call was staged.", "said", "Radio co-host Lena Park"),
    ("It was never mentioned by the debate moderators.", "mentioned", "the debate moderators"),
])
def test_when_a_host_or_moderator_speaks_then_the_source_is_no_official(analyze, sentence, cue, source):
    att = _attribution(analyze(sentence), cue)
    assert att.source.text == source
    assert att.source.kind != "official_anonymous"


@pytest.mark.parametrize("sentence, cue, source", [
    ("Several accounts that shared it have previously posted doctored photos.", "posted",
     "Several accounts that shared it"),
    ("Fans who saw it said the goal was offside.", "said", "Fans who saw it"),
    ("Voters who met him said he was charming.", "said", "Voters who met him"),
])
def test_when_a_relative_clause_ends_in_a_pronoun_then_the_pronoun_is_no_source(analyze, sentence, cue, source):
    assert _attribution(analyze(sentence), cue).source.text == source


@pytest.mark.parametrize("sentence", [
    "It is unclear who wrote the anonymous letter.",
    "Investigators have not established who ordered the shipment.",
    "The mayor did not say who had approved the payment.",
    "Who wrote the memo remains a mystery.",
    "Reporters asked who had leaked the draft.",
])
def test_when_who_opens_a_question_then_it_is_no_source(analyze, sentence):
    r = analyze(sentence)
    assert all(a.source is None or a.source.text.lower() != "who" for a in r.attributions), [
        (a.cue.text, a.source) for a in r.attributions]


@pytest.mark.parametrize("sentence, cue, source", [
    ("Residents near the plant, who protested for weeks, said the smell was worse.", "said",
     "Residents near the plant"),
    ("Those who attended said the talk was short.", "said", "Those who attended"),
])
def test_when_who_opens_a_relative_clause_then_the_antecedent_speaks(analyze, sentence, cue, source):
    assert _attribution(analyze(sentence), cue).source.text == source


@pytest.mark.parametrize("sentence, source, kind", [
    ("The newspaper quoted a senior official as saying the talks had failed.", "a senior official",
     "official_anonymous"),
    ("The agency quoted Mayor Ines Varga as saying that prices would fall.", "Mayor Ines Varga", "named_person"),
    ("State television cited an unnamed commander as saying the town had been taken.",
     "an unnamed commander", "official_anonymous"),
    ("A local radio station is quoting residents as saying the water rose within minutes.", "residents", "vague"),
    ("The minister was quoted in a newspaper as saying the plan was dead.", "The minister", "named_person"),
    ("The coach was quoted by local radio as saying he would stay.", "The coach", "vague"),
])
def test_when_quoted_as_saying_then_the_object_speaks(analyze, sentence, source, kind):
    att = _attribution(analyze(sentence), "saying")
    assert (att.source.text, att.source.kind) == (source, kind)


@pytest.mark.parametrize("sentence", [
    'An unidentified "whistleblower" told the site that the audit was faked.',
    "\u201cThe audit was faked,\u201d told the site a day later.",
])
def test_when_told_follows_a_quote_then_its_object_is_no_speaker(analyze, sentence):
    att = _attribution(analyze(sentence), "told")
    assert att.source is None or "site" not in att.source.text


@pytest.mark.parametrize("sentence, source", [
    ("Cardiologists generally agree that the test is reliable.", "Cardiologists"),
    ("Traders widely expect the bank to hold rates.", "Traders"),
    ("Most voters in the district largely believe the mill will reopen.", "Most voters in the district"),
])
def test_when_an_adverb_stands_between_subject_and_verb_then_the_subject_speaks(analyze, sentence, source):
    r = analyze(sentence)
    assert [a.source.text for a in r.attributions if a.source is not None] == [source]


@pytest.mark.parametrize("sentence", [
    "The widely expected cut came on Monday.",
    "The mine was not widely believed to be safe.",
    "The treaty, signed in haste and widely expected to fail, held for a decade.",
])
def test_when_widely_expected_is_passive_then_no_speaker(analyze, sentence):
    r = analyze(sentence)
    assert all(a.source is None for a in r.attributions), [(a.cue.text, a.source) for a in r.attributions]


@pytest.mark.parametrize("sentence, cue, source", [
    ("Local reports put the death toll at 30.", "put the death toll at", "Local reports"),
    ("Unconfirmed reports on social media put the toll at 12.", "put the toll at",
     "Unconfirmed reports on social media"),
    ("Court filings show the firm owed $2 million, while city reports show less.", "show",
     "Court filings"),
])
def test_when_a_report_noun_heads_another_source_then_it_is_no_verb(analyze, sentence, cue, source):
    r = analyze(sentence)
    assert "reports" not in [a.cue.text for a in r.attributions]
    assert _attribution(r, cue).source.text == source


@pytest.mark.parametrize("sentence, cue, source", [
    ("Minutes of the zoning board show the vote was 4 to 3.", "show", "Minutes of the zoning board"),
    ("Flight logs from the airfield show four trips.", "show", "Flight logs from the airfield"),
    ("Text messages obtained by investigators reveal the plan.", "reveal", "Text messages obtained by investigators"),
])
def test_when_a_record_shows_then_it_is_a_document_source(analyze, sentence, cue, source):
    att = _attribution(analyze(sentence), cue)
    assert (att.source.text, att.source.kind) == (source, "document")


@pytest.mark.parametrize("sentence, cue, source", [
    ("Flight logs seen by the newspaper show four trips.", "show", "Flight logs seen by the newspaper"),
    ("A memo written by two aides says the plan failed.", "says", "A memo written by two aides"),
])
def test_when_a_document_has_an_agent_then_the_document_is_the_source(analyze, sentence, cue, source):
    att = _attribution(analyze(sentence), cue)
    assert (att.source.text, att.source.kind) == (source, "document")


def test_when_minutes_is_time_then_it_is_no_source(analyze):
    att = _attribution(analyze("Minutes later, firefighters said the blaze was out."), "said")
    assert att.source.text == "firefighters"


@pytest.mark.parametrize("sentence, source", [
    ("According to a teardown, the phone uses a cheaper screen.", "a teardown"),
    ("According to a teardown posted by a repair shop, the phone uses a cheaper screen.", "a teardown"),
    ("According to a recent tally, 40 boats sank.", "a recent tally"),
    ("The ferry left early, according to my neighbour.", "my neighbour"),
])
def test_when_according_to_an_unknown_noun_then_it_is_the_source(analyze, sentence, source):
    att = _attribution(analyze(sentence), "according to" if "according" in sentence else "According to")
    assert (att.source.text, att.source.kind) == (source, "vague")


@pytest.mark.parametrize("sentence, source", [
    ("Her son, Kwame, said the funeral would be private.", "Kwame"),
    ("A neighbour, Tom Reyes, said he heard two shots.", "Tom Reyes"),
    ("The company, Acme, said it would appeal.", "The company"),
    ("A spokesman, Mr. Obi, said the talks were over.", "Mr. Obi"),
])
def test_when_a_role_is_followed_by_a_name_in_commas_then_the_name_speaks(analyze, sentence, source):
    assert _attribution(analyze(sentence), "said").source.text == source


@pytest.mark.parametrize("sentence, source", [
    ("Most adults can rely on thirst, according to guidance from the national health service.",
     "guidance from the national health service"),
    ("Rents rose 4 percent, according to a survey by the central bank.", "a survey by the central bank"),
])
def test_when_according_to_a_document_from_an_issuer_then_both_are_the_source(analyze, sentence, source):
    att = _attribution(analyze(sentence), "according to")
    assert (att.source.text, att.source.kind) == (source, "document")


def test_when_advice_to_ask_someone_then_the_one_asked_is_no_source(analyze):
    r = analyze("People with kidney disease should ask their doctor.")
    assert all(a.source is None or "doctor" not in a.source.text for a in r.attributions)


@pytest.mark.parametrize("sentence", [
    "Another, who asked not to be named, said the plant was unsafe.",
    "Another said the queue had not moved since dawn.",
])
def test_when_another_speaks_then_the_source_is_vague(analyze, sentence):
    att = _attribution(analyze(sentence), "said")
    assert (att.source.text, att.source.kind) == ("Another", "vague")


@pytest.mark.parametrize("sentence, cue, source", [
    ("The estimates carry wide margins of error, the authors note.", "note", "the authors"),
    ("The bridge is safe, engineers insist, despite the cracks.", "insist", "engineers"),
    ("Turnout will be low, the report notes.", "notes", "the report"),
])
def test_when_a_verb_or_noun_closes_an_inverted_reporting_clause_then_it_is_an_attribution(
    analyze, sentence, cue, source
):
    assert _attribution(analyze(sentence), cue).source.text == source


@pytest.mark.parametrize("sentence, word", [
    ("The firm filed two insurance claims.", "claims"),
    ("Nobody kept the committee's notes.", "notes"),
    ("After the storm, the residents' claims.", "claims"),
])
def test_when_a_verb_or_noun_is_a_plain_noun_then_it_is_no_attribution(analyze, sentence, word):
    assert word not in [a.cue.text for a in analyze(sentence).attributions]


@pytest.mark.parametrize("sentence, cue, kind", [
    ("She'll say no to the plan, her aide said.", "say", "named_person"),
    ("We've argued for years that the levee is too low.", "argued", "self"),
    ("Neither has publicly addressed the reports.", "publicly addressed", "vague"),
])
def test_when_a_pronoun_is_contracted_or_a_quantifier_speaks_then_its_kind(analyze, sentence, cue, kind):
    att = _attribution(analyze(sentence), cue)
    assert att.source is not None and att.source.kind == kind


@pytest.mark.parametrize("sentence, cue, kind", [
    # a sentence-initial capitalised plural that no class knows: its plural verb says it is
    # unnamed people, not a name
    ("Reviewers have praised the novel's structure.", "praised", "vague"),
    ("Beekeepers say the winter losses were heavy.", "say", "vague"),
    ("Commuters were told the line would reopen.", None, None),
    # surnames take the singular; a past form decides nothing
    ("Sanders says the bill is dead.", "says", "named_person"),
    ("Peters has argued that the levy is too high.", "argued", "named_person"),
    ("Rogers said the bill is dead.", "said", "named_person"),
])
def test_when_a_capitalised_plural_opens_the_sentence_then_verb_agreement_tells_people_from_a_name(
        analyze, sentence, cue, kind):
    r = analyze(sentence)
    if cue is None:
        assert all(a.source is None or a.source.kind != "named_person" for a in r.attributions)
        return
    att = _attribution(r, cue)
    assert att.source is not None and att.source.kind == kind


def test_when_the_writer_says_i_would_disagree_then_no_attribution(analyze):
    assert analyze("I'd disagree with that reading of the law.").attributions == []


def test_when_reports_is_the_verb_then_it_stays_an_attribution(analyze):
    r = analyze("The Harbor Gazette reports the ferry will resume service on Monday.")
    assert _attribution(r, "reports").source.text == "The Harbor Gazette"


def test_when_many_believe_then_attribution_with_vague_source(analyze):
    att = _attribution(analyze("Many believe the dam is unsafe."), "believe")
    assert att.source is not None and att.source.kind == "vague"


# Non-speech senses of stance verbs and event / weather / quantity subjects: no attribution.
# fmt: off
NON_SPEECH_CASES = [
    # weather and disasters
    "Flooding hit the northern valley on Sunday.",
    "The storm hit the coast.",
    "Heavy snow pushed back the opening.",
    "The hurricane threatened coastal towns.",
    "Rain called off the match in the second half.",
    "Wildfires tore through the hills overnight.",
    "Heavy rains lashed the coast for three days.",
    "The earthquake knocked out power across the city.",
    # markets
    "Oil prices hit a record high in March.",
    "Shares backed off from their peak on Friday.",
    "Inflation pushed up the cost of bread.",
    "Gold prices went on rising through the week.",
    # business
    "The company signed a lease for a new office.",
    "The airline ordered 50 new jets.",
    "The bakery offers free delivery on weekends.",
    "The retailer offered a discount on winter coats.",
    "The board passed the budget without debate.",
    # sports
    "The team went on to win the final.",
    "The striker hit the post twice.",
    "The visitors hit back with two late goals.",
    "The champion defended her title in Paris.",
    "The referee called off the game at half-time.",
    "The players came out for the second half.",
    "The boxer weighed in at 80 kilograms.",
    "The home side pushed for an equaliser.",
    # other events
    "Voters went to the polls on Sunday.",
    "The meeting was pushed back to June.",
    "Traffic backed up for miles after the crash.",
]
# fmt: on


@pytest.mark.parametrize("sentence", NON_SPEECH_CASES)
def test_when_verb_is_in_a_non_speech_sense_then_no_attribution(analyze, sentence):
    r = analyze(sentence)
    assert r.attributions == [], [(a.cue.text, a.cue.rule, a.source) for a in r.attributions]


# Phrasal and ambiguous stance verbs in their stance sense, with a speaker subject.
# fmt: off
STANCE_CASES = [
    ("The senator lashed out at the plan.",                "lashed out",   "The senator",   "named_person"),
    ("Critics hit back at the ministry.",                  "hit back",     "Critics",       "vague"),
    ("The union called for a strike.",                     "called for",   "The union",     "organization"),
    ("The minister brushed off the criticism.",            "brushed off",  "The minister",  "named_person"),
    ("Officials pushed back against the report.",          "pushed back",  "Officials",     "official_anonymous"),
    ("The governor weighed in on the dispute.",            "weighed in",   "The governor",  "named_person"),
    ("Maria Lopez doubled down on her remarks.",           "doubled down", "Maria Lopez",   "named_person"),
    ("Residents spoke out against the new dam.",           "spoke out",    "Residents",     "vague"),
    ("The mayor called on the council to resign.",         "called on",    "The mayor",     "named_person"),
    ("The ministry singled out two companies.",            "singled out",  "The ministry",  "organization"),
    ("The union came out against the merger.",             "came out against", "The union", "organization"),
    ("The senator backed away from the pledge.",           "backed away from", "The senator", "named_person"),
    ("He went on to criticize the ministry.",              "went on to criticize", "He",    "named_person"),
    ("The judge ordered the release of the documents.",    "ordered",      "The judge",     "named_person"),
    ("The minister offered an apology to the families.",   "offered",      "The minister",  "named_person"),
    ("The ministry shrugged off the report.",              "shrugged off", "The ministry",  "organization"),
    ("Maria Lopez fired back at her critics.",             "fired back",   "Maria Lopez",   "named_person"),
    ("Two senators voted against the bill.",               "voted against", "Two senators", "vague"),
]
# fmt: on


# A learned cue word inside a longer verb phrase ("took several swipes at"): the phrase's subject
# is the source, unless the subject receives the stance ("faced criticism", "won the
# endorsement of") or the phrase after the cue names the source ("criticism from").
# fmt: off
VERB_PHRASE_CASES = [
    ("Mayor Lina Park also took several swipes at the council.", "swipes",     "Mayor Lina Park", "named_person"),
    ("Senator Ortiz made no mention of the tax plan.",          "mention",     "Senator Ortiz",   "named_person"),
    pytest.param("Governor Ruiz is paying tribute to the firefighters.", "tribute", "Governor Ruiz", "named_person",
                 marks=known_bug("learned context model: P(cue) 0.49 here, under the 0.5 source threshold "
                                 "since the retrain of session 11 (0.503 before)")),
]
# fmt: on


@pytest.mark.parametrize("sentence, cue, source, kind", STANCE_CASES + VERB_PHRASE_CASES)
def test_when_stance_verb_in_stance_sense_then_attribution_with_speaker(analyze, sentence, cue, source, kind):
    att = _attribution(analyze(sentence), cue)
    assert att.source is not None and att.source.text == source
    assert att.source.kind == kind


# A common noun capitalised only because it opens the sentence is no person.
def test_when_sentence_opens_with_collective_noun_then_not_named_person(analyze):
    att = _attribution(analyze("Management said the plant would close."), "said")
    assert att.source.text == "Management" and att.source.kind != "named_person"


def test_when_capitalised_modifier_and_lowercase_head_then_not_named_person(analyze):
    att = _attribution(analyze("Local farmers said the river was low."), "said")
    assert att.source.text == "Local farmers" and att.source.kind == "vague"


# fmt: off
PASSIVE_PARTICIPLE_CASES = [
    # a verb that takes an object, followed at once by a preposition, is a passive participle:
    # the noun before it is who was accused or criticised, not who accuses or criticises
    ("The man accused of the burglary told the court he was asleep.", "accused", "told", "The man accused of the burglary"),
    ("The coach, criticized for the loss, said the team would recover.", "criticized", "said", "The coach"),
    ("Officials cited in the audit said the rules were unclear.", "cited", "said", "Officials cited in the audit"),
    ("The mayor, praised for her calm, said the worst was over.", "praised", "said", "The mayor"),
]
# fmt: on


@pytest.mark.parametrize("sentence, passive, cue, source", PASSIVE_PARTICIPLE_CASES)
def test_when_participle_is_passive_then_no_attribution_and_the_subject_speaks(analyze, sentence, passive, cue, source):
    result = analyze(sentence)
    assert passive not in [c.text for c in result.cues]
    att = _attribution(result, cue)
    assert att.source is not None and att.source.text == source


# ... also where a longer rule would take the participle with its phrase ("quoted in the post"):
# the noun before it is who was quoted, never a source
@pytest.mark.parametrize("sentence, participle", [
    ("There is no record of the doctor quoted in the post ever working at the clinic.", "quoted"),
    ("A farmer quoted in the broadcast has since moved away.",  "quoted"),
    ("Officials quoted in the briefing gave no names.",         "quoted"),
    ("Two engineers named in the filing have left the firm.",   "named"),
])
def test_when_participle_with_phrase_is_passive_then_it_is_no_cue(analyze, sentence, participle):
    result = analyze(sentence)
    assert not any(c.text.startswith(participle) for c in result.cues if c.type == "attribution")
    assert all(a.source is None or "record" not in a.source.text for a in result.attributions)


@pytest.mark.parametrize("sentence, cue, source", [
    ("She quoted in her speech a line from an old poem.",        "quoted in her speech", "She"),
    ("The ministry said in a statement that the plan was dead.", "said in a statement", "The ministry"),
    ("Prosecutors accused the driver of speeding.",              "accused",      "Prosecutors"),
    ("Critics blamed the council for the delay.",                "blamed",       "Critics"),
    ("Ms. Lind criticized the plan as reckless.",                "criticized",   "Ms. Lind"),
])
def test_when_the_same_verb_has_an_object_then_it_is_an_attribution(analyze, sentence, cue, source):
    att = _attribution(analyze(sentence), cue)
    assert att.source is not None and att.source.text == source


@pytest.mark.parametrize("sentence, participle", [
    ("The team described the method in a paper released this week.", "released"),
    ("According to a memo released on Friday, the plan was dropped.", "released"),
    ("The company said in a statement provided to reporters that sales fell.", "provided"),
    ("In a report published on Monday, the agency warned of shortages.", "published"),
])
def test_when_participle_modifies_a_prepositions_object_then_it_is_no_cue(analyze, sentence, participle):
    assert participle not in [c.text for c in analyze(sentence).cues]


@pytest.mark.parametrize("sentence, cue", [
    ("The mayor has faced criticism from farmers.",             "criticism"),
    ("The council drew criticism from residents.",              "criticism"),
    ("Ruiz won the endorsement of the teachers union.",         "endorsement"),
])
def test_when_subject_receives_the_stance_then_it_is_no_source(analyze, sentence, cue):
    att = _attribution(analyze(sentence), cue)
    assert att.source is None, att.source


# The subject of an impersonal passive ("is understood to", "are widely understood to") is what
# the report is about, not who reports it: no source, and one cue over the whole phrase, as
# "is expected to" is.
@pytest.mark.parametrize("sentence, cue", [
    ("Residents are understood to have been told to leave by noon.", "are understood to"),
    ("The two ferries are widely understood to be unsafe.",          "are widely understood to"),
    ("The coach is understood to favour a younger squad.",           "is understood to"),
    ("The striker is expected to miss the final.",                   "is expected to"),
])
def test_when_subject_of_an_impersonal_passive_then_it_is_no_source(analyze, sentence, cue):
    result = analyze(sentence)
    att = _attribution(result, cue)
    assert att.source is None, att.source
    assert [c.text for c in result.cues if c.type == "attribution"] == [cue]


# ... and after an adverb, a participle whose active voice needs an object
@pytest.mark.parametrize("sentence", [
    "The union is widely regarded as the most militant in the country.",
    "The plan was widely criticized as reckless.",
])
def test_when_passive_after_an_adverb_then_the_subject_is_no_source(analyze, sentence):
    assert all(a.source is None for a in analyze(sentence).attributions), [
        (a.cue.text, a.source) for a in analyze(sentence).attributions]


def test_when_the_same_verb_is_active_then_its_subject_is_the_source(analyze):
    att = _attribution(analyze("Officials understood the risks."), "understood")
    assert att.source is not None and att.source.text == "Officials"


# A learned noun cue heading the object of the reporting verb before it is one act with it,
# not a second attribution with no source.
@pytest.mark.parametrize("sentence, cue, source", [
    ("The company released a statement on Tuesday.",            "released a statement", "The company"),
    ("The agency published a report on the spill.",             "published a report",   "The agency"),
    # the noun's own subject search must not run over the verb ("Residents voiced")
    ("Residents voiced concern about the plan.",                 "voiced concern",       "Residents"),
])
def test_when_a_cue_noun_is_the_reporting_verbs_object_then_one_attribution(analyze, sentence, cue, source):
    result = analyze(sentence)
    assert [(a.cue.text, a.source.text if a.source else None) for a in result.attributions] == [(cue, source)]


@pytest.mark.parametrize("sentence, cue, source", [
    # a learned noun cue after a light verb: the verb's subject, a noun of people or an
    # organisation, is its source
    ("The mayor made an announcement about the bus routes.",     "announcement", "The mayor"),
    pytest.param("The mayor made an announcement on Tuesday about the bus routes.", "announcement", "The mayor",
                 marks=known_bug("learned context model: P(cue) 0.48 here, under the 0.5 source threshold "
                                 "since session 14's retrain (the subject rule is not reached)")),
    ("The senator made clear that she would vote against the bill.", "clear", "The senator"),
])
def test_when_a_cue_noun_follows_a_light_verb_then_the_verbs_subject_is_its_source(analyze, sentence, cue, source):
    att = _attribution(analyze(sentence), cue)
    assert att.source is not None and att.source.text == source


@pytest.mark.parametrize("sentence, cue, source, kind", [
    # a coordinated reporting verb takes the clause's subject with its determiner
    ("The mayor visited the site and said the plant was safe.", "said", "The mayor", "named_person"),
    ("The auditors reviewed the books and concluded that the fund was solvent.", "concluded", "The auditors",
     "vague"),
    ("On Monday the mayor visited the site and said the plant was safe.", "said", "the mayor", "named_person"),
])
def test_when_a_coordinated_verb_reports_then_the_clause_subject_keeps_its_determiner(
        analyze, sentence, cue, source, kind):
    att = _attribution(analyze(sentence), cue)
    assert att.source is not None and (att.source.text, att.source.kind) == (source, kind)


@pytest.mark.parametrize("sentence, cue, source", [
    # a thinking verb coordinated after another verb of its subject, with a that-clause
    ("Inspectors visited the plant in March and found that two valves were leaking.", "found", "Inspectors"),
    ("The team studied the data and believed that the trend would hold.", "believed", "The team"),
    # a sentence adverb before the subject is no part of it
    ("Essentially, the lawyers read the files and found that one address was official.", "found", "the lawyers"),
    ("Ultimately, the board met twice and decided that the plan was sound.", "decided", "the board"),
])
def test_when_a_thinking_verb_is_coordinated_with_a_that_clause_then_the_clause_subject_holds_it(
        analyze, sentence, cue, source):
    att = _attribution(analyze(sentence), cue)
    assert att.source is not None and att.source.text == source


@pytest.mark.parametrize("sentence", [
    "His research and thought that went into it were praised.",
    "There were hopes and fears that the deal would collapse.",
    "Police searched the house and found a gun.",
])
def test_when_a_coordinated_thinking_word_is_a_noun_or_has_no_that_clause_then_no_attribution(analyze, sentence):
    assert analyze(sentence).attributions == []
