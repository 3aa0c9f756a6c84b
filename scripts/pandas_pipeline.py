#!/usr/bin/env python3
"""The reference for `npm run bench` at organisation scale: what an analyst would write instead of
`benchmark classify` on an organisation table, with pandas and scikit-learn.

Reads the table, applies log1p to the volume, ratio and count features and robust scaling (median and
interquartile range, as benchmark's default), fits KMeans (k = 12, n_init = 10, k-means++), scores the
silhouette on a seeded sample of 10,000 organisations plus Calinski-Harabasz and Davies-Bouldin, and writes
each organisation's cluster as CSV.

    python3 scripts/pandas_pipeline.py ORGS.csv OUT.csv [K]
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

LOG1P = ["tickets_per_month", "tickets_per_agent", "comments_per_ticket", "agents", "business_rules", "self_service_ratio"]
PLAIN = ["weekday_hours", "weekend_hours"]


def main() -> None:
    started = time.perf_counter()
    source, out = sys.argv[1], sys.argv[2]
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    table = pd.read_csv(source)
    features = [c for c in LOG1P + PLAIN if c in table.columns]
    x = table[features].astype(float)
    for c in features:
        if c in LOG1P:
            x[c] = np.log1p(x[c])
    x = x.fillna(x.median())
    iqr = (x.quantile(0.75) - x.quantile(0.25)).replace(0, 1.0)
    x = ((x - x.median()) / iqr).to_numpy()
    model = KMeans(n_clusters=k, n_init=10, init="k-means++", random_state=42).fit(x)
    labels = model.labels_
    silhouette = silhouette_score(x, labels, sample_size=min(10_000, len(x)), random_state=42)
    ch = calinski_harabasz_score(x, labels)
    db = davies_bouldin_score(x, labels)
    pd.DataFrame({"organization": table["organization"], "cluster": labels + 1}).to_csv(out, index=False)
    print(json.dumps({"seconds": time.perf_counter() - started, "inertia": model.inertia_, "silhouette": silhouette, "calinskiHarabasz": ch, "daviesBouldin": db}))


if __name__ == "__main__":
    main()
