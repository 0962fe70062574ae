"""The `credscore score` command: JSON shape, --sentences, --pretty, errors and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from credscore import cli

ARTICLE = (
    "Storm cuts power to coastal towns\n\n"
    "Fire department spokeswoman Maria Lopez said at least 12 villages were flooded, "
    "according to the Coastal Monitoring Network. The figures could not be independently verified.\n"
    "\u201cWe may need help for weeks,\u201d the mayor told reporters.\n"
)


def run(argv: list[str], stdin: bytes = b"", monkeypatch=None, capsys=None) -> tuple[int, str, str]:
    """Run the CLI in-process with bytes on standard input."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_when_file_scored_then_json_has_design_shape_and_exact_offsets(tmp_path, monkeypatch, capsys):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(["score", "--no-model", str(path)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    doc = json.loads(out)
    assert set(doc) >= {"model", "sentences", "summary", "lexicon"}
    assert doc["model"] is None  # --no-model: cues and sources only
    assert [s["text"] for s in doc["sentences"]][0] == "Storm cuts power to coastal towns"
    for s in doc["sentences"]:
        assert ARTICLE[s["start"] : s["end"]] == s["text"]
        for c in s["cues"]:
            assert ARTICLE[c["start"] : c["end"]] == c["text"]
            assert set(c) == {"type", "rule", "start", "end", "text", "quoted"}
        assert s["verifiability"] is None and s["label"] is None
    said = doc["sentences"][1]["attribution"]
    assert said["cue"]["text"] == "said"
    assert said["source"] == {"text": "Fire department spokeswoman Maria Lopez", "kind": "named_person",
                              "start": ARTICLE.index("Fire"), "end": ARTICLE.index(" said"), "id": "s1"}
    quoted = [c for c in doc["sentences"][3]["cues"] if c["type"] == "hedge"]
    assert quoted and quoted[0]["text"] == "may" and quoted[0]["quoted"] is True
    assert doc["summary"]["n_sentences"] == 4


def test_when_stdin_with_bom_then_offsets_index_the_text_without_bom(monkeypatch, capsys):
    text = "Officials said 40 homes burned."
    code, out, _ = run(["score", "-"], stdin=("\ufeff" + text).encode(), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    (s,) = json.loads(out)["sentences"]
    assert (s["start"], s["end"]) == (0, len(text))


def test_when_sentences_flag_then_line_i_is_sentence_i(monkeypatch, capsys):
    lines = ["First line. Still the first sentence.", "", "Third line, apparently."]
    code, out, _ = run(["score", "--sentences", "--compact"], stdin="\r\n".join(lines).encode(),
                       monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    sents = json.loads(out)["sentences"]
    assert [s["text"] for s in sents] == lines
    assert [s["index"] for s in sents] == [0, 1, 2]
    assert any(c["text"] == "apparently" for c in sents[2]["cues"])


@pytest.mark.parametrize("stdin", [b"", b"   \n\t\n"])
def test_when_input_is_empty_or_blank_then_zero_sentences_and_exit_0(stdin, monkeypatch, capsys):
    code, out, _ = run(["score"], stdin=stdin, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["sentences"] == [] and doc["summary"]["n_sentences"] == 0


def test_when_input_is_not_utf8_then_exit_4_and_message_names_byte_offset(tmp_path, monkeypatch, capsys):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 owners said".encode("latin-1"))
    code, out, err = run(["score", str(path)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == cli.EXIT_NOT_UTF8 == 4
    assert out == ""
    assert "byte offset 3" in err and "0xe9" in err and str(path) in err


def test_when_file_is_missing_then_exit_3_and_message_names_it(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nope.txt"
    code, _, err = run(["score", str(missing)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == cli.EXIT_UNREADABLE == 3
    assert f"no such file: {missing}" in err


def test_when_path_is_a_directory_then_exit_3(tmp_path, monkeypatch, capsys):
    code, _, err = run(["score", str(tmp_path)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 3 and "is a directory" in err


def test_when_pretty_without_colour_then_cues_bracketed_and_sources_listed(tmp_path, monkeypatch, capsys):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(["score", "--pretty", "--color", "never", str(path)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert "\x1b[" not in out
    assert "[could not be independently verified|unverified]" in out
    assert "[at least 12|approximation]" in out
    assert "'said': 'Fire department spokeswoman Maria Lopez' (named_person)" in out
    assert "'may' (hedge, inside a quote)" in out


def test_when_pretty_with_colour_then_ansi_codes_per_type(tmp_path, monkeypatch, capsys):
    path = tmp_path / "a.txt"
    path.write_text("The figures could not be verified.", encoding="utf-8")
    code, out, _ = run(["score", "--pretty", "--color", "always", str(path)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert "\x1b[31mcould not be verified\x1b[0m" in out  # unverified is red


def test_when_unknown_flag_then_usage_error_exit_2(monkeypatch, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["score", "--no-such-flag"])
    assert exc.value.code == 2


def test_when_console_script_runs_then_it_is_installed_and_scores():
    """The installed `credscore` console script (next to this interpreter) works end to end."""
    script = Path(sys.executable).with_name("credscore")
    assert script.exists(), "pip install -e . should have installed the credscore script"
    exe = subprocess.run([str(script), "score", "--compact", "-"],
                         input="Police said nearly 200 people fled.".encode(), capture_output=True, check=False)
    assert exe.returncode == 0, exe.stderr
    doc = json.loads(exe.stdout)
    types = {c["type"] for c in doc["sentences"][0]["cues"]}
    assert types == {"attribution", "approximation"}


def test_when_genre_is_given_then_score_serves_that_genres_model(tmp_path, capsys):
    from scoring.artifacts import read_metadata
    from scoring.scorer import DEFAULT_MODEL_DIR

    f = tmp_path / "a.txt"
    # A conditional: uncertain in the news notion (FactBank), much less so in Wikipedia's.
    f.write_text("If the talks collapse, prices could rise sharply.", encoding="utf-8")
    genres = read_metadata(DEFAULT_MODEL_DIR)["tasks"]["verifiability"]["genres"]
    scores = {}
    for genre in ("news", "wiki"):
        assert cli.main(["score", "--compact", "--genre", genre, str(f)]) == 0
        doc = json.loads(capsys.readouterr().out)
        assert doc["model"]["genre"] == genre
        assert doc["model"]["thresholds"]["verifiability"] == genres[genre]["threshold"]
        scores[genre] = doc["sentences"][0]["verifiability"]
    assert cli.main(["score", "--compact", str(f)]) == 0
    assert json.loads(capsys.readouterr().out)["sentences"][0]["verifiability"] == scores["news"]
    assert scores["news"] != scores["wiki"]
    assert cli.main(["score", "--pretty", "--color", "never", "--genre", "wiki", str(f)]) == 0
    assert ", genre wiki)" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["--genre", "legal"], "no genre 'legal'; its genres: news, wiki"),
    (["--genre", "wiki", "--no-model"], "drop --no-model"),
])
def test_when_genre_cannot_be_served_then_exit_2_with_reason(tmp_path, capsys, argv, message):
    f = tmp_path / "a.txt"
    f.write_text("Anything at all.", encoding="utf-8")
    assert cli.main(["score", *argv, str(f)]) == 2
    assert message in capsys.readouterr().err
