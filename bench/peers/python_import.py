"""A straightforward Python importer, the peer for the import benchmark:
json.loads per line, sqlite3 executemany into a papers table and an FTS5 index (same tokenizer
as arxiv-digest), one transaction per 1000 records. Prints JSON: records, seconds, records_per_second,
peak_rss_mb."""
import json
import resource
import sqlite3
import sys
import time


def main(path, database):
    started = time.perf_counter()
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE IF NOT EXISTS papers (id TEXT PRIMARY KEY, title TEXT, authors TEXT, abstract TEXT,"
        " categories TEXT, comments TEXT, journal_ref TEXT, doi TEXT, published TEXT, updated TEXT)"
    )
    connection.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5(title, abstract, authors,"
        " tokenize='porter unicode61 remove_diacritics 2')"
    )
    count = 0
    rows = []
    fts_rows = []

    def flush():
        connection.executemany("INSERT OR REPLACE INTO papers VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        connection.executemany("INSERT INTO papers_fts (title, abstract, authors) VALUES (?,?,?)", fts_rows)
        connection.commit()
        rows.clear()
        fts_rows.clear()

    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            authors = ", ".join(" ".join(part for part in (p[1], p[0]) if part) for p in record["authors_parsed"])
            title = " ".join(record["title"].split())
            abstract = " ".join(record["abstract"].split())
            versions = record.get("versions") or []
            rows.append((record["id"], title, authors, abstract, record["categories"], record.get("comments"),
                         record.get("journal-ref"), record.get("doi"),
                         versions[0]["created"] if versions else None, record.get("update_date")))
            fts_rows.append((title, abstract, authors))
            count += 1
            if len(rows) >= 1000:
                flush()
    flush()
    connection.close()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"records": count, "seconds": round(seconds, 3),
                      "records_per_second": round(count / seconds), "peak_rss_mb": round(peak, 1)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
