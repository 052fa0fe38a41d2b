import { openStore } from '../src/store/index.ts';

/** The query part of `search`, timed inside one process (opening the store, the query, snippets). */
const [database, query] = process.argv.slice(2);
if (!database || !query) throw new Error('usage: scale-search.ts DATABASE QUERY');
const started = performance.now();
const store = openStore({ path: database });
const hits = store.search(query, { limit: 10 });
store.close();
console.log(
  `${Math.round(performance.now() - started) / 1000} s for ${hits.length} hits (store open + query + snippets)`,
);
