import { useCallback, useEffect, useState, type RefObject } from 'react'
import { ApiError } from '../../api/client'
import { plainErrorMessage, type FieldLabels } from '../../lib/validation-message'

export interface FormErrors {
  /** Message per form field key (e.g. `url`, `signing.headerName`). */
  fields: Record<string, string>
  /** A message that names no field the form shows. */
  general: string | null
}

/**
 * Places an engine error next to the field it names. The engine names fields with a JSON
 * pointer (`/url`, `/signing/headerName`, `/events/2`); the longest prefix the form knows wins,
 * and anything else goes to the form's general message. A schema refusal in the validator's
 * words becomes a sentence with the form's label for the field (`labels`, by pointer path).
 */
export function placeError(err: unknown, known: readonly string[], labels?: FieldLabels): FormErrors {
  const message = err instanceof ApiError ? plainErrorMessage(err, labels) : err instanceof Error ? err.message : String(err)
  if (!(err instanceof ApiError) || !err.field) return { fields: {}, general: message }
  const parts = err.field.replace(/^\/+/, '').split('/').filter(Boolean)
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join('.')
    if (known.includes(key)) return { fields: { [key]: message }, general: null }
  }
  return { fields: {}, general: message }
}

/** `known` and `labels` should be module constants (they key the callbacks). */
export function useFormErrors(known: readonly string[], labels?: FieldLabels) {
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: null })
  const fail = useCallback((err: unknown) => setErrors(placeError(err, known, labels)), [known, labels])
  const clear = useCallback(
    (field?: string) =>
      setErrors((prev) => {
        if (!field) return { fields: {}, general: null }
        if (!(field in prev.fields)) return prev
        const { [field]: _gone, ...rest } = prev.fields
        return { ...prev, fields: rest }
      }),
    [],
  )
  /** A problem the form found itself (before asking the engine), shown like the engine's. */
  const reject = useCallback((field: string, message: string) => setErrors((prev) => ({ ...prev, fields: { ...prev.fields, [field]: message } })), [])
  return { errors, fail, clear, reject, field: (key: string) => errors.fields[key] ?? null }
}

/**
 * The first field showing an error (`useFormErrors`' `fields`, in a <Field>) takes the focus when
 * the errors change, as the webhook form does: else it stays on the submit button, or nowhere. A
 * JSON editor's content is contenteditable, so an error on it puts the caret in the editor.
 */
export function useFocusFieldError(form: RefObject<HTMLElement | null>, fields: Readonly<Record<string, string | undefined>>) {
  useEffect(() => {
    if (Object.keys(fields).length === 0) return
    form.current?.querySelector<HTMLElement>('.field-error :is(input, select, textarea, [contenteditable="true"])')?.focus()
  }, [form, fields])
}
