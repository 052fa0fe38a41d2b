"""scikit-learn peer for bench/directions.ts.

Usage: python3 sklearn_directions.py PAPERS.jsonl K [REPEATS] [WARMUPS]

Reads JSON lines with title, abstract and primary_category, clusters title + abstract with
TfidfVectorizer(stop_words='english', sublinear_tf=True) + KMeans(n_clusters=K, random_state=0, n_init=10),
and prints one JSON object: the NMI against the primary categories and the seconds of vectorize + fit only
(WARMUPS untimed runs, default 1, then the median of REPEATS timed runs, default 3).
"""

import json
import statistics
import sys
import time

from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score


def main() -> None:
    path, k = sys.argv[1], int(sys.argv[2])
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    warmups = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    texts = [row["title"] + "\n" + (row["abstract"] or "") for row in rows]
    categories = [row["primary_category"] for row in rows]

    def run():
        started = time.perf_counter()
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
        labels = KMeans(n_clusters=k, random_state=0, n_init=10).fit_predict(matrix)
        return time.perf_counter() - started, labels

    for _ in range(warmups):  # like the TypeScript side
        run()
    timings = []
    labels = None
    for _ in range(repeats):
        seconds, labels = run()
        timings.append(seconds)
    print(
        json.dumps(
            {
                "nmi": normalized_mutual_info_score(categories, labels),
                "seconds": statistics.median(timings),
                "runs": timings,
                "papers": len(rows),
            }
        )
    )


if __name__ == "__main__":
    main()
