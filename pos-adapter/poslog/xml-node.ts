/** One element of a buffered POSLog transaction: local name, namespace URI, attributes by local name, text. */
export type XmlNode = {
  name: string
  uri: string
  /** Attributes keyed by local name, and by `prefix:local` for namespaced attributes too. */
  attrs: Record<string, string>
  text: string
  children: XmlNode[]
  line: number
}

type Step = { prefix: string | null; name: string; attr: string | null; preds: { attr: boolean; key: string; value: string }[] }

const cache = new Map<string, Step[]>()

/**
 * Parses a profile path: steps separated by '/', each `[prefix:]Name` with
 * optional predicates `[@Attr=value]` (attribute) or `[Child=value]` (child
 * text); a final `@Attr` step selects an attribute. An unprefixed name matches
 * that local name in any namespace; a prefixed one only in the profile's
 * namespace for that prefix.
 * @example parsePath("RetailTransaction/Total[@TotalType=TransactionGrandAmount]")
 */
function parsePath(path: string): Step[] {
  let steps = cache.get(path)
  if (steps) return steps
  steps = path.split('/').map((raw) => {
    if (raw.startsWith('@')) return { prefix: null, name: '', attr: raw.slice(1), preds: [] }
    const m = /^(?:([\w.-]+):)?([\w.-]+)((?:\[[^\]]+\])*)$/.exec(raw)
    if (!m) throw new Error(`bad profile path step "${raw}" in "${path}"`)
    const preds = [...(m[3] ?? '').matchAll(/\[(@?)([\w.:-]+)=([^\]]*)\]/g)].map((p) => ({ attr: p[1] === '@', key: p[2]!, value: p[3]! }))
    return { prefix: m[1] ?? null, name: m[2]!, attr: null, preds }
  })
  cache.set(path, steps)
  return steps
}

function matches(node: XmlNode, step: Step, ns: Record<string, string>): boolean {
  if (node.name !== step.name) return false
  if (step.prefix !== null && node.uri !== ns[step.prefix]) return false
  for (const p of step.preds) {
    const actual = p.attr ? node.attrs[p.key] : node.children.find((c) => c.name === p.key.split(':').pop())?.text.trim()
    if (actual !== p.value) return false
  }
  return true
}

/** All nodes under `from` that the path selects, in document order. */
export function selectAll(from: XmlNode, path: string, ns: Record<string, string>): XmlNode[] {
  const out: XmlNode[] = []
  collect(from, parsePath(path), 0, ns, out, false)
  return out
}

// Depth-first over the steps; with `firstOnly` it stops at the first match (the common case).
function collect(node: XmlNode, steps: Step[], i: number, ns: Record<string, string>, out: XmlNode[], firstOnly: boolean): boolean {
  const step = steps[i]
  if (step === undefined || step.attr !== null) {
    out.push(node)
    return firstOnly
  }
  for (const c of node.children) {
    if (matches(c, step, ns) && collect(c, steps, i + 1, ns, out, firstOnly)) return true
  }
  return false
}

/** The trimmed text (or attribute value, for a path ending in @Attr) of the first match of the first path that matches. */
export function valueOf(from: XmlNode, paths: readonly string[], ns: Record<string, string>): string | undefined {
  for (const path of paths) {
    const steps = parsePath(path)
    const last = steps[steps.length - 1]!
    const found: XmlNode[] = []
    if (last.attr !== null) {
      // Every candidate element, until one carries the attribute.
      collect(from, steps, 0, ns, found, false)
      for (const n of found) {
        const v = n.attrs[last.attr]
        if (v !== undefined) return v.trim()
      }
      continue
    }
    if (collect(from, steps, 0, ns, found, true)) return found[0]!.text.trim()
  }
  return undefined
}

/** The first child (direct) whose local name is one of `names`. */
export function firstChildNamed(node: XmlNode, names: readonly string[]): XmlNode | undefined {
  return node.children.find((c) => names.includes(c.name))
}
