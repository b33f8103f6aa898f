// The CSV column-mapping format and reader, shared by the POS adapter and the bulk history importer.
export { CsvMappingSchema, ColumnSchema, type CsvMapping, type CsvMappingInput, type Column } from './csv-mapping.js'
export { createReceiptGrouper, resolveColumns, type CsvRow } from './group-rows.js'
export { parseDateTime } from './parse-date.js'
export { readCsv } from './read-csv.js'
