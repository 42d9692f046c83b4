import { useState } from 'react'

/** Copies text to the clipboard and says so for a moment, or says that it could not (the clipboard refused). */
export function CopyButton({ text, label = 'Copy', className }: { text: string; label?: string; className?: string }) {
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null)
  return (
    <button
      type="button"
      className={className ?? 'btn btn-small'}
      onClick={async () => {
        const copied = await navigator.clipboard.writeText(text).then(
          () => true,
          () => false,
        )
        setOutcome(copied ? 'copied' : 'failed')
        // A failure stays longer: it asks the reader to do something.
        setTimeout(() => setOutcome(null), copied ? 1200 : 4000)
      }}
    >
      {outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Copy failed — select and copy by hand' : label}
    </button>
  )
}
