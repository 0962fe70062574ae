"""``credscore score --pretty``: the analysis rendered for a person in a terminal.

Each sentence is printed with its cue spans highlighted by type (ANSI colours, or bracket
markers ``[text|type]`` without colour) and, below it, each attribution with its source (and
its article-level source id). The article's sources, with their caveats, close the output.
"""

from __future__ import annotations

from scoring.types import CUE_TYPES, DocumentResult, SentenceResult

# Highlight order when spans of several types overlap: the strongest signal wins the colour.
_PRIORITY = ("unverified", "vague_source", "hedge", "attribution", "approximation")
_COLOR = {
    "hedge": "33",  # yellow
    "attribution": "36",  # cyan
    "vague_source": "35",  # magenta
    "unverified": "31",  # red
    "approximation": "32",  # green
}
_RESET = "\x1b[0m"


def _sgr(code: str, color: bool) -> str:
    return f"\x1b[{code}m" if color else ""


def _segments(result: SentenceResult) -> list[tuple[int, int, set[str], bool]]:
    """Cut the sentence at every span boundary: (start, end, cue types, inside a source)."""
    s = result.sentence
    spans = [(c.start, c.end, c.type) for c in result.cues]
    sources = [(a.source.start, a.source.end) for a in result.attributions if a.source is not None]
    cuts = {s.start, s.end}
    for a, b, _ in spans:
        cuts.update((a, b))
    for a, b in sources:
        cuts.update((a, b))
    points = sorted(p for p in cuts if s.start <= p <= s.end)
    out = []
    for a, b in zip(points, points[1:]):
        types = {t for x, y, t in spans if x <= a and b <= y}
        in_src = any(x <= a and b <= y for x, y in sources)
        out.append((a, b, types, in_src))
    return out


def _render_sentence(text: str, result: SentenceResult, color: bool) -> str:
    parts = []
    for a, b, types, in_src in _segments(result):
        piece = text[a:b]
        if not types and not in_src:
            parts.append(piece)
            continue
        if color:
            codes = []
            if types:
                top = next(t for t in _PRIORITY if t in types)
                codes.append(_COLOR[top])
                if len(types) > 1:
                    codes.append("1")  # bold where cue types overlap
            if in_src:
                codes.append("4")  # underline sources
            parts.append(f"\x1b[{';'.join(codes)}m{piece}{_RESET}")
        else:
            label = "+".join(t for t in _PRIORITY if t in types)
            if in_src and label:
                parts.append(f"[{piece}|{label},source]")
            elif in_src:
                parts.append(f"<{piece}>")
            else:
                parts.append(f"[{piece}|{label}]")
    return "".join(parts)


def render_document(text: str, doc: DocumentResult, *, color: bool) -> str:
    """The whole document as terminal text (ends with a newline)."""
    summ = doc.summary()
    lines = []
    n = summ["n_sentences"]
    if n == 0:
        return "No sentences: the input is empty or only whitespace.\n"

    def pct(key: str) -> str:
        return f"{round(100 * summ[key])}%"

    lines.append(
        f"{n} sentence{'s' if n != 1 else ''}: hedged {pct('hedged')}, attributed {pct('attributed')}, "
        f"vague source {pct('vague_source')}, unverified {pct('unverified')}, "
        f"approximation {pct('approximation')}"
    )
    legend = "  ".join(f"{_sgr(_COLOR[t], color)}{t}{_RESET if color else ''}" for t in CUE_TYPES)
    marker = "underlined" if color else "<source>"
    lines.append(f"Legend: {legend}  (sources {marker}; quoted cues marked \u201cq\u201d)")
    if doc.model:
        genre = f", genre {doc.model['genre']}" if doc.model.get("genre") else ""
        lines.append(f"Model: {doc.model.get('name')} {doc.model.get('version')} "
                     f"(sha256 {str(doc.model.get('sha256'))[:12]}{genre})")
    lines.append("")
    width = len(str(n))
    for r in doc.sentences:
        lines.append(f"[{r.sentence.index + 1:>{width}}] {_render_sentence(text, r, color)}")
        pad = " " * (width + 3)
        if r.verifiability is not None:
            score = f"verifiability {r.verifiability:.2f} ({r.label})"
            if r.claim is not None:
                score += f", claim {r.claim:.2f} ({r.claim_label})"
            lines.append(pad + score)
        quoted = [c for c in r.cues if c.quoted]
        if quoted:
            lines.append(pad + "q: " + ", ".join(f"{c.text!r} ({c.type}, inside a quote)" for c in quoted))
        for k, att in enumerate(r.attributions):
            if att.source is None:
                lines.append(f"{pad}\u2190 {att.cue.text!r}: no source named")
            else:
                sid = r.source_id(k)
                ref = f" [{sid}]" if sid else ""
                lines.append(f"{pad}\u2190 {att.cue.text!r}: {att.source.text!r} ({att.source.kind}){ref}")
        if r.source_caveat:
            lines.append(f"{pad}! rests on a source the article caveats")
    lines.extend(_render_sources(doc, color))
    return "\n".join(lines) + "\n"


def _render_sources(doc: DocumentResult, color: bool) -> list[str]:
    """The article's sources: id, name, kind, sentences cited (1-based), aliases, caveats."""
    if not doc.sources:
        return []
    out = ["", "Sources:"]
    for src in doc.sources:
        aliases = []
        for m in src.mentions:
            if m.text not in aliases and m.text != src.name:
                aliases.append(m.text)
        cited = ", ".join(str(i + 1) for i in src.sentences) or "-"
        line = f"  {src.id} {src.name} ({src.kind}): sentences {cited}"
        if aliases:
            line += "; as " + ", ".join(repr(a) for a in aliases[:6]) + (" ..." if len(aliases) > 6 else "")
        out.append(line)
        for c in src.caveats:
            mark = f"{_sgr(_COLOR['unverified'], color)}caveat{_RESET if color else ''}"
            out.append(f"      {mark} ({c.family}, sentence {c.sentence + 1}): {c.text!r}")
    return out
