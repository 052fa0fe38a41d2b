import type Database from 'better-sqlite3';
import { DigestError } from '../core/errors.ts';

/**
 * Versioned migrations. Each entry moves the schema from version i to i+1; PRAGMA user_version
 * records how far a database has come. Never edit a released migration: append a new one.
 */
const migrations: string[] = [
  // 1: papers, version history, full-text index, key-value areas, runs.
  `
  CREATE TABLE papers (
    id TEXT PRIMARY KEY,
    version INTEGER,
    title TEXT NOT NULL,
    authors TEXT NOT NULL,            -- JSON array, arXiv order
    abstract TEXT,
    primary_category TEXT,
    categories TEXT NOT NULL,         -- space-separated, primary first
    published TEXT,
    updated TEXT,
    comments TEXT,
    journal_ref TEXT,
    doi TEXT,
    announced TEXT,
    announce_type TEXT,
    day TEXT,                         -- the date windows use: published, else announced
    month TEXT NOT NULL,              -- the month trends use: day's month, else the id's YYMM
    hash TEXT NOT NULL,               -- content hash: the same record again is a no-op
    stored_at TEXT NOT NULL,
    summaries TEXT NOT NULL DEFAULT '' -- stored summaries, jieba-segmented when Chinese (full-text search)
  );
  CREATE INDEX papers_by_day ON papers(day);
  CREATE INDEX papers_by_month ON papers(month);

  -- Records a newer version replaced (or older versions seen later): the history beside the current row.
  CREATE TABLE paper_versions (
    paper_id TEXT NOT NULL,
    version INTEGER,
    hash TEXT NOT NULL,
    record TEXT NOT NULL,             -- the Paper as JSON
    stored_at TEXT NOT NULL,
    PRIMARY KEY (paper_id, hash)
  ) WITHOUT ROWID;

  -- The full-text index reads its text from the papers table (external content: the text is not
  -- stored twice). rowid = papers.rowid. CJK text is indexed pre-segmented by jieba.
  CREATE VIEW papers_fts_content AS
    SELECT rowid AS rowid, title, abstract,
      (SELECT group_concat(value, ', ') FROM json_each(papers.authors)) AS authors, summaries
    FROM papers;
  CREATE VIRTUAL TABLE papers_fts USING fts5(
    title, abstract, authors, summaries,
    content = 'papers_fts_content', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  -- Merge index segments less eagerly: bulk imports run much faster, queries stay fast.
  INSERT INTO papers_fts (papers_fts, rank) VALUES ('automerge', 16);

  CREATE TABLE summary_texts (
    paper_id TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (paper_id, language)
  ) WITHOUT ROWID;

  CREATE TABLE kv (
    area TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (area, key)
  ) WITHOUT ROWID;

  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    topic TEXT NOT NULL,
    language TEXT NOT NULL,
    window_from TEXT NOT NULL,
    window_to TEXT NOT NULL,
    created_at TEXT NOT NULL,
    record TEXT NOT NULL              -- the RunRecord (without id) as JSON
  );
  CREATE INDEX runs_by_topic ON runs(topic, language, window_to);

  CREATE TABLE run_papers (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    paper_id TEXT NOT NULL,
    PRIMARY KEY (topic, paper_id, run_id)
  ) WITHOUT ROWID;
  `,
  // 2: windows also take papers by the date of their latest version; without an index that is a
  // scan of the whole table (seconds on a store of a million papers).
  `
  CREATE INDEX papers_by_updated ON papers(updated);
  `,
  // 3: the few columns selection and trends filter on, in a narrow table beside papers (same rowid):
  // counting a window of a million papers or joining FTS5 matches reads ~60 MB here instead of
  // every row's abstract. Triggers keep it equal to papers on every write.
  `
  CREATE TABLE paper_facets (
    rowid INTEGER PRIMARY KEY,        -- = papers.rowid
    day TEXT,
    updated TEXT,
    month TEXT NOT NULL,
    categories TEXT NOT NULL,         -- ' cs.CV cs.LG ': spaces around, for LIKE '% cs.CV %'
    first_version INTEGER NOT NULL    -- 1 unless the record says it replaces an earlier version (see isReplacement)
  );
  INSERT INTO paper_facets (rowid, day, updated, month, categories, first_version)
    SELECT rowid, day, updated, month, ' ' || categories || ' ',
      published IS NOT NULL OR (coalesce(announce_type, '') NOT IN ('replace', 'replace-cross') AND coalesce(version, 1) <= 1)
    FROM papers;
  CREATE TRIGGER papers_facets_insert AFTER INSERT ON papers BEGIN
    INSERT INTO paper_facets (rowid, day, updated, month, categories, first_version) VALUES (
      new.rowid, new.day, new.updated, new.month, ' ' || new.categories || ' ',
      new.published IS NOT NULL OR (coalesce(new.announce_type, '') NOT IN ('replace', 'replace-cross') AND coalesce(new.version, 1) <= 1));
  END;
  CREATE TRIGGER papers_facets_update
    AFTER UPDATE OF day, updated, month, categories, published, announce_type, version ON papers BEGIN
    UPDATE paper_facets SET day = new.day, updated = new.updated, month = new.month,
      categories = ' ' || new.categories || ' ',
      first_version = new.published IS NOT NULL OR (coalesce(new.announce_type, '') NOT IN ('replace', 'replace-cross') AND coalesce(new.version, 1) <= 1)
    WHERE rowid = new.rowid;
  END;
  CREATE TRIGGER papers_facets_delete AFTER DELETE ON papers BEGIN
    DELETE FROM paper_facets WHERE rowid = old.rowid;
  END;
  `,
  // 4: messages delivered to email and chat channels (src/store/deliveries.ts).
  `
  CREATE TABLE deliveries (
    post TEXT NOT NULL,               -- slug@content-hash: the post as it was delivered
    channel TEXT NOT NULL,
    target TEXT NOT NULL,             -- hash of the destination (never the webhook or address itself)
    message_index INTEGER NOT NULL,
    message_count INTEGER NOT NULL,
    message_hash TEXT NOT NULL,
    delivered_at TEXT NOT NULL,
    PRIMARY KEY (post, channel, target, message_index)
  ) WITHOUT ROWID;
  `,
];

export const schemaVersion = migrations.length;

/** Brings the database to the newest schema, one migration per transaction. */
export function migrate(database: Database.Database, databasePath: string): void {
  const current = database.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new DigestError(
      'STORE',
      `${databasePath} has schema version ${current}, newer than this arxiv-digest knows (${migrations.length})`,
      { hint: 'upgrade arxiv-digest or use another --db' },
    );
  }
  if (current === migrations.length) return;
  // IMMEDIATE takes the write lock first; the version is read again inside, so when two processes
  // open a fresh database at once the second finds the work done instead of migrating twice.
  const apply = database.transaction(() => {
    const inside = database.pragma('user_version', { simple: true }) as number;
    for (let version = inside; version < migrations.length; version += 1) {
      database.exec(migrations[version] as string);
    }
    database.pragma(`user_version = ${migrations.length}`);
  });
  apply.immediate();
}
