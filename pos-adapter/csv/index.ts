// The CSV column-mapping format and reader, shared by the POS adapter and the bulk history importer.
export { CsvMappingSchema, ColumnSchema, type CsvMapping, type CsvMappingInput, type Column } from './csv-mapping.js'
export { createReceiptGrouper, resolveColumns, type CsvRow } from './group-rows.js'
export { parseDateTime, zoneOffsetAt } from './parse-date.js'
export { readCsv } from './read-csv.js'
export { RowRuleSchema, matchRowRule, type RowRule } from './row-rules.js'
