import { ATTRIBUTES, type AttributeName } from '../../api/contract/demographic-attributes.js'

// Each attribute's values are coded 0..n−1 per customer (−1: unknown, or the customer does not
// allow profiling), in the order api/contract/demographic-attributes.ts lists them.
export { ATTRIBUTES, type AttributeName }

/** One attribute's codes for every customer of a run. */
export type AttributeTable = { name: AttributeName; label: string; values: string[]; codes: Int16Array }

export type DemographicsRow = {
  gender: string | null
  birthYear: number | null
  incomeBand: string | null
  education: string | null
  householdSize: number | null
  childrenCount: number | null
  youngestChildBirthYear: number | null
  postcode: string | null
}

/**
 * The postcode area: the leading letters of an alphanumeric postcode (UK "SW1A 1AA" → "SW"),
 * or the first two digits of a numeric one (Dutch "1012" → "10", German "10115" → "10").
 */
export function postcodeArea(postcode: string | null): string | null {
  if (!postcode) return null
  const p = postcode.trim().toUpperCase()
  const letters = /^[A-Z]+/.exec(p)
  if (letters) return letters[0]
  const digits = /^\d{2}/.exec(p)
  return digits ? digits[0] : null
}

/** Ages are taken in `year` (the year the analysis window ends). */
export function ageBandOf(birthYear: number | null, year: number): string | null {
  if (birthYear === null) return null
  const age = year - birthYear
  return age < 18 ? null : age < 30 ? '18-29' : age < 45 ? '30-44' : age < 65 ? '45-64' : '65+'
}

export function childrenBandOf(childrenCount: number | null, youngestBirthYear: number | null, year: number): string | null {
  if (childrenCount === null) return null
  if (childrenCount === 0) return 'none'
  if (youngestBirthYear === null) return null
  const age = year - youngestBirthYear
  return age < 5 ? 'under 5' : age < 12 ? '5-11' : age < 18 ? '12-17' : '18+'
}

/** Codes every attribute for every customer; postcode areas get their values from the data (sorted). */
export function attributeCodes(rows: DemographicsRow[], year: number): AttributeTable[] {
  const areas = [...new Set(rows.map((r) => postcodeArea(r.postcode)).filter((a): a is string => a !== null))].sort()
  const valueOf: Record<AttributeName, (r: DemographicsRow) => string | null> = {
    ageBand: (r) => ageBandOf(r.birthYear, year),
    gender: (r) => r.gender,
    incomeBand: (r) => r.incomeBand,
    education: (r) => r.education,
    householdSize: (r) => (r.householdSize === null ? null : r.householdSize >= 5 ? '5+' : String(r.householdSize)),
    children: (r) => childrenBandOf(r.childrenCount, r.youngestChildBirthYear, year),
    postcodeArea: (r) => postcodeArea(r.postcode),
  }
  return ATTRIBUTES.map((a) => {
    const values = a.name === 'postcodeArea' ? areas : [...a.values]
    const index = new Map(values.map((v, i) => [v, i]))
    const get = valueOf[a.name]
    return { name: a.name, label: a.label, values, codes: Int16Array.from(rows, (r) => index.get(get(r) ?? '') ?? -1) }
  })
}
