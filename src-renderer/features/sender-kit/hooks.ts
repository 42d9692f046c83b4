import { useEffect, useRef, useState } from 'react'
import type { ValidateResult } from '../../../src-shared/api/event-types'
import { useApp } from '../../app-context'
import { parseJson, type JsonParse } from '../../components/json-editor'

export interface DataValidation {
  parse: JsonParse
  /** The engine's answer for the last parsed value; null while none yet. */
  result: ValidateResult | null
  checking: boolean
  error: string | null
}

/**
 * Checks edited event data against its event type's schema, through the engine
 * (`POST /api/event-types/validate`), a moment after the user stops typing.
 */
export function useDataValidation(profileId: string | null, type: string | null, text: string): DataValidation {
  const { stores } = useApp()
  const [state, setState] = useState<{ result: ValidateResult | null; checking: boolean; error: string | null }>({ result: null, checking: false, error: null })
  const parse = parseJson(text)
  const seq = useRef(0)
  const key = parse.ok ? JSON.stringify(parse.value) : null
  useEffect(() => {
    if (!profileId || !type || key === null) {
      setState({ result: null, checking: false, error: null })
      return
    }
    const mine = ++seq.current
    setState((s) => ({ ...s, checking: true }))
    const t = setTimeout(() => {
      stores.eventTypes
        .getState()
        .validate(profileId, type, JSON.parse(key))
        .then((result) => mine === seq.current && setState({ result, checking: false, error: null }))
        .catch((err: Error) => mine === seq.current && setState({ result: null, checking: false, error: err.message }))
    }, 250)
    return () => clearTimeout(t)
  }, [profileId, type, key, stores.eventTypes])
  return { parse, ...state }
}
