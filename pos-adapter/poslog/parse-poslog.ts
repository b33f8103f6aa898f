import { SaxesParser, type SaxesTagNS } from 'saxes'
import type { ParsedItem } from '../intake/parsed-item.js'
import { mapTransaction, type MapContext } from './map-transaction.js'
import type { PoslogProfile } from './poslog-profile.js'
import type { XmlNode } from './xml-node.js'

export type PoslogLimits = {
  /** Deepest element nesting accepted. */
  maxDepth: number
  /** Elements in one Transaction; more is a problem for that transaction, and its elements are not kept. */
  maxNodesPerTransaction: number
  /** Characters of text in one element. */
  maxTextChars: number
}

export const DEFAULT_POSLOG_LIMITS: PoslogLimits = { maxDepth: 64, maxNodesPerTransaction: 20_000, maxTextChars: 65_536 }

export type PoslogCounts = { transactions: number; households: number }

class FatalXml extends Error {}

/**
 * A streaming POSLog reader: feed it text with `write`, call `end` at the end
 * of the file. Each `Transaction` under the root is buffered (bounded by
 * `limits`), mapped by the profile and emitted as soon as it closes, so memory
 * stays flat however large the file. Safe by construction: a DOCTYPE is
 * refused outright (no DTD, so no entity expansion: billion laughs and external
 * entities never get a chance), and saxes expands only the five predefined
 * entities and character references. A well-formedness error stops the file
 * there: transactions already closed stay good, the rest is one problem. Pure.
 */
export function createPoslogParser(profile: PoslogProfile, ctx: MapContext, emit: (item: ParsedItem) => void, limits: PoslogLimits = DEFAULT_POSLOG_LIMITS) {
  const parser = new SaxesParser({ xmlns: true, position: true })
  const counts: PoslogCounts = { transactions: 0, households: 0 }
  let failed = false
  let depth = 0
  let root: string | null = null
  // The transaction being buffered: a stack of open nodes, the count, the first encoding problem.
  let stack: XmlNode[] = []
  let depths: number[] = []
  let nodes = 0
  let overflow = false
  let badText: string | null = null

  const fail = (detail: string) => {
    throw new FatalXml(detail)
  }
  parser.on('doctype', () => fail('DOCTYPE declarations are refused (no DTDs: entity expansion and external entities are attack vectors)'))
  parser.on('error', (err) => fail(`XML is not well-formed: ${err.message.replace(/^(?:.*?:)?\d+:\d+: /, '')}`))
  parser.on('opentag', (tag: SaxesTagNS) => {
    depth++
    if (depth > limits.maxDepth) fail(`elements nested deeper than ${limits.maxDepth}`)
    if (depth === 1) {
      root = tag.local
      if (tag.local !== 'POSLog') fail(`the root element is <${tag.name}>, not <POSLog>`)
      return
    }
    const inTx = stack.length > 0
    if (!inTx && !(depth === 2 && tag.local === 'Transaction')) return
    nodes++
    if (nodes > limits.maxNodesPerTransaction) {
      overflow = true
      return
    }
    const attrs: Record<string, string> = {}
    for (const k in tag.attributes) {
      const a = tag.attributes[k]!
      attrs[a.local] = a.value
      if (a.prefix) attrs[a.name] = a.value
      if (a.value.includes('\uFFFD')) badText ??= `attribute ${a.name} of <${tag.name}> at line ${parser.line}`
    }
    const node: XmlNode = { name: tag.local, uri: tag.uri, attrs, text: '', children: [], line: parser.line }
    if (inTx) stack[stack.length - 1]!.children.push(node)
    stack.push(node)
    depths.push(depth)
  })
  parser.on('text', (text) => {
    const top = stack[stack.length - 1]
    if (!top || overflow) return
    // Indentation between elements: only trimmed text is ever read.
    if (text.charCodeAt(0) <= 32 && text.trim() === '') return
    if (top.text.length + text.length > limits.maxTextChars) fail(`text of <${top.name}> is longer than ${limits.maxTextChars} characters`)
    if (text.includes('\uFFFD')) badText ??= `<${top.name}> at line ${parser.line}`
    top.text += text
  })
  parser.on('cdata', (text) => {
    const top = stack[stack.length - 1]
    if (top && !overflow) top.text += text
  })
  parser.on('closetag', () => {
    const closing = depth--
    if (depths[depths.length - 1] !== closing) return
    const closed = stack.pop()!
    depths.pop()
    if (stack.length > 0) return
    counts.transactions++
    const at = `Transaction at line ${closed.line}`
    if (overflow) emit({ kind: 'problem', at, detail: `more than ${limits.maxNodesPerTransaction} elements in one transaction` })
    else if (badText) emit({ kind: 'problem', at, detail: `invalid byte sequence for the file's encoding in ${badText}` })
    else {
      const notes: { householdId?: string } = {}
      emit(mapTransaction(closed, profile, ctx, notes))
      if (notes.householdId) counts.households++
    }
    stack = []
    depths = []
    nodes = 0
    overflow = false
    badText = null
  })

  const guard = (f: () => void) => {
    if (failed) return
    try {
      f()
    } catch (err) {
      if (!(err instanceof FatalXml)) throw err
      failed = true
      const open = stack[0]
      const where = `line ${parser.line}, column ${parser.column}`
      emit({ kind: 'problem', at: open ? `Transaction at line ${open.line}` : where, detail: `${open ? `${where}: ` : ''}${err.message}; the rest of the file is not read` })
    }
  }
  return {
    write: (text: string) => guard(() => parser.write(text)),
    end: () =>
      guard(() => {
        parser.close()
        if (root === null) fail('the file holds no XML element')
      }),
    counts,
    failed: () => failed,
  }
}
