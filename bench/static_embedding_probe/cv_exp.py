"""5-fold CV: baseline (shipped features) vs + model2vec block. Usage: cv_exp.py conll|factbank DIMS C"""
import sys, json, time
from common import *
from sklearn.model_selection import StratifiedKFold, StratifiedGroupKFold
from training.datasets import load_pairs

task, dims, C = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
only = sys.argv[4].split(",") if len(sys.argv) > 4 else None
if task == "conll":
    texts, y, sets = load_pairs([["conll2010_wiki", "train"], ["conll2010_wiki", "dev"]])
    groups = None
    folds = list(StratifiedKFold(5, shuffle=True, random_state=int(os.environ.get("PROBE_SEED", "0"))).split(texts, y))
elif task == "ct24cv":
    # CV over CT24 train only; the CLEF-2020 positives are added to every training fold (never scored)
    texts, y, sets = load_pairs([["ct24", "train"]])
    extra, yx, _ = load_pairs([["clef2020_claims", "train"]])
    folds = list(StratifiedKFold(5, shuffle=True, random_state=int(os.environ.get("PROBE_SEED", "0"))).split(texts, y))
else:
    texts, y, sets = load_pairs([["szeged_factbank", "train"], ["szeged_factbank", "dev"]])
    groups = np.array([g for d in sets for g in d.groups])
    folds = list(StratifiedGroupKFold(5, shuffle=True, random_state=int(os.environ.get("PROBE_SEED", "0"))).split(texts, y, groups))
print("embedding model:", os.environ.get("PROBE_MODEL", "minilm"))
print(task, "n", len(y), "pos", int(y.sum()), "dims", dims, "C", C, flush=True)
E = embed(texts, dims, task)
if task == "ct24cv":
    Ex = embed(extra, dims, "clef2020train")
    n0 = len(texts); texts = texts + extra; y = np.concatenate([y, yx]); E = np.vstack([E, Ex])
    folds = [(np.concatenate([tr, np.arange(n0, len(texts))]), te) for tr, te in folds]
texts = np.array(texts, dtype=object)
variants = [v for v in VARIANTS if only is None or v.name in only]
res = {"baseline": [], "emb_only": [], "emb_C32": [], "emb_C512": []} | {v.name: [] for v in variants}
t0 = time.time()
for k, (tr, te) in enumerate(folds):
    fu, Xtr = fit_features(list(texts[tr]), C)
    Xte = sp.csr_matrix(fu.transform(list(texts[te])))
    yt, ye = y[tr], y[te]
    def record(name, s, secs, it):
        ap = average_precision_score(ye, s); thr, f1 = best_f1(ye, s)
        res[name].append({"ap": ap, "f1": f1, "secs": secs, "iter": int(it)})
        print(f"fold{k} {name:10s} AP={ap:.4f} F1={f1:.4f} ({secs:.0f}s, {it} it)", flush=True)
    (s,), secs, it = fit_predict(Xtr, yt, [Xte], C); record("baseline", s, secs, it)
    (s,), secs, it = fit_predict(E[tr], yt, [E[te]], C); record("emb_only", s, secs, it)
    for Ce in (32.0, 512.0):
        (s,), secs, it = fit_predict(E[tr], yt, [E[te]], Ce); record(f"emb_C{Ce:g}", s, secs, it)
    for v in variants:
        v.fit(E[tr])
        Xtr2 = sp.hstack([Xtr, sp.csr_matrix(v.transform(E[tr]))], format="csr")
        Xte2 = sp.hstack([Xte, sp.csr_matrix(v.transform(E[te]))], format="csr")
        (s,), secs, it = fit_predict(Xtr2, yt, [Xte2], C); record(v.name, s, secs, it)
print(f"total {time.time()-t0:.0f}s")
base = res["baseline"]
print(f"\n{task} dims={dims} C={C} tol={os.environ.get('PROBE_TOL', '1e-4')}: mean over 5 folds; delta = treatment - baseline, paired per fold, SE = sd/sqrt(5)")
for name, r in res.items():
    line = name.ljust(10)
    for m in ("ap", "f1"):
        a = np.array([x[m] for x in r]); b = np.array([x[m] for x in base]); d = a - b
        line += f"  {m.upper()} {a.mean():.4f}  d={d.mean():+.4f} se={d.std(ddof=1)/np.sqrt(len(d)):.4f} [{' '.join(f'{x:+.4f}' for x in d)}]"
    print(line)
tol = os.environ.get("PROBE_TOL", "1e-4")
json.dump(res, open(f"{WORK}/res_{task}_{dims}_C{C}_tol{tol}_seed{os.environ.get('PROBE_SEED', '0')}_{os.environ.get('PROBE_MODEL', 'minilm')}.json", "w"), indent=1)
