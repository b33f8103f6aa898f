import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { formatMachine, type Machine } from './describe-machine.js'
import { checkGoals, formatMarkdownTable, type IngestResult } from './ingest-table.js'

const BEGIN = '<!-- bench:ingest:begin (written by npm run bench:ingest; edit outside these markers) -->'
const END = '<!-- bench:ingest:end -->'

const NEW_DOC = `# Benchmarks

Each benchmark measures against a peer or a physical limit in the same run, on the same machine,
and records that machine with its results. Figures from different machines are not comparable.

## Ingest (bench/ingest)

${BEGIN}
${END}
`

/** The generated part of the ingest section: command, machine, table, goals. */
export function formatIngestResults(results: readonly IngestResult[], machine: Machine, startedAt: Date, totalSeconds: number): string {
  const goals = checkGoals(results)
    .map((g) => `- ${g.met ? '**met**' : '**not met**'}: ${g.goal}. Measured: ${g.measured}.`)
    .join('\n')
  // The machine may be shared: say which rows other processes competed with.
  const disturbed = results.filter((r) => r.cpu.other > 0.2)
  const note = disturbed.length
    ? `Other processes kept more than 0.2 cores busy during ${disturbed.map((r) => r.name).join(', ')}: those rows are slower than this machine alone would give (see CPU other).`
    : 'Other processes stayed under 0.2 cores in every row.'
  return [
    `Command: \`npm run bench:ingest\`, run ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${Math.round(totalSeconds)} s in all.`,
    '',
    'Machine:',
    '',
    formatMachine(machine),
    '',
    formatMarkdownTable(results),
    '',
    note,
    '',
    'Goals:',
    '',
    goals,
  ].join('\n')
}

/** `doc` with the text between the ingest markers replaced by `content` (the markers appended when missing). */
export function replaceIngestSection(doc: string, content: string): string {
  const begin = doc.indexOf(BEGIN)
  const end = doc.indexOf(END)
  if (begin < 0 || end < begin) return `${doc.trimEnd()}\n\n## Ingest (bench/ingest)\n\n${BEGIN}\n${content}\n${END}\n`
  return `${doc.slice(0, begin + BEGIN.length)}\n${content}\n${doc.slice(end)}`
}

/** Writes the results into the ingest section of docs/BENCHMARKS.md, creating the file when needed. */
export function writeIngestResults(path: string, content: string): void {
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : NEW_DOC
  writeFileSync(path, replaceIngestSection(doc, content))
}
