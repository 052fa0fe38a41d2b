// Worker threads do not inherit the TypeScript loader of the main thread: register tsx here, then
// load the real worker (import-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
