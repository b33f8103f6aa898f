import { STATUS, TITLE, type ErrorCode } from './app-error.js'

/** docs/ERRORS.md, rendered from the STATUS and TITLE tables (`npm run docs:errors` writes it). */
export function renderErrorsDoc(): string {
  const rows = (Object.keys(STATUS) as ErrorCode[]).map((code) => `| \`/problems/${code}\` | ${STATUS[code]} | ${TITLE[code][0]} | ${TITLE[code][1]} |`)
  return `# Errors

Generated from \`api/errors/app-error.ts\` by \`npm run docs:errors\`; a test fails when this file is stale.

Every error response is \`application/problem+json\` (RFC 9457):

\`\`\`json
{ "type": "/problems/invalid_request", "title": "Invalid request", "status": 400,
  "detail": "Request body failed validation", "instance": "/v1/stores/S001/sales",
  "errors": [{ "pointer": "#/receipts", "detail": "at most 1000 receipts per batch" }],
  "requestId": "5f0c…" }
\`\`\`

\`errors\` names each failing field: a body field by \`pointer\`, a JSON Pointer (RFC 6901) as a URI
fragment; a path, query or header parameter by \`parameter\`. 5xx bodies carry only the request id,
which the server log also carries; causes are never sent to clients.

Per-receipt problems in a sales batch are not errors of the request: the batch answers 200 with one
outcome per receipt (\`stored\`, \`duplicate\`, \`conflict\`, or \`rejected\` with the same \`errors\` entries).

| type | status | title | what the client should do |
|---|---|---|---|
${rows.join('\n')}
`
}
