/**
 * A profile's `docs` as a reader sees it. Built-ins name their sources as
 * `shared/seeds/000_….txt (Workestra "Webhooks" page)` — a path in Hookbench's own repository,
 * meaningless to a user — or as URLs, joined by " and ". A seed file is shown by the document's
 * name in its parentheses, the file kept for a title; a URL or any other text is shown as it is.
 */
export interface DocsSource {
  text: string
  /** The seed file the text stands for, shown only on hover. */
  file?: string
}

const SEED = /^(\S+\.(?:txt|md))\s*\((.+)\)$/

export function docsSources(docs: string): DocsSource[] {
  return docs
    .split(/\s+and\s+(?=\S+\.(?:txt|md)\b|https?:\/\/)/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const seed = SEED.exec(part)
      return seed ? { text: seed[2]!, file: seed[1]! } : { text: part }
    })
}
