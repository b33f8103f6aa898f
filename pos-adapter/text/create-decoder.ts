import { TextDecoder } from 'node:util'

/** Encodings the adapter reads: what tills write in practice. Anything else is refused by name. */
const SUPPORTED: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'iso-8859-15': 'iso-8859-15',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
}

export class UnsupportedEncodingError extends Error {}

/**
 * A streaming byte → text decoder that picks its encoding from a byte-order
 * mark, else from `declared` (a CSV mapping's encoding) or the XML
 * declaration's encoding="…", else UTF-8. Invalid byte sequences become
 * U+FFFD, which the parsers report at the line or element they occur in,
 * so one badly encoded receipt does not sink the file. Pure.
 */
export function createDecoder(declared?: string): { decode(chunk: Uint8Array): string; end(): string; encoding(): string } {
  let decoder: TextDecoder | undefined
  let chosen = ''
  const pick = (first: Uint8Array): void => {
    let name = declared?.toLowerCase()
    if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) name = 'utf-8'
    else if (first[0] === 0xff && first[1] === 0xfe) name = 'utf-16le'
    else if (first[0] === 0xfe && first[1] === 0xff) name = 'utf-16be'
    else if (!name) {
      const head = Buffer.from(first.subarray(0, 200)).toString('latin1')
      const m = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)
      name = m ? m[1]!.toLowerCase() : 'utf-8'
    }
    const label = SUPPORTED[name]
    if (!label) throw new UnsupportedEncodingError(`encoding "${name}" is not supported (use UTF-8, UTF-16, ISO-8859-1 or windows-1252)`)
    chosen = label
    // ignoreBOM false: the BOM is consumed, not passed on as U+FEFF.
    decoder = new TextDecoder(label, { fatal: false })
  }
  return {
    decode(chunk) {
      if (!decoder) pick(chunk)
      return decoder!.decode(chunk, { stream: true })
    },
    end() {
      return decoder ? decoder.decode() : ''
    },
    encoding: () => chosen,
  }
}
