// credscore demo page: POST /v1/score {"text": ...} and render the document JSON.
// Plain JS, no build step, no external resources. Offsets in the JSON are Python str indices
// (code points), so the text is handled as an array of code points, never UTF-16 units.
"use strict";

const CUE_TYPES = ["hedge", "attribution", "vague_source", "unverified", "approximation"];
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

function scoreClass(v) {
  if (v === null || v === undefined) return "vnone";
  return "v" + Math.max(0, Math.min(4, Math.floor(v * 5)));
}

function fmt(x, digits = 2) {
  return x === null || x === undefined ? "–" : Number(x).toFixed(digits);
}

// All source spans of a sentence (main attribution and the rest), de-duplicated.
function sourceSpans(s) {
  const out = [];
  const seen = new Set();
  const atts = Array.isArray(s.attributions) ? s.attributions : (s.attribution ? [s.attribution] : []);
  for (const a of atts) {
    const src = a && a.source;
    if (!src) continue;
    const key = src.start + ":" + src.end;
    if (!seen.has(key)) { seen.add(key); out.push(src); }
  }
  return out;
}

// The sentence [start, end) as nodes: cue spans as <mark class="cue cue-TYPE">, source spans
// underlined. Segments are cut at every span boundary; adjacent segments under the same cues
// and source are merged, so a cue that nothing cuts is one <mark>. Cues sharing a span (a word
// that is both an attribution and a hedge, "believe") are nested marks, one per type.
function renderSentence(cps, s) {
  const cues = (s.cues || []).filter((c) => c.end > c.start)
    .sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start));
  const sources = sourceSpans(s);
  const cuts = new Set([s.start, s.end]);
  for (const c of cues) { cuts.add(Math.max(s.start, c.start)); cuts.add(Math.min(s.end, c.end)); }
  for (const r of sources) { cuts.add(Math.max(s.start, r.start)); cuts.add(Math.min(s.end, r.end)); }
  const points = [...cuts].filter((p) => p >= s.start && p <= s.end).sort((a, b) => a - b);
  const same = (x, y) => x.length === y.length && x.every((c, i) => c === y[i]);
  const segments = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const covering = cues.filter((c) => c.start <= a && c.end >= b);
    const src = sources.find((r) => r.start <= a && r.end >= b) || null;
    const last = segments[segments.length - 1];
    if (last && same(last.cues, covering) && last.src === src) last.b = b;
    else segments.push({ a, b, cues: covering, src });
  }
  const nodes = [];
  for (const seg of segments) {
    let node = document.createTextNode(cps.slice(seg.a, seg.b).join(""));
    for (const c of [...seg.cues].reverse()) {  // the first cue is the outermost mark
      node = el("mark", {
        class: "cue cue-" + c.type + (c.quoted ? " quoted" : ""),
        title: c.type.replace("_", " ") + " (" + c.rule + ")" + (c.quoted ? ", inside a quotation" : ""),
        dataset: { type: c.type, rule: c.rule },
      }, node);
    }
    if (seg.src) {
      node = el("span", { class: "src", title: "source: " + seg.src.kind, dataset: { kind: seg.src.kind } }, node);
    }
    nodes.push(node);
  }
  return nodes;
}

function renderDocument(text, doc) {
  const cps = Array.from(text);
  const container = $("doc");
  container.replaceChildren();
  let para = null, paraIndex = null, prevEnd = null;
  for (const s of doc.sentences) {
    if (para === null || s.paragraph !== paraIndex) {
      para = el("p", { dataset: { paragraph: s.paragraph } });
      container.append(para);
      paraIndex = s.paragraph;
      prevEnd = null;
    }
    if (prevEnd !== null && s.start > prevEnd) para.append(cps.slice(prevEnd, s.start).join(""));
    const label = s.label ? " (" + s.label + ")" : "";
    // A sentence resting on a source the article itself caveats: flagged, score unchanged.
    const caveat = s.source_caveat ? "; rests on a source the article caveats" : "";
    const span = el("span", {
      class: "sentence " + scoreClass(s.verifiability) + (s.source_caveat ? " source-caveat" : ""),
      title: "sentence " + (s.index + 1) + ": verifiability " + fmt(s.verifiability) + label + caveat,
      dataset: { index: s.index, verifiability: s.verifiability === null ? "" : s.verifiability, label: s.label || "" },
    }, ...renderSentence(cps, s));
    para.append(span);
    prevEnd = s.end;
  }
  if (!doc.sentences.length) container.append(el("p", { class: "muted" }, "No sentences."));
}

function renderSummary(doc) {
  const sm = doc.summary || {};
  const dl = $("summary");
  dl.replaceChildren();
  const pct = (x) => (x === null || x === undefined ? "–" : Math.round(x * 100) + "%");
  const rows = [["sentences", sm.n_sentences], ["mean verifiability", fmt(sm.mean_verifiability)]];
  for (const [k, v] of Object.entries(sm)) {
    if (k === "n_sentences" || k === "mean_verifiability") continue;
    if (v !== null && typeof v === "object") continue;  // lists (e.g. top sources) are shown elsewhere
    const share = typeof v === "number" && !k.startsWith("n_") && v >= 0 && v <= 1;
    const shown = share ? pct(v) : (v === null ? "–" : String(v));
    rows.push([k.replace(/_/g, " "), shown]);
  }
  for (const [k, v] of rows) dl.append(el("dt", {}, k), el("dd", {}, v));
  const m = doc.model;
  $("model").textContent = m ? "Model " + m.name + " " + m.version + " (sha256 " + String(m.sha256).slice(0, 12) + ")" : "No model: cues only.";
}

