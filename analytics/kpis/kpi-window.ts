/** A window of whole ISO weeks: `from` is the first week's Monday, `to` the last week's Sunday (YYYY-MM-DD). */
export type KpiWindow = { from: string; to: string; weeks: number }

const DAY_MS = 86_400_000
const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`)
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The day `n` days after `day` (before, for negative n). */
export const addDays = (day: string, n: number): string => toDay(toMs(day) + n * DAY_MS)

/**
 * Monday of the ISO week holding `day`.
 * @example weekStartOf('2025-01-12') // '2025-01-06' (a Sunday belongs to the week before it)
 */
export function weekStartOf(day: string): string {
  const isoDow = ((new Date(toMs(day)).getUTCDay() + 6) % 7) + 1
  return addDays(day, 1 - isoDow)
}

/** Weeks shown when the query names no `from`: a quarter. */
export const DEFAULT_WEEKS = 13

/**
 * The weeks a KPI query covers: the week of `from` through the week of `to`; `to` defaults to
 * `lastDay` (the summaries' last business day), `from` to 12 weeks before `to`'s week. Also the
 * window of the same length just before it, which the totals compare with.
 * @example resolveWindow({ to: '2025-03-30' }, '2025-04-06').current // { from: '2025-01-06', to: '2025-03-30', weeks: 12 + 1 }
 */
export function resolveWindow(q: { from?: string | undefined; to?: string | undefined }, lastDay: string): { current: KpiWindow; previous: KpiWindow } {
  const lastWeek = weekStartOf(q.to ?? lastDay)
  const firstWeek = q.from !== undefined ? weekStartOf(q.from) : addDays(lastWeek, -7 * (DEFAULT_WEEKS - 1))
  // A `from` after the default `to` (the last day with data) reaches no further than its own week.
  const last = firstWeek > lastWeek ? firstWeek : lastWeek
  const weeks = (toMs(last) - toMs(firstWeek)) / (7 * DAY_MS) + 1
  return {
    current: { from: firstWeek, to: addDays(last, 6), weeks },
    previous: { from: addDays(firstWeek, -7 * weeks), to: addDays(firstWeek, -1), weeks },
  }
}

/**
 * Monday of the last week whose lapsed card holders are known when the data run from `firstDay`
 * to `lastDay`: the week's 8 following weeks must all have ended by `lastDay`. Null when no week
 * of the data qualifies.
 * @example lapsedKnownThrough('2025-01-06', '2025-04-06') // '2025-02-03'
 */
export function lapsedKnownThrough(firstDay: string | null, lastDay: string | null, lapseWeeks: number): string | null {
  if (firstDay === null || lastDay === null) return null
  const week = weekStartOf(addDays(lastDay, -(7 * lapseWeeks + 6)))
  return week >= weekStartOf(firstDay) ? week : null
}
