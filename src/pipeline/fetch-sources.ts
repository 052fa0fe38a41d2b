/** The sources `fetch --source` takes; apart from pipeline/fetch.ts so the CLI can list them cheaply. */
export const fetchSources = ['api', 'oai', 'rss'] as const;
export type FetchSourceName = (typeof fetchSources)[number];
