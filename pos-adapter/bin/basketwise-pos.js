#!/usr/bin/env node
// Entry point of the in-store adapter CLI (TypeScript run through tsx, like bin/basketwise.js).
import { register } from 'tsx/esm/api'

register()
await import('../cli.ts')
