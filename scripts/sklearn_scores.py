#!/usr/bin/env python3
"""Scores given labels on a --features-out matrix with scikit-learn, for the agreement tests.

Usage: sklearn_scores.py FEATURES.csv LABELS.txt K SEED
LABELS.txt has one cluster number per line, in the matrix's row order. Prints JSON: silhouette (exact),
Calinski-Harabasz, Davies-Bouldin, the inertia of the labels to their member means, and the inertia_ of a
scikit-learn KMeans fit (K clusters, 10 k-means++ restarts, random_state SEED) on the same matrix.
"""
import json
import sys

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

path, labels_path, k, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(path, encoding="utf-8") as f:
    d = len(f.readline().rstrip("\n").split(",")) - 1
X = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(1, d + 1), dtype=np.float64, ndmin=2)
labels = np.loadtxt(labels_path, dtype=np.int64)
inertia = 0.0
for c in np.unique(labels):
    members = X[labels == c]
    inertia += float(((members - members.mean(axis=0)) ** 2).sum())
fit = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=seed).fit(X)
print(json.dumps({
    "silhouette": float(silhouette_score(X, labels)),
    "calinskiHarabasz": float(calinski_harabasz_score(X, labels)),
    "daviesBouldin": float(davies_bouldin_score(X, labels)),
    "inertia": inertia,
    "sklearnInertia": float(fit.inertia_),
}))
