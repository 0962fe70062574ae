"""Attribution sources from token rules: who an attribution cue points to, and what kind.

No trained parser can be downloaded here, so the source finder works from tokens,
capitalisation and the word classes of ``lexicons/classes.json``:

- **before the cue** (the subject): "the ministry announced", "X told reporters",
  "officials said", "Maria Lopez, a spokeswoman, said" (the appositive is skipped),
  "Trump, who said" (the relative pronoun is resolved to its antecedent). Auxiliaries and
  adverbs between subject and cue are skipped ("has also said"). The phrase right before
  the cue is widened to the common-noun phrase it modifies ("aides to the governor said",
  "a study funded by the utility found") and to coordinated subjects that open their clause
  ("Clinton and the State Department said"); a name followed by "in"/"on" + place keeps
  the name ("Mayor Lina Park in Ridgeford said").
- **after the cue**: "according to X", "as reported by X", "said X" after a quote or comma
  ('"...," said the minister'). After a comma (not a quote) the phrase after the cue is the
  speaker only when it closes the clause ("The dam is safe, said the minister."); in
  "Lena Ortiz, 61, said he had ..." it opens the reported clause and the subject before the
  appositive is the source.
- **around quotes**: '"...," the minister said' is the before-case after a closing quote.

A noun phrase is accepted as a source only if its head is a pronoun, a capitalised name or a
word of a source class (official, vague, media, document, organisation); a cue whose rule says
``requires_source`` is dropped when none is found, which is what separates "insurance claims"
from "the company claims".

The kind is decided from the head and the capitalisation, in this order: pronouns; media
names and capitalised media heads ("The Times"); documents ("a UN report"); a lower-case role
of an organisation without a name ("a spokeswoman for the Guardia Civil", official_anonymous;
"the mayor of Madrid", named_person); lower-case official heads ("a senior official",
official_anonymous); vague heads ("experts", "some"); organisations (acronyms, org suffixes
such as Ministry or Network, capitalised corporate heads such as Energy or Pharmaceuticals
ending a name, "the" + capitalised name); then a capitalised name is a ``named_person``.
Unknown lower-case heads ("oil prices", "local farmers") are ``vague``; event, weather and
quantity nouns (``NON_SOURCE_HEADS``) are never a source, and cue words with common
non-speech senses (``NEEDS_SPEAKER``: "hit back", "ordered") need a plausible speaker.

Two span refinements: after "according to"/"as reported by" the object keeps the lower-case
head of its noun phrase ("the Andalusian emergency service"), and "ROLE, Name Name, said"
gives the name ("Its director, Ana Ruiz, said" -> "Ana Ruiz").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoring.types import SourceSpan

if TYPE_CHECKING:  # pragma: no cover
    from scoring.cues import Tokens

_QUOTE_CHARS = frozenset('"“”„«»‹›‘’\'')
_CLAUSE_PUNCT = frozenset(",;:—–-(")
# Punctuation that ends a comma-separated piece scanned leftwards (_relative_open).
_CLAUSE_STOPS = frozenset(",;:()—–!?\"“”„«»")
# Relative pronouns that open a comma-enclosed clause after a subject ("One, who ...,").
_RELATIVE_WH = frozenset({"who", "whom", "whose", "which"})
_MAX_NP = 8
# Tokens inside a parenthetical that still belongs to the name before it ("(D-N.Y.)").
_MAX_PAREN = 6
# Shares of poll respondents as subjects ("nearly half said", "six in 10 say").
_FRACTIONS = frozenset({"half", "third", "thirds", "quarter", "quarters", "two-thirds", "three-quarters",
                        "one-third", "one-quarter", "one-half", "three-fourths", "two-fifths",
                        "three-fifths", "majority", "majorities", "plurality", "minority"})
_BARE_NOT_SHARE = frozenset({"majority", "minority", "plurality"})
_POLLED = frozenset({"polled", "surveyed", "questioned", "interviewed", "sampled"})
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred".split()
)
_SHARE_QUALIFIERS = frozenset({"about", "nearly", "almost", "roughly", "around", "some", "over", "more",
                               "less", "fewer", "than", "just", "only", "barely", "approximately",
                               "under", "slightly", "well", "exactly", "close", "to"})


_ORIGIN_PREPS = frozenset({"from", "by", "of"})


# Irregular past participles that take an agent: "a copy of the letter seen by reporters".
_BY_PARTICIPLES = frozenset({
    "seen", "written", "shown", "drawn", "made", "given", "taken", "done", "known", "held", "sent",
    "read", "heard", "kept", "paid", "built", "run", "sold", "bought", "brought", "found", "led",
})
_IRREGULAR_PAST = frozenset({"found", "shown", "read", "led", "told", "said", "thought", "saw", "wrote", "written"})


def _agrees(noun: str, verb: str) -> bool:
    """Whether ``verb`` can have ``noun`` as its subject by number: "photos ... show", "a video
    ... shows", anything in the past tense; not "posters about the council's plans" or "the
    brochure for the bridge project", where the word is a noun of the modifier's phrase. Spelling only: "-s" plurals
    and "-s" third persons; "data" and "media" go either way."""
    if verb.endswith("ed") or verb in _IRREGULAR_PAST or noun in ("data", "media"):
        return True
    plural = noun.endswith("s") and not noun.endswith("ss")
    return plural != (verb.endswith("s") and not verb.endswith("ss"))


def _is_number(low: str) -> bool:
    """A cardinal in digits or words, hyphenated ones included ("10", "six", "thirty-one")."""
    return low.isdigit() or all(p in _NUMBER_WORDS for p in low.split("-"))


# A learned cue deep in a verb phrase ("took several swipes at"): how far left its subject may
# stand, and the words that end the walk (they open a clause or a prepositional phrase).
_VP_WALK = 5
_VP_BREAK = frozenset({
    "that", "which", "who", "whom", "whose", "when", "where", "while", "as", "if", "because", "and",
    "but", "or", "nor", "than", "whether", "of", "for", "from", "by", "with", "on", "in", "at",
    "about", "after", "before", "during", "over", "under", "into", "through", "against", "between",
    "without", "since", "until", "amid", "despite", "among", "toward", "towards", "upon",
})
# Words after which "who" opens an indirect question, not a relative clause: "It is unclear
# who wrote it", "did not say who approved it", "the question of who ordered it". Its verb
# then has no known speaker.
_WH_QUESTION_BEFORE = frozenset({
    "unclear", "clear", "know", "knows", "knew", "known", "knowing", "ask", "asks", "asked",
    "asking", "wonder", "wonders", "wondered", "wondering", "decide", "decides", "decided",
    "determine", "determined", "establish", "established", "identify", "identified", "say",
    "said", "saying", "specify", "specified", "disclose", "disclosed", "reveal", "revealed",
    "explain", "explained", "confirm", "confirmed", "sure", "certain", "unsure", "uncertain",
    "about", "over", "of", "to", "matter", "see", "tell", "told", "investigate", "investigating",
})
# Addressee verbs that never follow a quote with their speaker.
_NEVER_INVERTED = frozenset({"told", "tell", "tells", "telling", "informed", "briefed"})
# Verbs that report someone else's words through their object: "quoted X as saying".
_QUOTING_VERBS = frozenset({"quoted", "quotes", "quoting", "quote", "cited", "cites", "citing", "cite"})
# Words before a subject that open its clause (the walk's subject may follow them).
_CLAUSE_OPENERS = frozenset({"that", "which", "who", "when", "where", "while", "as", "if", "because",
                             "and", "but", "or", "nor", "than", "whether", "since", "until", "after",
                             "before"})
# After the cue: a phrase that holds the source itself ("criticism from", "support among").
_PP_SOURCE = frozenset({"from", "among", "by"})
# Verbs whose subject receives a stance rather than holds it ("faced criticism", "won support").
_RECEIVE_VERBS = frozenset({
    "face", "faces", "faced", "facing", "win", "wins",
    "won", "winning", "earn", "earns", "earned", "earning", "receive", "receives", "received",
    "receiving", "get", "gets", "got", "gotten", "getting", "attract", "attracts", "attracted",
    "attracting", "enjoy", "enjoys", "enjoyed", "enjoying", "secure", "secures", "secured",
    "securing", "garner", "garners", "garnered", "garnering", "gain", "gains", "gained", "gaining",
    "lose", "loses", "lost", "losing", "become", "becomes", "became", "becoming", "field", "fields",
    "fielded", "fielding",
})
# Irregular past forms that open a verb phrase right after its subject ("Trump took", "she made").
_VP_OPENERS = frozenset({
    "made", "makes", "make", "took", "takes", "take", "went", "goes", "gave", "gives", "sent",
    "sends", "held", "holds", "kept", "keeps", "put", "puts", "brought", "brings", "set", "sets",
    "spent", "spends", "stood", "stands", "began", "begins", "begun", "wants", "wanted", "tried",
    "tries", "used", "uses", "chose", "chooses", "remain", "remains", "remained", "seems", "seemed",
    "am", "paid", "pays", "spoke", "speaks", "drew", "draws", "drawn", "did", "do", "does", "get",
    "got", "become", "became", "like", "likes", "liked", "want", "need", "needs", "needed",
})
# Suffixes of common nouns ("Flooding", "Inflation", "Management", "Majority"), for a lone
# sentence-initial capitalised word that no class knows.
_NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity")
# Forms of "be": a participle after one is passive; an "it" before one is an expletive.
_BE_FORMS = frozenset({"be", "been", "being", "is", "are", "was", "were", "am", "'s", "’s", "isn't", "wasn't",
                       "aren't", "weren't", "isn’t", "wasn’t", "aren’t", "weren’t"})
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "me", "us"})
# Endings of sentence adverbs ("Essentially,", "Finally,", "Clearly,") that names ending in
# "-ly" (Kelly, Emily, Beverly, Shelly) do not share.
_ADVERB_ENDINGS = ("ally", "ously", "ively", "fully", "ently", "antly", "arly", "ately", "ably", "ibly", "edly",
                   "essly", "ctly", "stly", "ghtly")
# Verb forms that agree with a plural subject only (see SourceFinder._plural_initial).
_PLURAL_AGREEMENT = frozenset({"have", "are", "were", "do", "haven't", "aren't", "weren't", "don't",
                               "haven’t", "aren’t", "weren’t", "don’t"})
# "by saying", "before claiming", "while insisting": a gerund whose subject is the clause's.
_GERUND_PREPS = frozenset({"by", "before", "after", "while", "in", "when", "without", "since", "from", "on"})
# Modifiers that make "figures" people ("senior figures"), not numbers.
_PEOPLE_FIGURE_MODS = frozenset({"senior", "leading", "prominent", "key", "public", "political", "opposition",
                                 "party", "religious", "establishment", "influential", "top", "high-profile",
                                 "controversial", "well-known", "major", "central", "notable"})
# "a spokeswoman for", "an official at", "a representative of": a role of an organisation.
_ROLE_PREPS = frozenset({"for", "of", "at", "with", "from"})
# Prepositions that open a restrictive modifier of a common-noun subject, so that the noun
# phrase right before the cue is not the speaker: "aides to the governor said", "voters in
# Iowa said", "engineers familiar with the project said" (_postmodified).
_POSTMOD_PREPS = frozenset({"in", "at", "for", "of", "to", "on", "with", "from", "near", "inside",
                            "within", "across", "outside", "behind", "around", "throughout"})
# Adjectives that take such a phrase after a noun ("people close to the talks").
_POSTMOD_ADJ = frozenset({"familiar", "close", "loyal", "privy", "critical", "friendly", "hostile",
                          "sympathetic", "opposed", "allied", "responsible", "knowledgeable", "present",
                          "active", "new", "native", "opposite"})
# Nouns ending in "-ly" that skip_left must not take for adverbs ("the family said").
_LY_NOUNS = frozenset({"family", "assembly", "rally", "supply", "anomaly", "monopoly", "ally", "bully",
                       "homily", "folly", "belly", "jelly", "lily", "butterfly", "dragonfly", "melancholy"})
# Lower-case words that never modify the name after them ("something Sanders said").
_NOT_MODIFIERS = frozenset({"everything", "something", "nothing", "anything", "whereas", "whatever",
                            "whoever", "because", "unless", "once", "instead", "perhaps", "maybe"})
# Determiners that do not stand before another one in a noun phrase ("said that the mayor").
_NOT_PREDETERMINERS = frozenset({"that", "this", "these", "those", "which", "what", "whose", "a", "an"})
# Reporting words that are also nouns ("its revenue forecast", "the union's pay demands"),
# for SourceFinder.noun_compound. Past forms ("forecasted", "warned") are verbs only.
NOUN_SENSE = frozenset({
    "forecast", "forecasts", "estimate", "estimates", "warning", "warnings", "report", "reports",
    "claim", "claims", "note", "notes", "call", "calls", "answer", "answers", "quote", "quotes",
    "list", "lists", "outline", "outlines", "promise", "promises", "pledge", "pledges", "vow", "vows",
    "reply", "replies", "question", "questions", "demand", "demands", "request", "requests",
    "counter", "counters", "caution", "cautions", "guess", "guesses", "hope", "hopes", "fear",
    "fears", "view", "views", "doubt", "doubts", "wish", "wishes", "aim", "aims",
})
# Words after such a noun that a verb would not take first: prepositions, conjunctions.
_NOUN_FOLLOWERS = frozenset({
    "of", "for", "to", "in", "on", "at", "by", "from", "with", "over", "into", "after", "before",
    "since", "until", "through", "during", "amid", "despite", "under", "above", "below", "and", "or", "but",
})
# Punctuation after such a noun that ends its phrase (not a quote or a colon, which a verb
# opens: 'the ad claims "..."').
_NOUN_END_PUNCT = frozenset({".", ",", ";", ")", "!", "?"})
#: Pronouns that take a contracted auxiliary ("they'd", "I've") as subjects.
SUBJECT_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "it", "you"})
_POSSESSIVE_KIND = {"his": "named_person", "her": "named_person", "its": "organization",
                    "my": "self", "our": "self", "their": "vague", "your": "vague"}


class SourceFinder:
    """Finds the source span of an attribution cue in a tokenised sentence.

    Parameters
    ----------
    classes : dict of str to frozenset
        Word classes of the compiled lexicon (``Lexicon.classes``).
    """

    def __init__(self, classes: dict[str, frozenset[str]]) -> None:
        c = classes
        self.aux = c["AUX_ADV"]
        self.det = c["DETERMINER"]
        self.person = c["PRONOUN_PERSON"]
        self.self_ = c["PRONOUN_SELF"]
        self.other = c["PRONOUN_OTHER"]
        self.relative = c["PRONOUN_RELATIVE"]
        # A subject pronoun and its auxiliary are one token ("they’d complained", "I've said"):
        # such a token is the pronoun (_kind reads its stem, and the cue trims its span).
        self.pronouns = self.person | self.self_ | self.other
        self.pronouns = self.pronouns | {
            p + a + s for p in SUBJECT_PRONOUNS & self.pronouns for a in "'’" for s in ("d", "ve", "ll", "re", "m")
        }
        self.possessive = c["POSSESSIVE"]
        self.addressee = c["ADDRESSEE_VERBS"]
        self.det_strict = c["DET_STRICT"]
        self.time = c["TIME_WORDS"]
        self.time_lead = c["TIME_LEAD"]
        self.anon = c["ANONYMOUS_OFFICIAL_HEADS"]
        self.vague = c["VAGUE_HEADS"]
        self.media_heads = c["MEDIA_HEADS"]
        self.media_names = c["MEDIA_NAMES"]
        self.media_nouns = c["MEDIA_NOUNS"]
        self.docs = c["DOCUMENT_HEADS"]
        self.orgs = c["ORG_HEADS"]
        self.titles = c["TITLES"]
        self.evidence = c["EVIDENCE_VERB"]
        # Classes added after the first model release: a model trained with an older
        # classes.json (it keeps its own copy) still loads, without these refinements.
        added = {k: c.get(k, frozenset()) for k in ("STANCE_AMBIGUOUS", "CALL_VERB", "NEEDS_SPEAKER",
                                                     "NON_SOURCE_HEADS", "ORG_NAME_HEADS", "SPEAKER_ROLES")}
        #: speaking roles of transcripts ("MODERATOR", "UNIDENTIFIED MALE"), for all-capital labels
        self.speaker_roles = added["SPEAKER_ROLES"]
        #: corporate words that end a capitalised company name ("Northvale Energy"); only
        #: capitalised, so "energy" or "insurance" in lower case is no source head
        self.org_names = added["ORG_NAME_HEADS"]
        self.verbs = (
            c["REPORT_STRONG"] | c["REPORT_AMBIGUOUS"] | c["COGNITION"] | c["STANCE"]
            | added["STANCE_AMBIGUOUS"] | added["CALL_VERB"]
        )
        #: cue words with common non-speech senses ("ordered", "hit back", "went on"): their
        #: subject must be a plausible speaker
        self.needs_speaker = added["NEEDS_SPEAKER"]
        #: event, weather, quantity and object nouns: never a source ("prices", "the storm")
        self.non_source = added["NON_SOURCE_HEADS"]
        self.stop = (c["NP_STOP"] | self.verbs) - self.det - (
            c["ANONYMOUS_OFFICIAL_HEADS"] | c["VAGUE_HEADS"] | c["MEDIA_HEADS"] | c["MEDIA_NOUNS"]
            | c["DOCUMENT_HEADS"] | c["ORG_HEADS"]
        )
        self.heads = self.anon | self.vague | self.media_heads | self.media_nouns | self.docs | self.orgs
        #: nouns of people, who can be a reporting verb's subject ("the bank's economists")
        self.people = self.anon | self.vague | self.titles | self.pronouns
        self.known = self.heads | self.titles | self.media_names

    # -- public ------------------------------------------------------------------------------
    def find(
        self,
        toks: "Tokens",
        i: int,
        e: int,
        direction: str,
        in_quote: list[bool],
        doc: str,
        loose: bool = True,
        learned: bool = False,
    ) -> SourceSpan | None:
        """The source of the cue occupying tokens ``[i, e)``, or None.

        Parameters
        ----------
        toks : Tokens
            The sentence's tokens (document offsets).
        i, e : int
            Token range of the cue.
        direction : {"auto", "before", "after"}
            Where to look (from the rule's ``source`` constraint).
        in_quote : list of bool
            Per token, whether it sits inside a direct quote; a source is never taken from
            inside the quote the cue introduces.
        doc : str
            The document text (source spans are reported into it).
        loose : bool
            Also accept a determiner + unknown lower-case noun as the subject ("the farmer
            said", kind ``vague``). Off for rules that need a source to count at all, where
            such a subject ("the move angered") is weak evidence of a speech act.
        learned : bool
            The cue comes from a learned context model, as often a noun as a verb ("a common
            message"): no subject from a document before a prepositional modifier ("Photos
            from the scene show"), which other rules take even when not ``loose``.
        """
        # Quote membership relative to the cue: a source is never taken across a quote boundary.
        # (The flags are bools: relative to a cue outside any quote, they stay as they are.)
        if in_quote[i]:
            in_quote = [not x for x in in_quote]
        if i >= 3 and toks.lower[i - 1] == "as" and direction != "after":
            quoted = self._quoted_as(toks, i, in_quote)
            if quoted is not None:
                return self._span(toks, *quoted, doc)
        strict = toks.lower[i] in self.needs_speaker
        if direction == "after":
            span = self._after(toks, e, in_quote)
        elif direction == "before":
            span = self._before(toks, i, in_quote, loose, strict, learned)
        else:
            j = self.skip_left(toks, i - 1)
            inverted = j < 0 or toks.text[j] in _QUOTE_CHARS or toks.text[j] in _CLAUSE_PUNCT or in_quote[j]
            span = None
            if inverted and j >= 0 and toks.text[j] == "," and not in_quote[j]:
                # "Its director, Ana Ruiz, said the deal ...": the appositive name is the subject
                k = self._appositive_open(toks, j, in_quote)
                if k >= 0 and self._role_name(toks, k, j):
                    inverted = False
            if inverted and toks.lower[i].endswith("ing") and j >= 0:
                # '..., saying the city ...', '"...," adding that ...': a participle after a
                # comma or a quote has no speaker of its own on either side; the caller takes
                # the clause's subject (clause_subject)
                return None
            if inverted and j >= 0 and toks.lower[e - 1] in _NEVER_INVERTED:
                # '"...," told Reuters' is no English inversion ('"...," asked the boy' is):
                # the phrase is the listener ('An unnamed "insider" told the site ...')
                inverted = False
            if inverted:
                span = self._after(toks, e, in_quote, strict=True)
                if span is not None and j >= 0 and toks.text[j] in _CLAUSE_PUNCT and not in_quote[j]:
                    # After a comma rather than a quote, "X, 55, said he would ...": the phrase
                    # after the cue is the inverted speaker only when it closes the clause
                    # ("The deal is off, said the minister."); otherwise it opens the reported
                    # clause, and after an addressee verb ("told Reuters") it is the listener.
                    if toks.lower[e - 1] in self.addressee or not self._closes_clause(toks, span[1], in_quote):
                        span = None
            if span is None:
                span = self._before(toks, i, in_quote, loose, strict, learned)
            # "X told reporters": what follows an addressee verb is the listener, not the source.
            if span is None and not inverted and toks.lower[e - 1] not in self.addressee:
                span = self._after(toks, e, in_quote, strict=True)
                if span is not None and not self._closes_clause(toks, span[1], in_quote):
                    # "... but said he questioned ...": the phrase opens the reported clause
                    span = None
        return None if span is None else self._span(toks, *span, doc)

    def _quoted_as(self, toks: "Tokens", i: int, in_quote: list[bool]) -> tuple[int, int, str] | None:
        """'The paper quoted a senior official as saying', 'cited the minister as saying': the
        object between the quoting verb and "as" is who speaks (the quoting verb's own subject
        is its source); in the passive ("The minister was quoted in the paper as saying") the
        subject. ``i`` is the cue after "as"; None when the words before it are neither."""
        stop = i - 1  # the "as"
        clean = True  # no stop word or punctuation between the quoting verb and "as"
        for k in range(stop - 1, max(-1, stop - 8), -1):
            low = toks.lower[k]
            if in_quote[k] or not (toks.text[k][:1].isalnum() or low in ("'s", "’s")):
                return None
            if low in _QUOTING_VERBS:
                if low in ("quoted", "cited") and k >= 1 and toks.lower[k - 1] in _BE_FORMS:
                    # "The minister was quoted in the newspaper as saying": the subject speaks
                    return self._before(toks, k - 1, in_quote)
                if k + 1 >= stop or not clean:
                    return None
                return k + 1, stop, self._kind(toks, k + 1, stop, stop - 1)
            if low in self.stop:
                clean = False
        return None

    def noun_compound(self, lower: list[str], texts: list[str], i: int) -> bool:
        """Whether the reporting word at ``i`` is the head noun of a compound after a
        determiner or possessive, not a verb: "cut its revenue forecast for the year", "the
        bank's full-year growth estimate was", "their safety fears and".

        The word must have a noun sense (``NOUN_SENSE``); one to three lower-case modifier
        words that are no people ("revenue", "growth", not "the bank's economists forecast")
        stand between it and the determiner; and what follows is no object or clause: the
        sentence's end, punctuation, a preposition or conjunction, an auxiliary or a past form
        ("its profit warning sent shares lower"), not "a", "that" or a noun ("Its analysts
        estimate that", "the firm's management forecast a loss"). After a source noun ("his
        campaign promises were") only an auxiliary or a verb tells the noun.
        """
        if i < 2 or lower[i] not in NOUN_SENSE:
            return False
        n = len(lower)
        nxt, t = (lower[i + 1], texts[i + 1]) if i + 1 < n else ("", ".")
        # a finite verb or an auxiliary after the word: it is that verb's subject
        strong = nxt in self.aux or nxt in _VP_OPENERS or (nxt.endswith("ed") and t.islower()) or (
            # "the government's budget forecast assumes", "their growth estimates suggest": a
            # reporting verb agreeing with the word as its subject (a verb cannot take one)
            (nxt in self.verbs or nxt in self.evidence) and nxt != lower[i] and t.islower()
            and (nxt.endswith("s") and not nxt.endswith("ss")) != lower[i].endswith("s")
        )
        if not strong and lower[i - 1] in self.heads:
            # "the ad claims ...", "the report notes, however,", "the road sign warning of":
            # after a source noun the word is as often its verb
            return False
        if not strong and not (
            t in _NOUN_END_PUNCT
            # "cut its forecast to 2.1 percent", not "hopes to register"
            or (nxt in _NOUN_FOLLOWERS and (nxt != "to" or (i + 2 < n and texts[i + 2][:1].isdigit())))
            # "the agency's weather warning covers": a gerund's noun reading, unless an
            # object follows ("the firm's board warning investors")
            or (lower[i].endswith("ing") and t.islower() and nxt not in self.det
                and nxt not in self.pronouns and nxt != "that")
        ):
            return False
        k = i - 1
        while k >= 0 and i - k <= 4:
            t, low = texts[k], lower[k]
            if low in self.det or low in ("'s", "’s") or (t in ("'", "’") and k >= 1 and lower[k - 1].endswith("s")):
                return k < i - 1
            if len(low) == 4 and low.isdigit():
                k -= 1  # "its 2024 revenue forecast"
                continue
            if (
                not t.islower() or not low.replace("-", "").isalpha() or low in self.stop or low in self.aux
                or low in self.people or low.endswith("ly")
            ):
                return False
            k -= 1
        return False

    def label_source(self, toks: "Tokens", a: int, b: int, doc: str) -> SourceSpan:
        """The speaker label ``[a, b)`` before a colon ("Q", "Sen. Ortiz", "Poll") as a source;
        its kind is decided from its last word like any noun phrase's. An all-capital label
        ("SENATOR DAVIS", "MODERATOR", "UNIDENTIFIED MALE") is a transcript's speaker, never an
        acronym: a role is anonymous or vague, any other last word a name."""
        words = [toks.text[x] for x in range(a, b) if toks.text[x][:1].isalpha()]
        if len(words) == 1 and len(words[0]) == 1:
            return self._span(toks, a, b, "vague", doc)  # "Q:", "A:": an interview's unnamed sides
        if words and len(words[-1]) > 1 and all(w.isupper() for w in words):
            low = toks.lower[b - 1].rstrip(".")
            if low in self.anon:
                kind = "official_anonymous"
            elif low in self.vague or low in self.speaker_roles or low in self.titles:
                kind = "vague"
            else:
                kind = "named_person"
            return self._span(toks, a, b, kind, doc)
        return self._span(toks, a, b, self._kind(toks, a, b, b - 1), doc)

    def clause_subject(
        self,
        toks: "Tokens",
        i: int,
        in_quote: list[bool],
        doc: str,
        previous: SourceSpan | None = None,
    ) -> SourceSpan | None:
        """The clause's subject, for a participle or coordinated cue with no subject of its own.

        '"...," he said, adding that ...', "he began by saying ...", "... and promised": the
        source is the previous attribution's in the same sentence when there is one, else the
        first subject-like noun phrase or pronoun outside quotes before the cue.
        """
        if i == 0:
            return None
        k = self.skip_left(toks, i - 1)  # "and later said", "but has since said"
        if k < 0:
            return None
        prev = toks.lower[k]
        if prev in _QUOTE_CHARS and k >= 1 and toks.text[k - 1] in (",", "—", "–"):
            prev = toks.text[k - 1]  # 'defended "New York values," saying ...': the comma is inside the quote
        gerund = toks.lower[i].endswith("ing")
        participle = gerund and (prev in (",", "—", "–") or prev in _GERUND_PREPS)
        coordinated = prev in ("and", "but", "then") or (prev == "," and not participle)
        if not (participle or coordinated):
            return None
        if previous is not None and previous.end <= toks.start(i):
            return previous
        q = in_quote[i]
        strict = toks.lower[i] in self.needs_speaker
        j = 0
        while j < i:
            if in_quote[j] == q and toks.text[j][:1].isalnum():
                low = toks.lower[j]
                if low.endswith(_ADVERB_ENDINGS) and j + 1 < i and toks.text[j + 1] == ",":
                    j += 2  # "Essentially, the lawyers looked ... and found": a sentence adverb
                    continue
                if low in self.person or low in self.self_ or low == "they" or (low == "it" and not strict):
                    return self._span(toks, j, j + 1, self._kind(toks, j, j + 1, j), doc)
                if low not in self.stop and low not in self.det and self._head_ok(toks, j):
                    flags = [x != q for x in in_quote]
                    # "The mayor visited ... and said": the noun phrase keeps its determiner
                    a = j - 1 if j and toks.lower[j - 1] in self.det and in_quote[j - 1] == q else j
                    span = self._after(toks, a, flags, strict=True, skip_prep=False)
                    if span is not None and span[1] <= i:
                        if strict and not self._speaker(toks, span[0], span[1] - 1):
                            return None
                        return self._span(toks, *span, doc)
                    return None
                if low not in self.stop and low not in self.det and low not in self.aux:
                    return None  # the clause opens with something that is not a subject
            j += 1
        return None

    def verb_phrase_subject(
        self, toks: "Tokens", i: int, e: int, in_quote: list[bool], doc: str
    ) -> SourceSpan | None:
        """The subject of the verb phrase a learned cue word sits inside, for a cue with no
        subject of its own.

        "Ortiz also took several swipes at", "she will have to keep stressing", "they drew
        attention to", "the mayor made an announcement": the walk goes left over at most a few
        lower-case words of the verb phrase (no punctuation, no preposition or conjunction that
        would open another phrase) to a pronoun, a capitalised word or a noun of people or
        organisations, which must head a speaker-like noun phrase.
        """
        q = in_quote[i]
        lower, texts = toks.lower, toks.text
        k = i - 1
        while True:
            if k < 0 or i - k > _VP_WALK:
                return None
            t, low = texts[k], lower[k]
            if in_quote[k] != q or not t[:1].isalnum():
                return None
            if low in self.person or low in self.self_ or low == "they" or t[:1].isupper():
                break
            if k and (low in self.anon or low in self.vague or low in self.titles or low in self.orgs):
                break  # "The mayor made an announcement", "Officials gave a briefing"
            if low in _VP_BREAK:
                return None
            k -= 1
        if k == i - 1 or lower[k] in self.det:
            return None
        walked = lower[k + 1 : i]
        nxt = lower[e] if e < len(lower) else ""
        if (
            # "drew criticism from", "support among": the phrase after the cue names the source
            nxt in _PP_SOURCE
            # "won the endorsement of": a definite noun cue with its own "of" phrase
            or (nxt == "of" and walked[-1] == "the")
            # "faced criticism", "has earned the support": the subject receives the stance
            or not _RECEIVE_VERBS.isdisjoint(walked)
        ):
            return None
        h = k
        if lower[k] not in self.pronouns:
            # "Republican voters were", "the Ohio governor has": lower-case nouns after the
            # capitalised word belong to the subject, up to the verb phrase's first word
            while h + 1 < i and h - k < 3 and not self._verbish(lower[h + 1]) and texts[h + 1].isalpha():
                h += 1
        if h + 1 >= i or not self._verbish(lower[h + 1]):
            return None
        flags = [x != q for x in in_quote]
        if h == k:
            span = self._before_np(toks, k + 1, flags, False, postmod=False)
        else:
            a = self._extend_left(toks, k)
            span = (a, h + 1, self._kind(toks, a, h + 1, h))
        if span is None or not self._speaker(toks, span[0], span[1] - 1):
            return None
        if span[0] > 0 and lower[span[0] - 1] in _VP_BREAK and lower[span[0] - 1] not in _CLAUSE_OPENERS:
            return None  # "gathered at Sully's Bar to talk": an object, not the subject
        return self._span(toks, *span, doc)

    def _verbish(self, low: str) -> bool:
        """Whether a lower-case word can open a verb phrase after its subject: an auxiliary or
        adverb, a reporting or stance verb, a common irregular verb, or an -ed, -ly or -s form."""
        return (
            low in self.aux or low in _VP_OPENERS or low in self.verbs
            or low.endswith(("ed", "ly")) or (low.endswith("s") and not low.endswith("ss"))
        )

    @staticmethod
    def _closes_clause(toks: "Tokens", b: int, in_quote: list[bool]) -> bool:
        """Whether token ``b`` (just after a noun phrase) ends its clause: the sentence's end,
        punctuation other than a quote, or the start of a quote."""
        if b >= len(toks):
            return True
        t = toks.text[b]
        if in_quote[b]:
            return True
        return not t[:1].isalnum() and t not in _QUOTE_CHARS and t not in ("'s", "’s")

    @staticmethod
    def _span(toks: "Tokens", a: int, b: int, kind: str, doc: str) -> SourceSpan:
        start, end = toks.start(a), toks.end(b - 1)
        return SourceSpan(doc[start:end], start, end, kind)

    # -- helpers -----------------------------------------------------------------------------
    def skip_left(self, toks: "Tokens", j: int) -> int:
        """Skip auxiliaries, adverbs and a time phrase between subject and cue.

        "the senator on Tuesday dismissed", "Smith last week said", "officials have also said".
        """
        adverb = False
        while j >= 0:
            low = toks.lower[j]
            # "-ly" adverbs are skipped only in lower case: a capitalised "-ly" word is a name
            # ("Kelly said", "Sen. Connolly told")
            if len(low) > 4 and low.endswith("ly") and low.isalpha() and toks.text[j][:1].islower() and (
                low not in self.heads and low not in _LY_NOUNS
            ):
                j -= 1
                adverb = True
            elif low in self.aux:
                j -= 1
                adverb = False
            elif adverb and low in ("and", "but", "or") and j >= 1 and toks.lower[j - 1].endswith("ly"):
                j -= 1  # "has repeatedly and falsely claimed"
                adverb = False
            elif low in self.time:
                j -= 1
                adverb = False
                while j >= 0 and toks.lower[j] in self.time_lead:
                    j -= 1
            else:
                break
        return j

    def _is_cap(self, toks: "Tokens", j: int) -> bool:
        t = toks.text[j]
        return t[:1].isupper() and toks.lower[j] not in self.stop

    def _head_ok(self, toks: "Tokens", j: int) -> bool:
        low = toks.lower[j]
        if low in self.non_source:
            return False
        return (
            low in self.pronouns
            or low in self.heads
            or self._is_cap(toks, j)
            or self._plural_group(toks, j)
        )

    def _common_noun_initial(self, toks: "Tokens", a: int, h: int, gerund: bool = True) -> bool:
        """A lone sentence-initial capitalised word that reads as a common noun, not a name.

        "Flooding hit", "Inflation pushed", "Management said": the capital is the sentence's,
        and the word is in no name or source class and has a common-noun suffix.
        """
        if a != h or h != self._sentence_first(toks):
            return False
        low = toks.lower[h]
        if low in self.non_source:
            return True
        if low in self.known or len(low) <= 5 or not low.isalpha():
            return False
        # "-ing" also ends names (Boeing, Beijing, Manning): only where a speaker is required
        return low.endswith(_NOUN_SUFFIXES) or (gerund and low.endswith("ing"))

    def _speaker(self, toks: "Tokens", a: int, h: int) -> bool:
        """Whether the noun phrase ``[a, h]`` (head ``h``) can be a speaker: a person or a
        group of people, named or not; not a document, an event, a quantity or a thing.

        For cues with common non-speech senses ("ordered", "hit back", "went on").
        """
        low = toks.lower[h]
        if low in self.non_source or low in self.docs or low == "it":
            return False
        if low in self.pronouns or low in self.anon or low in self.vague or low in self.orgs:
            return True
        if low in self.media_heads or low in self.media_nouns or low in self.media_names:
            return True
        if not toks.text[h][:1].isupper():
            return False  # an unknown lower-case noun ("the move", "rioters")
        if self._common_noun_initial(toks, a, h):
            return False
        # a capitalised word before a lower-case head was caught above; a gerund or -tion
        # word as the lone subject ("Flooding") was too
        return True

    def _plural_group(self, toks: "Tokens", j: int) -> bool:
        """A lower-case plural noun right before a cue ("rivals see", "allies want")."""
        low = toks.lower[j]
        return (
            len(low) > 3
            and low.endswith("s")
            and not low.endswith(("ss", "us", "is", "ous"))
            and low.isalpha()
            and low not in self.stop
            and low not in self.aux
            and low not in self.non_source
        )

    def _before(
        self, toks: "Tokens", i: int, in_quote: list[bool], loose: bool = True, strict: bool = False,
        learned: bool = False,
    ) -> tuple[int, int, str] | None:
        span = self._before_np(toks, i, in_quote, loose and not strict, postmod=not learned)
        if span is None or not strict:
            return span
        a, b, _kind = span
        return span if self._speaker(toks, a, b - 1) else None

    def _before_np(
        self, toks: "Tokens", i: int, in_quote: list[bool], loose: bool = True, postmod: bool = True
    ) -> tuple[int, int, str] | None:
        j = self.skip_left(toks, i - 1)
        if j < 0:
            return None
        if toks.text[j] == ",":
            # "X, a spokeswoman for Y, said" / "X, 43, said": the subject stands before the
            # appositive's opening comma.
            k = self._appositive_open(toks, j, in_quote)
            if k < 0:
                return None
            r = self._relative_open(toks, k, in_quote)
            if r >= 0:
                # "One, who gave only her first name, Anna, said": the commas before the
                # appositive are inside a relative clause; its antecedent is the subject
                k = r
            elif self._role_name(toks, k, j):
                # "Its director, Ana Ruiz, said": the appositive names the role's holder.
                return k + 1, j, "named_person"
            j = k - 1
            if j < 0 or toks.text[j] in _QUOTE_CHARS:
                return None
        if toks.text[j] == ")" and not in_quote[j]:
            # "Sen. Ana Ruiz (D-Ore.) said", "Ben Ortiz (@benortiz) wrote": a short parenthetical
            # after a name (party and state, a handle, an acronym) belongs to the name.
            k = self._paren_name(toks, j, in_quote)
            if k < 0:
                return None
            a = self._extend_left(toks, k)
            return a, j + 1, self._kind(toks, a, k + 1, k)
        if in_quote[j] or toks.text[j] in _QUOTE_CHARS:
            return None
        low = toks.lower[j]
        if low in _FRACTIONS or low in _POLLED or low.isdigit() or low in _NUMBER_WORDS:
            # "Nearly half said", "Six in 10 say", "56 percent of those polled said": a share
            # of a poll's respondents
            a = self._share(toks, j, in_quote)
            if a >= 0:
                return a, j + 1, "vague"
        if low.endswith("ing") and j >= 2 and toks.lower[j - 1] in _POSTMOD_PREPS and toks.text[j].islower():
            # "a driver accused of speeding told": a gerund object of the subject's modifier
            outer = self._postmodified(toks, j, in_quote)
            if outer is not None:
                a, h = outer
                return a, j + 1, self._kind(toks, a, h + 1, h)
        if low in self.possessive:
            # "his criticism of": the possessor is the source.
            return j, j + 1, _POSSESSIVE_KIND.get(low, "vague")
        if low in ("'s", "’s"):
            j -= 1
            if j < 0 or not self._head_ok(toks, j):
                return None
            a = self._extend_left(toks, j)
            return a, j + 1, self._kind(toks, a, j + 1, j)
        if low in self.relative and not toks.text[j].isupper():
            # "Trump, who said" -> Trump; "a report that said" -> a report (not "the WHO").
            k = j - 1
            if k >= 0 and toks.text[k] == ",":
                k -= 1
            if k >= 0 and self._head_ok(toks, k) and toks.lower[k] not in self.pronouns:
                a = self._extend_left(toks, k)
                return a, k + 1, self._kind(toks, a, k + 1, k)
            if low == "who" and j >= 1 and toks.lower[j - 1] not in _WH_QUESTION_BEFORE:
                return j, j + 1, "vague"  # "a surrogate who said": an antecedent not resolved
            return None  # "It is unclear who wrote it", "asked who had approved": unknown
        if low in self.pronouns:
            if low == "it" and any(toks.lower[k] in _BE_FORMS for k in range(j + 1, i)):
                # "It is unclear", "it was reported that": an expletive subject, no speaker
                return None
            if low in _OBJECT_PRONOUNS or low == "it":
                # "Several accounts that shared it have posted": the object of a relative
                # clause; the subject is what the clause modifies
                outer = self._postmodified(toks, j, in_quote)
                if outer is not None:
                    a, h = outer
                    return a, j + 1, self._kind(toks, a, h + 1, h)
            return j, j + 1, self._kind(toks, j, j + 1, j)
        if (
            low.endswith("ed") and low.isalpha() and toks.text[j][:1].islower() and j >= 1
            and toks.lower[j - 1] in self.heads and toks.lower[j - 1] not in self.pronouns
        ):
            # "A poll published on Sunday suggested", "the report released Tuesday said": a
            # participle after the head noun belongs to its phrase
            h = j - 1
            a = self._extend_left(toks, h)
            a, b, kind = self._outer(toks, a, j, self._kind(toks, a, h + 1, h), in_quote)
            while b < i and (toks.lower[b] in self.time or toks.lower[b] in self.time_lead):
                b += 1  # the time phrase that skip_left stepped over: "published on Sunday"
            return a, b, kind
        if not self._head_ok(toks, j):
            # "the farmer said", "a local resident told": an unnamed person or thing that the
            # word classes do not know; only when a determiner makes it a noun phrase.
            if low.isalpha() and low not in self.stop and low not in self.aux:
                a = self._extend_left(toks, j)
                # the determiner may be that of a phrase the noun's own phrase modifies:
                # "workers at the factory said" (_extend_left took in "workers at")
                if a < j and any(toks.lower[x] in self.det_strict for x in range(a, j)):
                    h = next((x for x in range(a, j - 1) if toks.lower[x] in self.docs
                              and toks.lower[x + 1] in _POSTMOD_PREPS), -1) if postmod else -1
                    if h >= 0 and _agrees(toks.lower[h], toks.lower[i]):
                        # "Photos from the scene show", "a video of the hearing shows": a
                        # document before a prepositional modifier is the subject, also for
                        # rules that need a plausible source (not loose: "The council drew
                        # criticism" stays without one; people take the loose path below)
                        return self._outer(toks, a, j, self._kind(toks, a, h + 1, h), in_quote)
                    if loose:
                        return self._outer(toks, a, j, "vague", in_quote)
                if loose and toks.text[j].islower():
                    # "Doctors who treat chronic migraine say", "farmers who grow wheat say":
                    # the object of a "who" clause after a speaker noun, determiner or not
                    w = next((x for x in range(j - 2, max(0, j - 4) - 1, -1) if toks.lower[x] == "who"), -1)
                    if (
                        w >= 0 and all(toks.text[x].islower() for x in range(w + 1, j))
                        and self._postmodified(toks, w + 2, in_quote) is not None
                    ):
                        return self._outer(toks, w + 2, j, "vague", in_quote)
            return None
        a = self._extend_left(toks, j)
        # "Data from the statistics office showed", "a report by the agency found": the
        # document is the source, its originator a modifier (as after "according to")
        h = next((x for x in range(a, j - 1) if toks.lower[x] in self.docs and toks.lower[x + 1] in _ORIGIN_PREPS), j)
        return self._outer(toks, a, j, self._kind(toks, a, h + 1, h), in_quote)

    def _outer(self, toks: "Tokens", a: int, j: int, kind: str, in_quote: list[bool]) -> tuple[int, int, str]:
        """The subject noun phrase ``[a, j]`` before a cue, widened to the phrase it belongs
        to when it only modifies a common noun before it: "aides to the governor said" is the
        aides, "engineers familiar with the project cautioned" the engineers (_postmodified)."""
        k = a - 1
        if (
            k >= 1 and toks.lower[k] in ("in", "on") and not in_quote[k - 1]
            and toks.text[k - 1][:1].isupper() and toks.lower[k - 1] not in self.heads
            and toks.lower[k - 1] not in self.pronouns and self._head_ok(toks, k - 1)
        ):
            # "Mayor Lina Park in Ridgeford said": the phrase after a name says where the
            # person spoke; the name is the source
            h = k - 1
            a = self._extend_left(toks, h)
            return a, h + 1, self._kind(toks, a, h + 1, h)
        for _ in range(2):  # "officials at the agency in Washington said"
            outer = self._postmodified(toks, a, in_quote)
            if outer is None:
                break
            a, h = outer
            kind = self._kind(toks, a, h + 1, h)
        first = self._coordinated(toks, a, in_quote)
        if first is not None:
            a, h = first
            kind = self._kind(toks, a, h + 1, h)
        return a, j + 1, kind

    def _coordinated(self, toks: "Tokens", a: int, in_quote: list[bool]) -> tuple[int, int] | None:
        """``(start, head)`` of the first of the conjuncts ending with the phrase at ``a``
        ("Clinton and the State Department said", "Obama, Clinton and other Democrats
        said"), or None.

        Only a subject: the first conjunct must open its clause (sentence start, a
        punctuation mark or a clause opener before it), so that in "he thanked voters and
        officials said" the object "voters" stays out.
        """
        lower, texts = toks.lower, toks.text
        k = a - 1
        if k < 1 or lower[k] != "and" or in_quote[k]:
            return None
        m = k - 1
        serial = texts[m] == ","
        if serial and m >= 1:
            m -= 1  # "Obama, Clinton, and other Democrats"
        found = None
        for n_conj in range(4):
            if m < 0 or in_quote[m] or not self._head_ok(toks, m) or lower[m] in _OBJECT_PRONOUNS or lower[m] == "it":
                break
            start = self._extend_left(toks, m)
            outer = self._postmodified(toks, start, in_quote, bare=True)
            if outer is not None:
                start, m = outer  # "Protesters outside the embassy and police said"
            before = start - 1
            # a comma before "and" closes a list of three or more; with one conjunct before it,
            # it joins clauses ("... supported that bill, and the record shows it")
            if (before < 0 or not texts[before][:1].isalnum() or lower[before] in _CLAUSE_OPENERS) and not (
                serial and n_conj == 0 and (before < 0 or texts[before] != ",")
            ):
                found = (start, m)
            if before < 1 or texts[before] != ",":
                break
            m = before - 1  # a list: "Obama, Clinton and ..."
        return found

    def _postmodified(
        self, toks: "Tokens", a: int, in_quote: list[bool], bare: bool = False
    ) -> tuple[int, int] | None:
        """``(start, head)`` of the common-noun phrase that the phrase starting at ``a``
        modifies, or None.

        Four shapes, each after a lower-case (or sentence-initial) common noun that can be a
        speaker: a prepositional phrase, bare or after an adjective or participle ("voters in
        Iowa", "people close to the talks", "officials involved in the case"); a passive
        participle with its agent ("a study funded by the company"); a participle with its
        object ("lawyers representing the family"); and a "who" clause, with an object or a
        prepositional phrase ("scientists who studied the samples", "residents who spoke to
        the Courier"), or a "that" clause with an object ("the firm that built the bridge").
        A capitalised name keeps its own phrase: in "Trump in Iowa said" the prepositional
        phrase says where he spoke. ``bare``: only a prepositional
        phrase right after the noun (for a first conjunct, where "The bill passed in the
        Senate and officials said" must not become one subject).
        """
        lower, texts = toks.lower, toks.text
        k = a - 1
        if k < 1 or in_quote[k] or not texts[k].islower():
            return None
        low = lower[k]
        if bare:
            if low not in _POSTMOD_PREPS:
                return None
            h = k - 1
        elif (
            low == "by" and (lower[k - 1].endswith("ed") or lower[k - 1] in _BY_PARTICIPLES)
            and texts[k - 1].islower() and k >= 2
        ):
            h = k - 2  # "a study funded by the company", "a report commissioned by the council"
        elif low in _POSTMOD_PREPS:
            h = k - 1
            w = lower[h]
            if texts[h].islower() and h >= 1 and (
                w in _POSTMOD_ADJ or (w.isalpha() and w.endswith(("ed", "ing")) and w not in self.aux)
            ):
                h -= 1
            elif h >= 2 and lower[h - 1] == "who" and w.isalpha() and texts[h].islower() and w not in self.aux:
                h -= 2  # "residents who spoke to the Courier", "people who live near the plant"
        elif low.endswith("ing") and low.isalpha() and low not in self.stop:
            h = k - 1  # "groups opposing the bill"
        elif (
            lower[k - 1] in ("who", "that") and low.isalpha() and low not in self.stop and low not in self.aux
            and not (lower[k - 1] == "that" and low in self.evidence)
        ):
            # "scientists who studied the samples", "the firm that built the bridge"; not "a
            # survey that shows most drivers speed", whose verb takes a clause
            h = k - 2
        elif (
            k >= 3 and lower[k - 2] == "who" and lower[k - 1] in self.aux and low.isalpha()
            and low not in self.stop and low not in self.aux
        ):
            h = k - 3  # "economists who have studied similar projects", "those who had seen it"
        elif k >= 2 and lower[k - 1] == "who" and low in ("have", "had", "has") and texts[a].islower():
            h = k - 2  # the same, when the object phrase took the participle in
        elif low == "who" and texts[a].islower() and lower[a] not in self.det and lower[a] not in self.pronouns:
            # "the parents who run the Lions club": _extend_left took in the verb (not "a
            # coach who many fans dislike", whose clause has its own subject)
            h = k - 1
        else:
            return None
        if h < 0 or in_quote[h] or not self._common_head(toks, h):
            return None
        return self._extend_left(toks, h), h

    def _common_head(self, toks: "Tokens", h: int) -> bool:
        """A common noun that can head a speaker's noun phrase: a source-class noun or a plural
        ("aides", "voters"), in lower case or opening the sentence; not a name or a pronoun."""
        low, t = toks.lower[h], toks.text[h]
        if low in self.non_source or low in self.pronouns or low in self.stop:
            return False
        if not (t[:1].islower() or h == self._sentence_first(toks) or (t[:-1].istitle() and low.endswith("s"))):
            return False
        return low in self.heads or self._plural_group(toks, h)

    def _share(self, toks: "Tokens", j: int, in_quote: list[bool]) -> int:
        """Start of a noun phrase ending at ``j`` that names a share of people ("nearly half",
        "more than 4 in 10", "two-thirds of voters", "31 percent of those surveyed"), or -1.

        The phrase is a share (a fraction word, "N in M" or "N percent"), optionally followed
        by "of" and a short noun phrase and a participle such as "polled"; qualifiers before
        the share ("about", "more than", "nearly") belong to it.
        """
        lower = toks.lower
        end = j
        if lower[end] in _POLLED:
            end -= 1  # "voters polled": the participle modifies the noun before it
        # the share itself: scan left to it over "of" + a short noun phrase
        k = end
        while k >= 0 and end - k <= 4 and not self._share_core(toks, k)[0]:
            t, low = toks.text[k], lower[k]
            if in_quote[k] or not (t.isalpha() or "-" in t) or (low in self.stop and low not in ("of", "those")):
                return -1
            k -= 1
        if k < 0 or in_quote[k]:
            return -1
        ok, a = self._share_core(toks, k)
        if not ok:
            return -1
        if k < end and lower[k + 1] != "of":
            return -1  # "half the battle": only "of" may follow the share
        while a > 0 and lower[a - 1] in _SHARE_QUALIFIERS:
            a -= 1
        return a

    @staticmethod
    def _share_core(toks: "Tokens", k: int) -> tuple[bool, int]:
        """Whether token ``k`` ends a share ("half", "4 in 10", "56 percent"), and its start."""
        lower = toks.lower
        low = lower[k]
        if low in _FRACTIONS:
            if k > 0 and lower[k - 1] in ("a", "the"):
                return True, k - 1
            # a bare "minority" or "majority" is as often a modifier ("minority reports")
            return low not in _BARE_NOT_SHARE or (k > 0 and lower[k - 1] in _SHARE_QUALIFIERS), k
        if low in ("percent", "%") and k > 0 and _is_number(lower[k - 1]):
            return True, k - 1
        if _is_number(low) and k >= 2 and lower[k - 1] == "in" and _is_number(lower[k - 2]):
            return True, k - 2
        if "-in-" in low and all(_is_number(x) for x in low.split("-in-")):
            return True, k  # "three-in-five"
        return False, k

    @staticmethod
    def _appositive_open(toks: "Tokens", j: int, in_quote: list[bool]) -> int:
        """The comma opening the appositive closed by the comma at ``j``, or -1."""
        k = j - 1
        while k >= 0 and j - k <= 25 and toks.text[k] not in ",;:" and not in_quote[k]:
            k -= 1
        if k < 0 or toks.text[k] != "," or j - k < 2:
            return -1
        return k

    def _relative_open(self, toks: "Tokens", k: int, in_quote: list[bool]) -> int:
        """The comma opening a relative clause that the comma at ``k`` falls inside, or -1.

        "One, who gave only her first name, Anna, said", "A farmer, who asked that his
        village, Lesno, not be named, said": the clause ("who ...", "whose ...", "which ...")
        holds commas of its own, so the phrase before the appositive that ``k`` opens is part
        of the clause, not the subject. At most three comma-separated pieces are walked; a
        piece that opens with a conjunction or clause opener ("..., and the mayor, ...") ends
        the walk, and the relative pronoun's antecedent must open its clause ("In the report,
        which ..." is no subject).
        """
        c = k
        for _ in range(3):
            p = c - 1
            while p >= 0 and c - p <= 25 and toks.text[p] not in _CLAUSE_STOPS and not in_quote[p]:
                if toks.text[p] == "." and p >= 1 and toks.text[p - 1].islower():
                    return -1  # a full stop after a lower-case word ends a sentence ("Ft." does not)
                p -= 1
            if p < 1 or toks.text[p] != "," or in_quote[p] or p + 1 >= c:
                return -1
            first = toks.text[p + 1]
            low = toks.lower[p + 1]
            if low in _RELATIVE_WH and first.islower():
                h = p - 1
                w = toks.lower[h]
                if in_quote[h] or not w.isalnum() or w in self.stop or w in self.non_source:
                    return -1
                a = self._extend_left(toks, h)
                before = a - 1
                if before >= 0 and toks.text[before][:1].isalnum() and (
                    toks.lower[before] not in _CLAUSE_OPENERS or toks.lower[before] in ("as", "than")
                ):  # "such as the Fund, which ...": an object
                    return -1
                return p
            if low in _CLAUSE_OPENERS:
                return -1
            c = p
        return -1

    def _paren_name(self, toks: "Tokens", j: int, in_quote: list[bool]) -> int:
        """The capitalised name right before the short parenthetical closed by ``)`` at ``j``
        ("Ruiz (D-Ore.)", "Ortiz (@benortiz)"), as the index of its last token; else -1."""
        k = j - 1
        while k >= 0 and j - k <= _MAX_PAREN and toks.text[k] != "(":
            t = toks.text[k]
            if in_quote[k] or t in _QUOTE_CHARS or t in ",;:)" or toks.lower[k] in self.stop:
                return -1
            k -= 1
        if k < 1 or toks.text[k] != "(" or j - k < 2:
            return -1
        k -= 1
        return k if self._is_cap(toks, k) and self._head_ok(toks, k) else -1

    def _role_name(self, toks: "Tokens", k: int, j: int) -> bool:
        """Whether ``ROLE , NAME ,`` has a lower-case role noun before the comma at ``k`` and
        a personal name (capitalised words no class knows: two to four after an official's
        role or a title, one to four after a possessive or an article and a person's role,
        "Her daughter, Abena,") between ``k`` and ``j``.
        """
        if k < 1 or not 1 <= j - k - 1 <= 4:
            return False
        role = toks.lower[k - 1]
        if not toks.text[k - 1][:1].islower():
            return False
        before = toks.lower[k - 2] if k >= 2 else ""
        noun = role.replace("-", "").isalpha() and role not in self.stop
        # a role noun right after a possessive ("Her co-author, Peter Lindqvist,", "Her
        # daughter, Abena,") or after an article when it names a person, not an organisation,
        # a document or a medium ("A neighbour, Tom Reyes,")
        owned = noun and (before in self.possessive or before in ("'s", "’s"))
        person = noun and before in ("a", "an", "the") and not (
            role in self.orgs or role in self.docs or role in self.media_heads or role in self.media_nouns)
        if not (role in self.anon or role in self.titles or owned or person):
            return False
        if j - k - 1 == 1 and not (owned or person):
            return False  # one word after a bare role: "a spokesman, Reuters," is no name
        for x in range(k + 1, j):
            t, low = toks.text[x], toks.lower[x]
            if x == k + 1 and low in self.titles and t[:1].isupper():
                continue  # "Dr. Ana Ruiz"
            if not t[:1].isupper() or t.isupper() or low in self.stop or low in self.known or low in self.org_names:
                return False
        return True

    def _extend_left(self, toks: "Tokens", j: int) -> int:
        """Start of the noun phrase whose last token is ``j``.

        Takes in capitalised words, modifiers, possessives ("Trump's", "the players'"),
        a year ("a 2023 study"), "of" between names ("the Ministry of Health"), and a
        prepositional tail after a head noun ("a spokesman for the ministry").
        """
        a = j
        while a - 1 >= 0 and j - (a - 1) < _MAX_NP:
            k = a - 1
            t, low = toks.text[k], toks.lower[k]
            if low in self.det:
                a = k
                if k - 1 >= 0 and toks.lower[k - 1] in self.det and (
                    toks.lower[k - 1] in ("all", "both")
                    or (low not in self.possessive and low not in ("the", "a", "an")
                        and toks.lower[k - 1] not in _NOT_PREDETERMINERS)
                ):
                    continue  # "two other councillors", "all the candidates", "the two"
                # "a spokesman for | the ministry": keep going through the preposition when a
                # head noun stands before it.
                if (
                    k - 2 >= 0
                    and toks.lower[k - 1] in ("for", "of", "at", "with", "from")
                    and (toks.lower[k - 2] in self.heads or self._is_cap(toks, k - 2))
                    and j - (k - 2) < _MAX_NP + 4
                ):
                    a = k - 2
                    continue
                break
            if t in ("'", "’") and k - 1 >= 0 and toks.lower[k - 1].endswith("s"):
                a = k  # plural possessive: "the players' union"
                continue
            if len(t) == 4 and t.isdigit() and k - 1 >= 0 and toks.lower[k - 1] in self.det:
                a = k  # "a 2023 study"
                continue
            if low in ("'s", "’s") or (t == "&" and a - 2 >= 0):
                a = k
                continue
            if (
                t == "." and k - 2 >= 0 and len(toks.text[k - 1]) == 1 and toks.text[k - 1].isupper()
                and toks.text[a][:1].isupper() and toks.text[k - 2][:1].isupper()
                and toks.lower[k - 2] not in self.stop
            ):
                a = k - 1  # a middle initial: "Donald J. Trump", "Jeffrey M. Jones"
                continue
            if low == "of" and k - 1 >= 0 and (toks.text[a][:1].isupper() or toks.lower[a] in self.det):
                # "the Ministry of Health", "Secretary of State John Kerry"
                if toks.text[k - 1][:1].isupper() or toks.lower[k - 1] in self.heads:
                    a = k
                    continue
                break
            if low in self.stop or low in self.pronouns or not t[:1].isalnum() or (low in self.relative and t.islower()):
                break  # ("who" is a head for the WHO: a relative pronoun only in lower case)
            if (
                t[:1].islower() and toks.text[a][:1].isupper() and low not in self.known
                and (low.endswith(("ing", "ly")) or low in _NOT_MODIFIERS)
            ):
                break  # "including Mr. Trump", "ultimately Prager", "everything Trump"
            if t[:1].isdigit():
                break
            a = k
        return a

    def _after(
        self, toks: "Tokens", e: int, in_quote: list[bool], strict: bool = False, skip_prep: bool = True
    ) -> tuple[int, int, str] | None:
        n = len(toks)
        j = e
        by_prep = skip_prep and j < n and toks.lower[j] in ("by", "to")
        if by_prep:
            j += 1
        if j >= n or in_quote[j] or not toks.text[j][:1].isalnum():
            return None
        low = toks.lower[j]
        if low in _OBJECT_PRONOUNS:
            return None  # "telling him": an object, never the one who speaks
        if low in self.pronouns and not (
            # "according to one shopkeeper": a determiner before its noun, not the pronoun
            low in self.det and j + 1 < n and toks.text[j + 1][:1].isalpha() and toks.lower[j + 1] not in self.stop
        ):
            if strict and low in self.other:
                return None
            return j, j + 1, self._kind(toks, j, j + 1, j)
        a = j
        k = j
        head = ext = -1
        while k < n and k - a < _MAX_NP + 2:
            t, lw = toks.text[k], toks.lower[k]
            if lw in self.det:
                if k != a:
                    break
                k += 1
                continue
            if lw in ("'s", "’s"):
                k += 1
                continue
            if lw in ("of", "from", "at", "for", "by", "&") and head >= 0 and k + 1 < n:
                nxt = k + 1
                if nxt < n and toks.lower[nxt] in self.det and nxt + 1 < n:
                    nxt += 1
                if toks.text[nxt][:1].isupper() and toks.lower[nxt] not in self.stop:
                    k = nxt
                    continue
                if (
                    lw in ("from", "by", "of") and toks.lower[head] in self.docs and toks.text[head].islower()
                    and toks.lower[nxt - 1] in self.det
                ):
                    # "guidance from the national health service", "a survey by the central
                    # bank": a document and who issued it, up to a known source head
                    m = self._lower_run(toks, nxt, n)
                    if m > nxt and toks.lower[m - 1] in self.heads and toks.lower[m - 1] not in self.docs and (
                        m == n or not toks.text[m][:1].isalnum() or toks.lower[m] in self.stop
                    ):
                        head = m - 1  # the kind stays the document's ("figures from the Network")
                        k = m
                        break
                if lw in _ROLE_PREPS and toks.lower[head] in self.anon and toks.lower[nxt - 1] in self.det:
                    # "a spokeswoman for the utility", "an official at the ministry": an
                    # unnamed role and whom it serves, up to a known head or the phrase's end
                    m = self._lower_run(toks, nxt, n)
                    if m > nxt and (toks.lower[m - 1] in self.heads or m == n or not toks.text[m][:1].isalnum()):
                        head = m - 1
                        k = m
                break
            if lw in self.stop or not t[:1].isalnum() or t[:1].isdigit() or (lw in self.relative and t.islower()):
                break  # "an official at the ministry who asked ...": the clause is not the name
            cap = t[:1].isupper()
            if (
                (lw in self.heads or cap) and head >= 0 and toks.lower[head] in self.docs
                and toks.text[head].islower() and lw not in self.docs
            ):
                # "a memo engineers circulated on Friday", "documents Senate aides obtained":
                # people after a document, then a verb, open a relative clause without "that"
                m = k
                while m < n and m - k < 3 and (toks.lower[m] in self.heads or toks.text[m][:1].isupper()):
                    m += 1
                if m < n and toks.text[m].islower() and toks.lower[m].endswith("ed"):
                    break
            if lw in self.heads or cap:
                head = k
            elif head >= 0:
                # "the Andalusian emergency service", "Spanish state news agency": lower-case
                # nouns and adjectives of the same phrase after a capitalised word, up to
                # punctuation, a preposition or a verb.
                m = self._lower_run(toks, k, n)
                if m <= k or not toks.text[head][:1].isupper():
                    break  # a lower-case word after the head ends the phrase
                # a known source head ends the run ("health ministry"); any noun only after
                # "according to" / "by", and only when punctuation or a stop word follows
                if toks.lower[m - 1] not in self.heads and not (
                    by_prep and (m == n or not toks.text[m][:1].isalnum() or toks.lower[m] in self.stop)
                ):
                    break
                head = ext = m - 1
                k = m
                continue
            k += 1
        if head < 0:
            if e >= 2 and toks.lower[e - 1] == "to" and toks.lower[e - 2] == "according" and toks.lower[a] in self.det:
                # "according to a teardown (published by ...)": whatever the phrase names is
                # the source, a noun the word classes do not know too
                m = a + 1
                while (m < n and m - a <= 3 and toks.text[m][:1].islower() and toks.lower[m].replace("-", "").isalpha()
                       and toks.lower[m] not in self.stop and toks.lower[m] not in self.det
                       and toks.lower[m] not in self.relative and not (m > a + 1 and toks.lower[m].endswith("ed"))):
                    m += 1
                if m > a + 1 and (m == n or not toks.text[m][:1].isalnum() or toks.lower[m] in self.stop
                                  or toks.lower[m].endswith("ed")):
                    return a, m, "vague"
            return None
        b = head + 1
        # For "figures from the Network", the kind comes from the first head ("figures").
        first_head = next(x for x in range(a, b) if toks.lower[x] in self.heads or toks.text[x][:1].isupper())
        if strict and not (toks.text[head][:1].isupper() or toks.lower[head] in self.heads):
            return None
        kind_head = self._kind_head(toks, a, b, first_head)
        if ext >= 0 and (toks.lower[head] in self.heads or toks.text[head][:1].isupper()):
            kind_head = head  # "the Andalusian emergency service": the service decides
        return a, b, self._kind(toks, a, b, kind_head)

    def _lower_run(self, toks: "Tokens", k: int, n: int) -> int:
        """End of a run of lower-case nouns and adjectives starting at ``k`` (``k`` if none).

        At most three words; a run stops at punctuation, a stop word (prepositions,
        auxiliaries, reporting verbs), a determiner, a word in ``-ed`` or ``-ly`` (a verb or
        an adverb), and drops trailing ``-ing`` words and event or quantity nouns.
        """
        m = k
        while m < n and m - k < 3:
            t, lw = toks.text[m], toks.lower[m]
            if (
                not t[:1].islower()
                or not lw.replace("-", "").isalpha()
                or lw in self.stop
                or lw in self.det
                or lw in self.relative
                or lw in self.aux
                or lw.endswith(("ed", "ly"))
            ):
                break
            m += 1
        while m > k and (toks.lower[m - 1].endswith("ing") or toks.lower[m - 1] in self.non_source):
            m -= 1
        return m

    def _kind_head(self, toks: "Tokens", a: int, b: int, first_head: int) -> int:
        """The token that decides the kind: the last token of the leading name or noun run."""
        h = first_head
        while h + 1 < b and (toks.text[h + 1][:1].isupper() or toks.lower[h + 1] in self.heads or toks.lower[h + 1] in ("'s", "’s")):
            if toks.lower[h + 1] in ("'s", "’s"):
                break
            h += 1
        return h

    def _kind(self, toks: "Tokens", a: int, b: int, h: int) -> str:
        """Kind of the source noun phrase ``[a, b)`` with head token ``h``."""
        low = toks.lower[h]
        text = toks.text[h]
        lows = toks.lower[a:b]
        if "'" in low or "’" in low:
            # "I'd disagree", "We're told", "She'll say": the pronoun before a contraction
            stem = low.replace("’", "'").split("'", 1)[0]
            if stem in self.pronouns:
                low = stem
        if low in self.person:
            return "named_person"
        if low in self.self_:
            return "self"
        if low in self.other:
            return "organization" if low == "it" else "vague"
        if low == "who" and not text.isupper():
            return "vague"  # a bare relative pronoun; "WHO" is the organisation
        if low not in self.anon:
            # "a spokeswoman for the Guardia Civil", "an official at the ministry": an unnamed
            # role of an organisation (no name between the role and the preposition);
            # "researchers at the institute", "residents of the town": unnamed people
            for x in range(a, h):
                if (
                    (toks.lower[x] in self.anon or toks.lower[x] in self.vague)
                    and toks.lower[x + 1] in _ROLE_PREPS
                    and (toks.text[x][:1].islower() or x == self._sentence_first(toks))
                    and (x == a or toks.lower[x - 1] in self.det or not toks.text[x - 1][:1].isupper())
                ):
                    return self._kind(toks, a, x + 1, x)
        if any(w in self.media_names for w in lows):
            return "media"
        # "MPs", "an MEP": a role written as an acronym is no name
        acronym_role = low in self.anon and text.rstrip("s").isupper()
        cap_head = text[:1].isupper() and h != self._sentence_first(toks) and not acronym_role
        # "The Times" is media by its capital; "the newspaper", "local media" are media anyway.
        if low in self.media_nouns or (low in self.media_heads and cap_head):
            return "media"
        if low in ("figures", "figure") and h > a and (
            toks.lower[h - 1] in _PEOPLE_FIGURE_MODS
            or (toks.text[h - 1][:1].isupper() and h - 1 != self._sentence_first(toks))
        ):
            return "vague"  # "senior Labour figures", "opposition figures": people, not data
        if low in self.docs:
            return "document"
        if low in self.anon and not cap_head:
            # "the mayor", "the company's spokesman": a definite singular role is identifiable;
            # "a senior official", "officials", "police" are not.
            definite = lows[0] in ("the", "'s", "’s") or "'s" in lows or "’s" in lows
            if definite and low in self.titles and not low.endswith("s"):
                return "named_person"
            return "official_anonymous"
        if low in self.vague and not cap_head:
            return "vague"
        if low in self.orgs or (low in self.org_names and text[:1].isupper()):
            # "Northvale Energy", "Tarsen Pharmaceuticals": a corporate word ends the name
            return "organization"
        if text.isupper() and len(text) > 1:
            return "organization"
        caps = [x for x in range(a, b) if toks.text[x][:1].isupper()]
        if any(toks.lower[x] in self.orgs for x in caps):
            return "organization"
        if lows and lows[0] == "the" and caps:
            return "organization"
        if low in self.anon:
            return "named_person"  # "the President", "the Secretary": identifiable
        if low in self.vague:
            return "vague"
        if not text[:1].isupper():
            return "vague"  # an unnamed group or thing ("Oil prices", "rivals"): never a name
        if self._common_noun_initial(toks, a, h, gerund=False):
            # "Management said", "Opposition grew": a collective common noun, not a person
            return "organization"
        if self._plural_initial(toks, a, h):
            return "vague"  # "Reviewers have praised", "Eurosceptics say": unnamed people
        return "named_person"

    def _plural_initial(self, toks: "Tokens", a: int, h: int) -> bool:
        """A lone sentence-initial capitalised plural whose verb agrees as a plural: "Reviewers
        have praised", "Eurosceptics say". A surname takes the singular ("Sanders says",
        "Peters has argued"); a past form ("Sanders said") decides nothing."""
        if a != h or h != self._sentence_first(toks) or h + 1 >= len(toks.lower):
            return False
        low, nxt = toks.lower[h], toks.lower[h + 1]
        if len(low) < 5 or not low.isalpha() or not low.endswith("s") or low.endswith(("ss", "us", "is")):
            return False
        # "have", "were", or a reporting verb's base form ("say": "says" is one too)
        return nxt in _PLURAL_AGREEMENT or (nxt in self.verbs and nxt + "s" in self.verbs)

    @staticmethod
    def _sentence_first(toks: "Tokens") -> int:
        for j, t in enumerate(toks.text):
            if t[:1].isalnum():
                return j
        return 0
