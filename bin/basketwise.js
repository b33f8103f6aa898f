#!/usr/bin/env node
// Entry point of the operator CLI. The sources are TypeScript run through tsx,
// so there is no build step between a checkout and a running product.
import { register } from 'tsx/esm/api'

register()
await import('../api/cli.ts')
