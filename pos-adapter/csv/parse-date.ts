const TOKENS: Record<string, string> = { YYYY: '(\\d{4})', MM: '(\\d{2})', M: '(\\d{1,2})', DD: '(\\d{2})', D: '(\\d{1,2})', HH: '(\\d{2})', H: '(\\d{1,2})', mm: '(\\d{2})', ss: '(\\d{2})' }
const cache = new Map<string, { re: RegExp; order: string[] }>()

function compile(format: string): { re: RegExp; order: string[] } {
  let c = cache.get(format)
  if (c) return c
  const order: string[] = []
  const src = format.replace(/YYYY|MM|M|DD|D|HH|H|mm|ss|[.*+?^${}()|[\]\\]/g, (t) => {
    if (TOKENS[t]) {
      order.push(t[0] === 'm' ? 'i' : t[0]!)
      return TOKENS[t]!
    }
    return '\\' + t
  })
  c = { re: new RegExp(`^${src}$`), order }
  cache.set(format, c)
  return c
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/**
 * Parses a date or date-time by a token format (YYYY MM M DD D HH H mm ss;
 * "ISO" for ISO 8601). Returns the ISO date ('2010-12-01') and date-time
 * ('2010-12-01T08:26:00+00:00', `utcOffset` added when the text has none),
 * or null when the text does not match or names an impossible date.
 * @example parseDateTime('12/1/2010 8:26', 'M/D/YYYY H:mm', 'Z') // { date: '2010-12-01', dateTime: '2010-12-01T08:26:00Z' }
 */
export function parseDateTime(text: string, format: string, utcOffset: string): { date: string; dateTime: string } | null {
  const s = text.trim()
  if (format === 'ISO') {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s)
    if (!m) return null
    return build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? utcOffset)
  }
  const { re, order } = compile(format)
  const m = re.exec(s)
  if (!m) return null
  const v: Record<string, number> = { Y: 0, M: 1, D: 1, H: 0, i: 0, s: 0 }
  order.forEach((k, i) => (v[k] = Number(m[i + 1])))
  return build(v.Y!, v.M!, v.D!, v.H!, v.i!, v.s!, utcOffset)
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, offset: string) {
  const t = new Date(Date.UTC(y, mo - 1, d))
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null
  const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`
  const off = offset === 'Z' ? 'Z' : offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`
  return { date, dateTime: `${date}T${pad(h)}:${pad(mi)}:${pad(s)}${off}` }
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>()
const offsets = new Map<string, string>()

/**
 * The UTC offset ('+01:00', 'Z') that an IANA zone has at a local wall-clock
 * time ('2011-06-01T09:00:00'), so summer time is followed. A time the clocks
 * repeat gets the earlier (summer) offset; one they skip, the later one.
 * @example zoneOffsetAt('2011-06-01T09:00:00', 'Europe/London') // '+01:00'
 */
export function zoneOffsetAt(localDateTime: string, timeZone: string): string {
  const hour = `${timeZone} ${localDateTime.slice(0, 13)}`
  let off = offsets.get(hour)
  if (off === undefined) {
    const asUtc = Date.parse(`${localDateTime.slice(0, 19)}Z`)
    // The offset one day earlier, applied, lands within an hour of the true instant; read the offset there.
    const guess = offsetMinutes(asUtc - 86_400_000, timeZone)
    const minutes = offsetMinutes(asUtc - guess * 60_000, timeZone)
    off = minutes === 0 ? 'Z' : `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`
    offsets.set(hour, off)
  }
  return off
}

function offsetMinutes(instant: number, timeZone: string): number {
  let f = zoneFormats.get(timeZone)
  if (!f) zoneFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' })))
  const name = f.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0
}
