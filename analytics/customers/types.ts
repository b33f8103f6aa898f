/**
 * Customer analytics works on card holders held column-wise in typed arrays: customer i of a
 * run is index i in every array. The extraction (customer-source.repo.ts) fills them from SQL
 * aggregates; the cores read them and never see the database.
 */

/** Days are whole days since 1970-01-01 (UTC), as integers. */
export type Day = number

/** Report progress of a long core: `done` of `total` units. */
export type Progress = (done: number, total: number) => void

/**
 * Card holders' behaviour in the run's window.
 * - Money is in minor units (cents) as float64 (sums of bigints stay exact below 2^53).
 * - `include[i]` = 1 when customer i may appear in individual-level results: active (not
 *   erased) and not objecting to profiling. Customers with 0 still count in aggregates.
 */
export type CustomerBehaviour = {
  count: number
  include: Uint8Array
  /** Net sales less returns (line net amounts, after line discounts). */
  spendCents: Float64Array
  /** Gross margin: spend less cost of goods (quantity × unit cost, returns credited) less receipt-level coupons and rewards. */
  marginCents: Float64Array
  /** Receipts (visits). */
  visits: Uint32Array
  /** Sale lines, and those bought on promotion (a line discount or a coupon). */
  lines: Uint32Array
  promoLines: Uint32Array
  /** Distinct visit days per customer, ascending: days of customer i are visitDays[visitOffsets[i] .. visitOffsets[i + 1]). */
  visitOffsets: Uint32Array
  visitDays: Int32Array
}
