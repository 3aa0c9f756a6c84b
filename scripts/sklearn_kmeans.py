#!/usr/bin/env python3
"""Times scikit-learn's KMeans on a feature matrix written by `benchmark classify --features-out`.

Usage: sklearn_kmeans.py FEATURES.csv K RESTARTS REPEATS SEED
Each repeat is one fit of RESTARTS k-means++ restarts with random_state SEED + repeat. Prints one JSON
object: scikit-learn's version, and per repeat its seconds, inertia_ (to its final centres), the inertia of
its labels to their member means (the definition `benchmark` reports) and n_iter_.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans

path, k, restarts, repeats, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
# The first column is the organisation name: read the numeric columns only.
with open(path, encoding="utf-8") as f:
    header = f.readline().rstrip("\n").split(",")
d = len(header) - 1
X = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(1, d + 1), dtype=np.float64)
X = np.ascontiguousarray(X)

def member_inertia(labels):
    total = 0.0
    for c in range(k):
        members = X[labels == c]
        if len(members):
            total += float(((members - members.mean(axis=0)) ** 2).sum())
    return total


seconds, inertias, member_inertias, iterations = [], [], [], []
for r in range(repeats):
    km = KMeans(n_clusters=k, init="k-means++", n_init=restarts, random_state=seed + r, algorithm="lloyd")
    t0 = time.perf_counter()
    km.fit(X)
    seconds.append(time.perf_counter() - t0)
    inertias.append(float(km.inertia_))
    member_inertias.append(member_inertia(km.labels_))
    iterations.append(int(km.n_iter_))

print(json.dumps({
    "version": sklearn.__version__,
    "n": int(X.shape[0]),
    "d": int(X.shape[1]),
    "seconds": seconds,
    "inertia": inertias,
    "memberInertia": member_inertias,
    "iterations": iterations,
}))
