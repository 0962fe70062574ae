"""CT24 claim: train on the claim config's train pairs; AP on ct24 dev & dev-test; F1 on dev-test at the
threshold tuned on ct24 dev. Usage: ct24_exp.py DIMS C"""
import sys, json, time
from common import *
from training.datasets import load_pairs

dims, C = int(sys.argv[1]), float(sys.argv[2])
Xt, yt, _ = load_pairs([["ct24", "train"], ["clef2020_claims", "train"]])
Xd, yd, _ = load_pairs([["ct24", "dev"]])
Xdt, ydt, _ = load_pairs([["ct24", "dev-test"]])
print("n train", len(yt), "pos", int(yt.sum()), "dev", len(yd), "dev-test", len(ydt), "dims", dims, "C", C, flush=True)
Et, Ed, Edt = embed(Xt, dims, "ct24train"), embed(Xd, dims, "ct24dev"), embed(Xdt, dims, "ct24devtest")
t0 = time.time()
fu, Ftr = fit_features(Xt, C)
Fd, Fdt = sp.csr_matrix(fu.transform(Xd)), sp.csr_matrix(fu.transform(Xdt))
print(f"features {time.time()-t0:.0f}s", flush=True)
res = {}
scores = {}
def record(name, sd, sdt, secs, it):
    pd, pdt = sigm(sd), sigm(sdt)
    thr, f1d = tune_threshold(yd, pd)
    r = {"ap_dev": average_precision_score(yd, sd), "ap_devtest": average_precision_score(ydt, sdt),
         "f1_dev_best": f1d, "thr": thr, "f1_devtest_at_devthr": f1_at(ydt, pdt, thr),
         "f1_devtest_best": tune_threshold(ydt, pdt)[1], "secs": secs, "iter": int(it)}
    res[name] = r
    scores[name] = (sd, sdt)
    print(f"{name:10s} AP dev={r['ap_dev']:.4f} AP dev-test={r['ap_devtest']:.4f} F1 dev(best)={f1d:.4f} "
          f"F1 dev-test@devthr={r['f1_devtest_at_devthr']:.4f} (best {r['f1_devtest_best']:.4f}) ({secs:.0f}s, {it} it)", flush=True)
(sd, sdt), secs, it = fit_predict(Ftr, yt, [Fd, Fdt], C); record("baseline", sd, sdt, secs, it)
for Ce in (C, 32.0):
    (sd, sdt), secs, it = fit_predict(Et, yt, [Ed, Edt], Ce); record(f"emb_C{Ce:g}", sd, sdt, secs, it)
for v in VARIANTS:
    v.fit(Et)
    A = lambda F, E: sp.hstack([F, sp.csr_matrix(v.transform(E))], format="csr")
    (sd, sdt), secs, it = fit_predict(A(Ftr, Et), yt, [A(Fd, Ed), A(Fdt, Edt)], C); record(v.name, sd, sdt, secs, it)
print(f"total {time.time()-t0:.0f}s")
rng = np.random.default_rng(0)
B = 2000
idx = {"dev": [rng.integers(0, len(yd), len(yd)) for _ in range(B)],
       "devtest": [rng.integers(0, len(ydt), len(ydt)) for _ in range(B)]}
print("paired bootstrap (2000 resamples of sentences) of AP(treatment) - AP(baseline): mean, sd, 95% interval")
for name in scores:
    if name == "baseline": continue
    out = []
    for j, (split, yy) in enumerate((("dev", yd), ("devtest", ydt))):
        a, b = scores[name][j], scores["baseline"][j]
        d = np.array([average_precision_score(yy[i], a[i]) - average_precision_score(yy[i], b[i]) for i in idx[split]])
        res[name][f"boot_{split}"] = [float(d.mean()), float(d.std()), float(np.quantile(d, .025)), float(np.quantile(d, .975))]
        out.append(f"{split}: {average_precision_score(yy, a) - average_precision_score(yy, b):+.4f} sd={d.std():.4f} [{np.quantile(d, .025):+.4f}, {np.quantile(d, .975):+.4f}]")
    print(f"{name:10s} " + "   ".join(out), flush=True)
json.dump(res, open(f"{WORK}/res_ct24_{dims}_C{C}_tol{os.environ.get('PROBE_TOL', '1e-4')}.json", "w"), indent=1)
