import { useId } from 'react'
import { SIGNING_SCHEME_LABELS, type SigningSchemeId } from '../../../src-shared/signing-schemes'
import { SchemeOptions } from '../../components/signing-fields'
import { useProfileChoices } from '../inboxes/profile-choices'
import type { FormErrors, ResignForm } from './replay-model'

/**
 * "Re-sign with a fresh timestamp": as a provider profile or a bare scheme, with the receiving
 * app's secret. Shared by the replay, bulk replay and resend dialogs.
 */
export function ResignFields({ value, onChange, errors, suggestedSecret, disabled }: {
  value: ResignForm
  onChange: (next: ResignForm) => void
  errors?: FormErrors
  /** A secret to offer in one click (the inbox's own), with where it comes from. */
  suggestedSecret?: { value: string; label: string } | null
  disabled?: boolean
}) {
  const profiles = useProfileChoices()
  const id = useId()
  const set = (patch: Partial<ResignForm>) => onChange({ ...value, ...patch })
  return (
    <fieldset className="rp-resign" disabled={disabled}>
      <label className="check-row">
        <input type="checkbox" checked={value.on} onChange={(e) => set({ on: e.target.checked, profileId: value.profileId || profiles[0]?.id || '' })} />
        <span>
          Re-sign with a fresh timestamp
          <small>
            Stripe, Standard Webhooks and Slack sign a timestamp, and receivers refuse one older than their tolerance (usually 5 minutes): a
            faithful replay of an older request fails verification unless it is signed again now. Re-signing also makes an edited body valid.
          </small>
        </span>
      </label>
      {value.on && (
        <div className="rp-resign-grid">
          <div className={errors?.profile ? 'field field-error' : 'field'}>
            <label htmlFor={`${id}-by`}>Sign as</label>
            <div className="inline-fields">
              <select
                id={`${id}-by`}
                className="input"
                aria-label="Sign as"
                value={value.by}
                onChange={(e) => set({ by: e.target.value as ResignForm['by'] })}
              >
                <option value="profile">Provider profile</option>
                <option value="scheme">Signing scheme</option>
              </select>
              {value.by === 'profile' ? (
                <select className="input" aria-label="Profile to sign as" value={value.profileId} onChange={(e) => set({ profileId: e.target.value })}>
                  {!value.profileId && <option value="">Pick a profile…</option>}
                  {profiles.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                      {p.scheme ? ` · ${SIGNING_SCHEME_LABELS[p.scheme]}` : ''}
                    </option>
                  ))}
                </select>
              ) : (
                <select className="input" aria-label="Scheme to sign with" value={value.scheme} onChange={(e) => set({ scheme: e.target.value as SigningSchemeId })}>
                  <SchemeOptions exclude={['custom']} />
                </select>
              )}
            </div>
            {errors?.profile && (
              <div className="field-message" role="alert">
                {errors.profile}
              </div>
            )}
          </div>
          <div className={errors?.secret ? 'field field-error' : 'field'}>
            <label htmlFor={`${id}-secret`}>Secret</label>
            <div className="inline-fields">
              <input
                id={`${id}-secret`}
                className="input mono rp-grow"
                autoComplete="off"
                spellCheck={false}
                placeholder="the receiving app's webhook secret"
                value={value.secret}
                onChange={(e) => set({ secret: e.target.value })}
              />
              {suggestedSecret && value.secret !== suggestedSecret.value && (
                <button type="button" className="btn btn-small" onClick={() => set({ secret: suggestedSecret.value })}>
                  Use {suggestedSecret.label}
                </button>
              )}
            </div>
            {errors?.secret && (
              <div className="field-message" role="alert">
                {errors.secret}
              </div>
            )}
          </div>
        </div>
      )}
    </fieldset>
  )
}
