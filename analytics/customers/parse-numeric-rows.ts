/**
 * Incremental parser of tab-separated numeric text rows (PostgreSQL COPY TO STDOUT text format
 * of integer or decimal columns, never null), calling `onRow` with the fields of each row in a
 * reused Float64Array: no string or object per row. Rows may span chunks.
 * @example new NumericRowParser(2, (f) => sum += f[1]!).push(Buffer.from('1\t-2.5\n'))
 */
export class NumericRowParser {
  private readonly fields: Float64Array
  private field = 0
  private value = 0
  private scale = 0 // digits after the decimal point so far; 0 before it
  private negative = false
  private seen = false
  rows = 0

  constructor(
    private readonly columns: number,
    private readonly onRow: (fields: Float64Array) => void,
  ) {
    this.fields = new Float64Array(columns)
  }

  push(chunk: Uint8Array): void {
    let { field, value, scale, negative, seen } = this
    const fields = this.fields
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!
      if (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48)
        if (scale > 0) scale *= 10
        seen = true
      } else if (c === 46) {
        scale = 1
      } else if (c === 45) {
        negative = true
      } else if (c === 9 || c === 10) {
        if (!seen) throw new Error(`malformed row ${this.rows + 1}: empty field ${field + 1}`)
        if (field >= this.columns) throw new Error(`malformed row ${this.rows + 1}: more than ${this.columns} fields`)
        const v = scale > 0 ? value / scale : value
        fields[field++] = negative ? -v : v
        value = 0
        scale = 0
        negative = false
        seen = false
        if (c === 10) {
          if (field !== this.columns) throw new Error(`malformed row ${this.rows + 1}: ${field} fields, expected ${this.columns}`)
          this.rows++
          this.onRow(fields)
          field = 0
        }
      } else if (c !== 13) {
        throw new Error(`malformed row ${this.rows + 1}: unexpected byte ${c}`)
      }
    }
    Object.assign(this, { field, value, scale, negative, seen })
  }

  /** Throws when the input ended inside a row. */
  finish(): void {
    if (this.field !== 0 || this.seen) throw new Error(`the input ended inside row ${this.rows + 1}`)
  }
}
