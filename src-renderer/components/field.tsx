import type { ReactNode } from 'react'

/** A labelled form control with its hint and its error (the engine's message names the field). */
export function Field({ label, hint, error, children, htmlFor }: { label: string; hint?: ReactNode; error?: ReactNode; children: ReactNode; htmlFor?: string }) {
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && !error && <div className="field-hint">{hint}</div>}
      {error && (
        <div className="field-message" role="alert">
          {error}
        </div>
      )}
    </div>
  )
}
