import { SigningConfigError } from './errors'

export type Placeholder = 'id' | 'timestamp' | 'body'
export type TemplatePart = { kind: 'literal'; text: string } | { kind: Placeholder }

/** A signed-content template such as `{id}.{timestamp}.{body}`, parsed once. */
export interface Template {
  source: string
  parts: TemplatePart[]
  usesId: boolean
  usesTimestamp: boolean
}

export interface TemplateValues {
  id?: string
  timestamp?: string
  body: Uint8Array
}

/** Parses a template over `{id}`, `{timestamp}` and `{body}`; `{body}` must appear exactly once. */
export function parseTemplate(source: string): Template {
  const parts: TemplatePart[] = []
  const seen = new Set<string>()
  let last = 0
  for (const match of source.matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1] ?? ''
    if (name !== 'id' && name !== 'timestamp' && name !== 'body') {
      throw new SigningConfigError(
        `The template "${source}" uses {${name}}; only {id}, {timestamp} and {body} can be signed.`,
        '/options/template',
      )
    }
    if (seen.has(name)) {
      throw new SigningConfigError(`The template "${source}" uses {${name}} twice; use each placeholder at most once.`, '/options/template')
    }
    seen.add(name)
    if (match.index > last) parts.push({ kind: 'literal', text: source.slice(last, match.index) })
    parts.push({ kind: name })
    last = match.index + match[0].length
  }
  if (last < source.length) parts.push({ kind: 'literal', text: source.slice(last) })
  if (!seen.has('body')) {
    throw new SigningConfigError(
      `The template "${source}" does not contain {body}, so the signature would not protect the payload; add {body}, e.g. "{timestamp}.{body}".`,
      '/options/template',
    )
  }
  return fromParts(parts, source)
}

function fromParts(parts: TemplatePart[], source = formatParts(parts)): Template {
  return {
    source,
    parts,
    usesId: parts.some((p) => p.kind === 'id'),
    usesTimestamp: parts.some((p) => p.kind === 'timestamp'),
  }
}

function formatParts(parts: TemplatePart[]): string {
  return parts.map((p) => (p.kind === 'literal' ? p.text : `{${p.kind}}`)).join('')
}

/** The bytes a template stands for: literals and `{id}`/`{timestamp}` as UTF-8, `{body}` verbatim. */
export function renderTemplate(template: Template, values: TemplateValues): Buffer {
  return Buffer.concat(
    template.parts.map((part) => {
      switch (part.kind) {
        case 'literal':
          return Buffer.from(part.text, 'utf8')
        case 'body':
          return values.body
        default: {
          const value = values[part.kind]
          if (value === undefined) throw new Error(`no value for {${part.kind}}`)
          return Buffer.from(value, 'utf8')
        }
      }
    }),
  )
}

/**
 * The template with a placeholder left out, as a sender who forgot it would build it: the
 * placeholder goes with the separator that follows it (or, at the end, the one before it).
 */
export function withoutPlaceholder(template: Template, kind: 'id' | 'timestamp'): Template {
  const parts = [...template.parts]
  const at = parts.findIndex((p) => p.kind === kind)
  if (at < 0) return template
  const next = parts[at + 1]
  const prev = parts[at - 1]
  if (next?.kind === 'literal') parts.splice(at, 2)
  else if (prev?.kind === 'literal') parts.splice(at - 1, 2)
  else parts.splice(at, 1)
  return fromParts(parts)
}

/** Just `{body}`. */
export const BODY_ONLY: Template = fromParts([{ kind: 'body' }])
