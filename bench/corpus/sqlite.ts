/**
 * The measurement behind the index's format (backend/index/store.ts): the same entries as the
 * project index (backend/index/table.ts), in an embedded SQLite database (better-sqlite3 12), built, then opened in a
 * fresh process for the list's first page and a filtered, sorted page, memory measured by the
 * process. Not a dependency of Standoff: run it with a better-sqlite3 built elsewhere,
 *
 *   SQLITE_MODULE=/path/to/node_modules/better-sqlite3 node --import tsx bench/corpus/sqlite.ts <project> [build|open]
 *
 * "build" (the default) writes `.standoff/index/documents.sqlite` from the index; "open"
 * reads it as a server would.
 */
import { createRequire } from 'node:module';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { readIndex } from '../../backend/index/store';
import { IndexRows, LazyEntries } from '../../backend/index/table';

interface Statement {
  run(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
  get(...args: unknown[]): unknown;
}
interface Database {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  transaction<T extends (...args: never[]) => unknown>(f: T): T;
  close(): void;
}

const [dir, mode = 'build'] = process.argv.slice(2) as [string, string?];
const modulePath = process.env.SQLITE_MODULE;
if (!modulePath) {
  console.log('  SQLite: not measured (set SQLITE_MODULE to a built better-sqlite3)');
  process.exit(0);
}
const Sqlite = createRequire(import.meta.url)(modulePath) as new (file: string) => Database;
const file = path.join(dir, '.standoff', 'index', 'documents.sqlite');
const mb = () => (process.memoryUsage().rss / (1 << 20)).toFixed(0);

if (mode === 'build') {
  const t0 = performance.now();
  const stored = await readIndex(dir);
  if (!stored) throw new Error('no index to copy: open the project once first');
  const entries = new LazyEntries(new IndexRows(stored.table, stored.changed));
  const t1 = performance.now();
  rmSync(file, { force: true });
  const db = new Sqlite(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT, source TEXT, excerpt TEXT, length INTEGER, finished TEXT,
    disagreements INTEGER, settled INTEGER, spans INTEGER, layers TEXT, problems TEXT, stamp TEXT)`);
  db.exec('CREATE TABLE layer_labels (id TEXT, annotator TEXT, label TEXT, n INTEGER)');
  const put = db.prepare('INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)');
  const label = db.prepare('INSERT INTO layer_labels VALUES (?,?,?,?)');
  db.transaction(() => {
    for (const e of entries.values()) {
      let spans = 0;
      for (const [who, l] of Object.entries(e.layers)) {
        if (who !== 'gold') spans += l.spans;
        for (const [lab, n] of Object.entries(l.labels)) label.run(e.id, who, lab, n);
      }
      put.run(e.id, e.title, e.source, e.excerpt, e.length, JSON.stringify(e.finished), e.disagreements, e.settled, spans, JSON.stringify(e.layers), JSON.stringify(e.problems), e.stamp);
    }
  })();
  db.exec('CREATE INDEX labels_by_label ON layer_labels(label, id)');
  db.close();
  console.log(
    JSON.stringify({ readJson: performance.now() - t0 - (performance.now() - t1), buildSqlite: performance.now() - t1, sqliteMB: statSync(file).size / (1 << 20), rss: Number(mb()) }),
  );
} else {
  const t0 = performance.now();
  const db = new Sqlite(file);
  const first = db.prepare('SELECT * FROM documents ORDER BY id LIMIT 60').all();
  const tFirst = performance.now() - t0;
  const t1 = performance.now();
  const count = db.prepare('SELECT count(*) AS n FROM documents').get();
  // A filtered, sorted page: documents with unsettled disagreements, by denial spans, most first.
  const sorted = db
    .prepare(
      `SELECT d.*, coalesce(sum(l.n), 0) AS denials FROM documents d LEFT JOIN layer_labels l ON l.id = d.id AND l.label = 'denial' AND l.annotator != 'gold'
       WHERE d.disagreements > d.settled GROUP BY d.id ORDER BY denials DESC, d.id LIMIT 60`,
    )
    .all();
  const tSorted = performance.now() - t1;
  db.close();
  console.log(JSON.stringify({ firstPage: tFirst, rows: first.length + sorted.length, count, sortedPage: tSorted, rss: Number(mb()), peakRss: process.resourceUsage().maxRSS / 1024 }));
}
