import { stringify } from 'csv-stringify/sync'
import { Readable } from 'node:stream'
import type { Delivery } from '../../../src-shared/api/deliveries'
import type { ExportFormat } from '../../../src-shared/api/export'
import type { RequestDetail } from '../../../src-shared/api/requests'
import { ATTEMPT_CSV_COLUMNS, REQUEST_CSV_COLUMNS, attemptRows, type CsvColumn } from './csv'
import { deliveryToHarEntries, HAR_FOOTER, harHeader, requestToHarEntry } from './har'

/** Self-description of every exported object, so an import can tell ours from a foreign file. */
export const RECORD_FORMAT = { requests: 'hookbench.request/v1', deliveries: 'hookbench.delivery/v1' } as const
export const COLLECTION_FORMAT = { requests: 'hookbench.requests/v1', deliveries: 'hookbench.deliveries/v1' } as const

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  har: 'application/json; charset=utf-8',
}

export type ExportInput =
  | { kind: 'requests'; pages: AsyncIterable<RequestDetail[]>; ingestBase: string }
  | { kind: 'deliveries'; pages: AsyncIterable<Delivery[]> }

/**
 * Streams an export page by page: memory stays flat whatever the row count, and the
 * consumer's backpressure (an HTTP response, a file) pauses the database reads.
 * Secrets are never part of a RequestDetail or a Delivery, so they cannot leak here.
 */
export interface ExportMeta {
  version: string
  exportedAt: string
  /** Credential values hidden (the `redact` option); said in the JSON document and the HAR creator's comment. */
  redacted?: boolean
}

export function exportStream(format: ExportFormat, input: ExportInput, meta: ExportMeta): Readable {
  return Readable.from(generate(format, input, meta), { objectMode: false, highWaterMark: 64 * 1024 })
}

async function* generate(format: ExportFormat, input: ExportInput, meta: ExportMeta): AsyncGenerator<string> {
  let first = true
  const sep = () => (first ? ((first = false), '') : ',')
  if (format === 'json') {
    yield `{"format":"${COLLECTION_FORMAT[input.kind]}","exportedAt":${JSON.stringify(meta.exportedAt)},"hookbenchVersion":${JSON.stringify(meta.version)},${meta.redacted ? '"redacted":true,' : ''}"items":[`
  }
  if (format === 'har') yield harHeader(meta.version, meta.redacted === true)
  if (format === 'csv') yield csvLine(input.kind === 'requests' ? REQUEST_CSV_COLUMNS.map((c) => c.name) : ATTEMPT_CSV_COLUMNS.map((c) => c.name))

  if (input.kind === 'requests') {
    for await (const page of input.pages) {
      let chunk = ''
      for (const r of page) {
        if (format === 'ndjson') chunk += JSON.stringify({ format: RECORD_FORMAT.requests, ...r }) + '\n'
        else if (format === 'json') chunk += sep() + JSON.stringify(r)
        else if (format === 'har') chunk += sep() + JSON.stringify(requestToHarEntry(r, input.ingestBase))
        else chunk += csvRow(REQUEST_CSV_COLUMNS, r)
      }
      if (chunk) yield chunk
    }
  } else {
    for await (const page of input.pages) {
      let chunk = ''
      for (const d of page) {
        if (format === 'ndjson') chunk += JSON.stringify({ format: RECORD_FORMAT.deliveries, ...d }) + '\n'
        else if (format === 'json') chunk += sep() + JSON.stringify(d)
        else if (format === 'har') for (const e of deliveryToHarEntries(d)) chunk += sep() + JSON.stringify(e)
        else for (const row of attemptRows(d)) chunk += csvRow(ATTEMPT_CSV_COLUMNS, row)
      }
      if (chunk) yield chunk
    }
  }
  if (format === 'json') yield ']}\n'
  if (format === 'har') yield HAR_FOOTER
}

// csv-stringify quotes a field holding its own record delimiter (\r\n), not a bare \n or \r: every
// reader (Python's csv, Excel) splits a record there, so any line break is quoted.
const csvLine = (values: unknown[]) => stringify([values], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ })
function csvRow<T>(columns: CsvColumn<T>[], row: T): string {
  return csvLine(columns.map((c) => {
    const v = c.value(row)
    return v === null ? '' : typeof v === 'boolean' ? String(v) : typeof v === 'string' ? spreadsheetSafe(v) : v
  }))
}

/**
 * Captured text is written by whoever reached the inbox, and Excel or LibreOffice may run a
 * cell that begins with =, +, -, @, a tab or a CR as a formula (CSV injection). Such a cell
 * begins with an apostrophe, which spreadsheets show as text (OWASP's advice); csv.ts says so.
 */
const spreadsheetSafe = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text)