function asList(x) {
  if (x === null || x === undefined) return [];
  return Array.isArray(x) ? x : [x];
}

function caveatText(c) {
  if (typeof c === "string") return c;
  if (c && typeof c === "object") {
    const where = typeof c.sentence === "number" ? " (sentence " + (c.sentence + 1) + ")" : "";
    return (c.text || c.caveat || JSON.stringify(c)) + where;
  }
  return String(c);
}

// Article-level sources when the service sends them (a `sources` key); otherwise the sources
// of every sentence's attributions, grouped by their text and kind.
function renderSources(doc) {
  const ol = $("sources");
  ol.replaceChildren();
  // An empty article-level list with attributed sentences would hide them: fall back then too.
  if (Array.isArray(doc.sources) && doc.sources.length) {
    for (const src of doc.sources) {
      const sentences = asList(src.sentences).map((i) => (typeof i === "number" ? i + 1 : i));
      const mentions = asList(src.mentions).map((m) => (m && typeof m === "object" ? m.text : m)).filter(Boolean);
      const li = el("li", { class: "source", dataset: { kind: src.kind || "" } },
        el("strong", {}, src.name || src.text || src.id || "source"),
        el("span", { class: "kind" }, src.kind || "?"),
        sentences.length ? el("span", { class: "muted small" }, " sentences " + sentences.join(", ")) : null,
        mentions.length > 1 ? el("span", { class: "muted small" }, " · also " + [...new Set(mentions)].filter((m) => m !== src.name).join(", ")) : null);
      for (const c of asList(src.caveats)) li.append(el("span", { class: "caveat" }, "⚠ " + caveatText(c)));
      ol.append(li);
    }
  } else {
    const groups = new Map();
    for (const s of doc.sentences) {
      for (const src of sourceSpans(s)) {
        const key = src.text.toLowerCase() + "\u0000" + src.kind;
        if (!groups.has(key)) groups.set(key, { text: src.text, kind: src.kind, sentences: [] });
        const list = groups.get(key).sentences;
        if (list[list.length - 1] !== s.index + 1) list.push(s.index + 1);
      }
    }
    for (const g of groups.values()) {
      ol.append(el("li", { class: "source", dataset: { kind: g.kind } },
        el("strong", {}, g.text), el("span", { class: "kind" }, g.kind),
        el("span", { class: "muted small" }, " sentences " + g.sentences.join(", "))));
    }
  }
  if (!ol.children.length) ol.append(el("li", { class: "muted" }, "No attributed sources."));
}

function renderTable(doc) {
  const tbody = $("sentence-table").querySelector("tbody");
  tbody.replaceChildren();
  for (const s of doc.sentences) {
    const src = s.attribution && s.attribution.source;
    tbody.append(el("tr", {},
      el("td", {}, s.index + 1), el("td", {}, fmt(s.verifiability)), el("td", {}, s.label || "–"),
      el("td", {}, fmt(s.claim)),
      el("td", {}, (s.cues || []).map((c) => c.type + ": " + c.text).join("; ")),
      el("td", {}, src ? src.text + " (" + src.kind + ")" : "")));
  }
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = false;
}

function errorMessage(status, body) {
  let detail = body && body.detail !== undefined ? body.detail : body;
  if (Array.isArray(detail)) {
    detail = detail.map((e) => (e.loc ? e.loc.filter((p) => p !== "body").join(".") + ": " : "") + e.msg).join("\n");
  } else if (detail && typeof detail === "object") {
    detail = JSON.stringify(detail);
  }
  const names = { 400: "Bad request", 401: "Unauthorized", 413: "Text too large", 422: "Invalid input", 503: "Service not ready" };
  return "Error " + status + (names[status] ? " (" + names[status] + ")" : "") + ": " + (detail || "request failed");
}

async function analyse(event) {
  event.preventDefault();
  const text = $("article").value;
  const key = $("api-key").value.trim();
  try { sessionStorage.setItem("credscore-key", key); } catch (e) { /* storage may be off */ }
  $("error").hidden = true;
  $("status").textContent = "Scoring…";
  $("analyse").disabled = true;
  const headers = { "Content-Type": "application/json" };
  if (key) headers["X-API-Key"] = key;
  try {
    const resp = await fetch("/v1/score", { method: "POST", headers, body: JSON.stringify({ text }) });
    let body = null;
    const raw = await resp.text();
    try { body = JSON.parse(raw); } catch (e) { body = raw; }
    if (!resp.ok) {
      $("status").textContent = "";
      showError(errorMessage(resp.status, body));
      return;
    }
    renderDocument(text, body);
    renderSummary(body);
    renderSources(body);
    renderTable(body);
    $("results").hidden = false;
    $("status").textContent = body.sentences.length + " sentences scored.";
  } catch (err) {
    $("status").textContent = "";
    showError("The service could not be reached: " + err.message);
  } finally {
    $("analyse").disabled = false;
  }
}

function updateCount() {
  $("char-count").textContent = Array.from($("article").value).length.toLocaleString() + " characters";
}

$("score-form").addEventListener("submit", analyse);
$("article").addEventListener("input", updateCount);
try { $("api-key").value = sessionStorage.getItem("credscore-key") || ""; } catch (e) { /* ignore */ }
updateCount();
