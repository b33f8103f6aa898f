// Entry of every analysis worker thread (see run-in-worker.ts). Plain JavaScript because a
// worker does not inherit the TypeScript loader of the thread that starts it (tsx in the CLI,
// vite-node under vitest): register tsx here, then hand over to the TypeScript side.
import { register } from 'tsx/esm/api'

register()
await import('./worker-main.ts')
