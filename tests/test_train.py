"""`credscore train` end to end on a small synthetic corpus: artifact, metadata, model card,
plots, the Scorer and the CLI on the trained model, and `credscore evaluate`."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from conftest import train_config, write_config

from scoring.artifacts import load_model, sha256_file
from scoring.scorer import Scorer
from training.datasets import CONLL_FILE, CT24_FILES, SZEGED_FILES
from training.train import ConfigError, load_config, train

HEDGED = ["may have", "is thought to have", "reportedly", "apparently", "could possibly", "is believed to have"]
SUBJECTS = ["The mayor", "The council", "The river authority", "A local firm", "The harbour board",
            "The museum", "The school", "The hospital", "The rail operator", "The ferry company"]
ACTS = ["closed the old bridge", "raised the fees", "opened a new wing", "cut the budget",
        "hired forty staff", "moved its offices", "cancelled the festival", "repaired the road"]
CLAIMS = ["Unemployment fell by {n} percent last year.", "We cut the deficit by {n} billion dollars.",
          "Crime rose {n} percent in the city.", "The plan costs {n} million dollars."]
CHATTER = ["Thank you all for coming tonight.", "Let me finish my point.", "Well, that is a good question.",
           "I want to thank the moderators."]


def _sentences(rng: random.Random, n: int, hedged: bool) -> list[str]:
    out = []
    for _ in range(n):
        s, a = rng.choice(SUBJECTS), rng.choice(ACTS)
        out.append(f"{s} {rng.choice(HEDGED)} {a}." if hedged else f"{s} {a} on {rng.choice(['Monday', 'Friday'])}.")
    return out


def make_corpus(root: Path) -> Path:
    rng = random.Random(5)
    (root / "conll2010_wiki").mkdir(parents=True)
    rows = ["split\tlabel\ttext"]
    for split, n in (("train", 60), ("test", 20)):
        for label in (0, 1):
            rows += [f"{split}\t{label}\t{t} {i}" for i, t in enumerate(_sentences(rng, n, bool(label)))]
    (root / CONLL_FILE).write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "szeged_uncertainty").mkdir()
    head = "subcorpus\tdoc_id\tsent_id\tproposed_split\tlabel\tcue_types\tcues\ttext"
    for sub in ("factbank", "wiki"):
        lines = [head]
        for split, n in (("train", 30), ("dev", 12), ("test", 10)):
            for label in (0, 1):
                for i, t in enumerate(_sentences(rng, n, bool(label))):
                    lines.append(f"{sub}\tDOC{i % 5}\tS{i}\t{split}\t{label}\t\t\t{t} ({split} {i})")
        (root / SZEGED_FILES[sub]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "clef2024_checkthat_task1_en").mkdir()
    ident = 1
    for split, n in (("train", 60), ("dev", 15), ("dev-test", 10), ("test", 10)):
        lines = ["Sentence_id\tText\tclass_label"]
        for i in range(n):
            lines.append(f"{ident}\t{rng.choice(CLAIMS).format(n=rng.randint(2, 90))} ({split} {i})\tYes")
            lines.append(f"{ident + 1}\t{rng.choice(CHATTER)} ({split} {i})\tNo")
            ident += 2
        (root / CT24_FILES[split]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


CONFIG = {
    "name": "credscore-test",
    "version": "0.0.1",
    "random_state": 3,
    "tasks": {
        "verifiability": {"positive_label": "unverifiable", "label_meaning": "1 = hedged",
                          "train": [["conll2010_wiki", "train"], ["szeged_factbank", "train"]],
                          "dev": [["conll2010_wiki", "dev"], ["szeged_factbank", "dev"]],
                          "pipeline": {"cv": 2}, "grid": {"C": [0.5, 2.0]}},
        "claim": {"positive_label": "claim", "label_meaning": "1 = check-worthy",
                  "train": [["ct24", "train"]], "dev": [["ct24", "dev"]],
                  "pipeline": {"cv": 2}},
    },
}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("train")
    data = make_corpus(root / "data")
    return (data, *train_config(CONFIG, data, root))


def test_when_trained_then_directory_holds_model_metadata_card_and_plots(trained):
    _, _, out, meta = trained
    for name in ("model.skops", "metadata.json", "MODEL_CARD.md", "verifiability_pr.png",
                 "verifiability_calibration.png", "claim_pr.png", "claim_calibration.png"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "verifiability_pr.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert meta["sha256"] == sha256_file(out / "model.skops")
    on_disk = json.loads((out / "metadata.json").read_text())
    assert on_disk["sha256"] == meta["sha256"] and on_disk["config"] == CONFIG
    task = on_disk["tasks"]["verifiability"]
    assert set(task["metrics"]) == {"conll2010_wiki/dev", "szeged_factbank/dev"}
    assert {"credscore", "tfidf_baseline"} == set(task["metrics"]["szeged_factbank/dev"])
    assert 0.0 < task["threshold"] < 1.0 and task["n_features"] > 50
    assert any(k.endswith("suc_factbank_sentences.tsv") for k in task["data_files"])
    assert len(task["grid"]) == 2 and task["chosen"]["C"] in (0.5, 2.0)
    card = (out / "MODEL_CARD.md").read_text()
    assert "credscore-test 0.0.1" in card and "tfidf_baseline" in card and meta["sha256"] in card


def test_when_trained_then_hedged_sentences_score_less_verifiable(trained):
    _, _, out, _ = trained
    scorer = Scorer.load(out)
    doc = scorer.score_text("The council may have closed the old bridge. The museum opened a new wing on Friday.")
    hedged, plain = doc.sentences
    assert hedged.verifiability < plain.verifiability
    assert hedged.label == "unverifiable" and plain.label == "verifiable"
    assert doc.model["sha256"] == json.loads((out / "metadata.json").read_text())["sha256"]
    assert any(c.type == "hedge" for c in hedged.cues)
    claims = scorer.score_lines("Crime rose 40 percent in the city.\nThank you all for coming tonight.")
    assert claims.sentences[0].claim > claims.sentences[1].claim
    assert claims.sentences[0].claim_label == "claim"


def test_when_trained_twice_with_the_same_config_then_metrics_are_identical(trained, tmp_path):
    data, cfg, out, meta = trained
    again = train(cfg, data, tmp_path / "again", log=lambda m: None)
    assert again["tasks"]["verifiability"]["metrics"] == meta["tasks"]["verifiability"]["metrics"]
    assert again["tasks"]["claim"]["threshold"] == meta["tasks"]["claim"]["threshold"]
    m1, _ = load_model(out)
    m2, _ = load_model(tmp_path / "again")
    probe = ["The mayor reportedly raised the fees.", "We cut the deficit by 4 billion dollars."]
    assert np.allclose(m1["verifiability"].predict_proba(probe), m2["verifiability"].predict_proba(probe))


def test_when_cli_scores_with_the_model_then_json_carries_scores(trained, tmp_path, capsys):
    from credscore import cli

    _, _, out, _ = trained
    f = tmp_path / "a.txt"
    f.write_text("The school apparently hired forty staff.", encoding="utf-8")
    assert cli.main(["score", "--model", str(out), "--compact", str(f)]) == 0
    doc = json.loads(capsys.readouterr().out)
    (s,) = doc["sentences"]
    assert 0.0 <= s["verifiability"] <= 1.0 and s["label"] in ("verifiable", "unverifiable")
    assert s["claim_label"] in ("claim", "not_claim") and doc["model"]["name"] == "credscore-test"


def test_when_model_file_is_tampered_then_cli_refuses_with_exit_5(trained, tmp_path, capsys):
    import shutil

    from credscore import cli

    _, _, out, _ = trained
    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    raw = bytearray((bad / "model.skops").read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (bad / "model.skops").write_bytes(bytes(raw))
    f = tmp_path / "a.txt"
    f.write_text("Anything.", encoding="utf-8")
    assert cli.main(["score", "--model", str(bad), str(f)]) == 5
    assert "sha256" in capsys.readouterr().err


def test_when_evaluated_then_report_has_model_and_baseline_per_dataset(trained):
    from training.evaluate import evaluate_model

    data, _, out, _ = trained
    rep = evaluate_model(out, data, "test", log=lambda m: None)
    res = rep["results"]
    assert set(res) == {"conll2010_wiki", "szeged_factbank", "ct24"}
    conll = res["conll2010_wiki"]["test"]
    assert "reweighted" in conll["credscore"] and conll["credscore"]["reweighted"]["negative_weight"] > 1
    assert res["ct24"]["test"]["credscore"]["n"] == 20


@pytest.mark.parametrize("mutate, message", [
    (lambda c: c.pop("tasks"), "missing key 'tasks'"),
    (lambda c: c["tasks"]["claim"].update(dev=[["ct24", "test"]]), "test splits are for the reported table only"),
    (lambda c: c["tasks"].update(other={}), "'tasks' must be an object"),
    (lambda c: c.update(random_state="zero"), "random_state"),
    (lambda c: c["tasks"]["verifiability"].update(select="auc"), "select"),
    (lambda c: c["tasks"]["claim"].update(threshold_dev=[["ct24", "dev-test"]]), "threshold_dev"),
    (lambda c: c["tasks"]["claim"].update(threshold_dev=[]), "threshold_dev"),
    (lambda c: c["tasks"]["verifiability"].update(
        genres={"default": "news", "datasets": {"conll2010_wiki": "wiki", "szeged_factbank": "news"}},
        threshold_dev=[["szeged_factbank", "dev"]]), "every genre needs a dev set"),
])
def test_when_config_is_bad_then_config_error_names_file_and_key(tmp_path, mutate, message):
    cfg = json.loads(json.dumps(CONFIG))
    mutate(cfg)
    path = write_config(tmp_path / "c.json", cfg)
    with pytest.raises(ConfigError, match=message) as exc:
        load_config(path)
    assert str(path) in str(exc.value)


def test_when_selecting_by_average_precision_then_the_grid_value_with_the_best_dev_ap_is_kept(tmp_path, monkeypatch):
    import training.train
    from training.train import load_config, train_task

    data = make_corpus(tmp_path / "data")  # separable: every grid value has dev F1 1.0
    cfg = write_config(tmp_path / "c.json", CONFIG)
    aps = iter([0.2, 0.9, 0.5])  # the dev AP of each grid value, in grid order
    monkeypatch.setattr(training.train, "average_precision_score", lambda y, p: next(aps))
    task = {**load_config(cfg)["tasks"]["verifiability"], "grid": {"C": [0.01, 0.5, 8.0]}}
    meta = train_task("verifiability", {**task, "select": "average_precision"}, data, 3, log=lambda m: None)
    assert [t["dev_ap"] for t in meta["grid"]] == [0.2, 0.9, 0.5]
    assert {t["dev_f1"] for t in meta["grid"]} == {1.0}
    assert meta["chosen"] == {"C": 0.5}
    # by F1 (the default) the tie keeps the first value
    aps = iter([0.2, 0.9, 0.5])
    assert train_task("verifiability", task, data, 3, log=lambda m: None)["chosen"] == {"C": 0.01}


def test_when_training_then_rows_are_fitted_in_a_seeded_shuffled_order(tmp_path, monkeypatch):
    """The calibrator's folds are cut in row order: datasets one after the other made the last
    folds hold one dataset only (a calibrator several times too flat)."""
    import training.genres
    from training.train import load_config, train_task

    data = make_corpus(tmp_path / "data")
    seen = []
    real = training.genres.fit_pipeline

    def spy(kwargs, texts, y):
        seen.append(list(texts))
        return real(kwargs, texts, y)

    monkeypatch.setattr(training.genres, "fit_pipeline", spy)
    cfg = write_config(tmp_path / "c.json", CONFIG)
    task = {**load_config(cfg)["tasks"]["verifiability"], "grid": {}}
    for _ in range(2):
        train_task("verifiability", task, data, 3, log=lambda m: None)
    first, again = seen
    assert first == again  # seeded
    is_factbank = np.array(["(train " in t for t in first])  # the Szeged rows of make_corpus
    assert 0 < is_factbank.sum() < len(first)
    n = len(first) // 5
    # every fifth of the rows holds both datasets
    assert all(0 < is_factbank[k * n:(k + 1) * n].sum() < n for k in range(5))


@pytest.mark.parametrize("threshold_dev, rows", [(None, 50), ([["ct24", "dev-test"]], 20), ([["ct24", "dev"]], 30)])
def test_when_threshold_dev_is_set_then_model_and_baseline_thresholds_are_tuned_on_those_sets_alone(
        tmp_path, monkeypatch, threshold_dev, rows):
    """CT24's dev-test is drawn from the same newer transcripts as its test split: the claim
    threshold is tuned there, the grid still on all of dev."""
    import training.evaluate
    from training.train import train_task

    data = make_corpus(tmp_path / "data")  # ct24 dev: 30 rows, dev-test: 20
    tuned = []
    real = training.evaluate.tune_threshold

    def spy(y, p, **kw):
        tuned.append(len(y))
        return real(y, p, **kw)

    monkeypatch.setattr(training.evaluate, "tune_threshold", spy)
    task = {"train": [["ct24", "train"]], "dev": [["ct24", "dev"], ["ct24", "dev-test"]],
            "pipeline": {"cv": 2}, "grid": {"C": [0.5, 2.0]}, "select": "average_precision"}
    if threshold_dev:
        task["threshold_dev"] = threshold_dev
    meta = train_task("claim", task, data, 3, log=lambda m: None)
    assert tuned == [rows] * 3  # two grid values, then the baseline
    assert set(meta["metrics"]) == {"ct24/dev", "ct24/dev-test"}  # both still reported
