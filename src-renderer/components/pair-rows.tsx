/** Name/value rows to edit (headers sent with each delivery): change, remove, add. */
export function PairRows({ value, onChange, noun, placeholders }: {
  value: [string, string][]
  onChange: (next: [string, string][]) => void
  /** Names the inputs for screen readers: "Header" gives "Header 2 name", "Remove header 2". */
  noun: string
  placeholders?: [string, string]
}) {
  const edit = (i: number, pair: [string, string]) => onChange(value.map((p, j) => (j === i ? pair : p)))
  return (
    <div className="pair-rows">
      {value.map(([k, v], i) => (
        <div className="pair-row" key={i}>
          <input className="input" aria-label={`${noun} ${i + 1} name`} value={k} placeholder={placeholders?.[0]} onChange={(e) => edit(i, [e.target.value, v])} />
          <input className="input" aria-label={`${noun} ${i + 1} value`} value={v} placeholder={placeholders?.[1]} onChange={(e) => edit(i, [k, e.target.value])} />
          <button type="button" className="btn btn-small" aria-label={`Remove ${noun.toLowerCase()} ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="btn btn-small" onClick={() => onChange([...value, ['', '']])}>
          + Header
        </button>
      </div>
    </div>
  )
}
