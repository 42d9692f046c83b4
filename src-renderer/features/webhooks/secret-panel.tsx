import { useState } from 'react'
import type { Profile } from '../../../src-shared/api/profiles'
import type { Webhook } from '../../../src-shared/api/webhooks'
import { useApp, useStoreOf } from '../../app-context'
import { Card } from '../../components/card'
import { CopyButton } from '../../components/copy-button'
import { Dialog, DialogActions } from '../../components/dialog'
import { Field } from '../../components/field'
import { useAction, useEngineNow } from '../../hooks'
import { formatTime, relativeTime } from '../../lib/format'
import { useFormErrors } from '../sender-kit/form-errors'

const OVERLAPS: [number, string][] = [
  [0, 'No overlap: the old secret stops now'],
  [3600, '1 hour'],
  [86_400, '24 hours'],
  [7 * 86_400, '7 days'],
]

const mask = (preview: string) => `${preview.replace(/…$/, '')}${'•'.repeat(18)}`

/** The webhook's signing secret: reveal, copy, rotate with an overlap; previous secrets and when they stop. */
export function SecretPanel({ webhook, profile }: { webhook: Webhook; profile: Profile | undefined }) {
  const { stores } = useApp()
  const revealedValue = useStoreOf(stores.webhooks, (s) => s.revealed[webhook.id])
  const [shown, setShown] = useState(false)
  const [rotating, setRotating] = useState(false)
  const now = useEngineNow(15_000)
  const current = webhook.secrets[0] ?? null
  // A secret revealed by a create or rotate answer is kept for the session, as long as it is still the current one.
  const revealed = revealedValue && current && revealedValue.startsWith(current.preview.replace(/…$/, '')) ? revealedValue : null
  const value = webhook.secret ?? current?.value ?? revealed
  const onceOnly = webhook.secretShownOnce
  const previous = webhook.secrets.slice(1)

  return (
    <Card
      title="Signing secret"
      testId="secret-panel"
      label="Signing secret"
      actions={
        <button type="button" className="btn btn-small" onClick={() => setRotating(true)}>
          {current ? 'Rotate…' : 'Set a secret…'}
        </button>
      }
    >
      {!current && !value ? (
        <p className="dim small no-margin">No secret: deliveries go out unsigned ({profile?.name ?? 'this profile'} makes the secret optional).</p>
      ) : (
        <>
          <div className="secret-value">
            <code className="secret-text" data-testid="secret-value">
              {value && shown ? value : mask(current?.preview ?? value?.slice(0, 8) ?? '')}
            </code>
            {value && (
              <button type="button" className="btn btn-small" onClick={() => setShown(!shown)} aria-pressed={shown}>
                {shown ? 'Hide' : 'Reveal'}
              </button>
            )}
            {value && <CopyButton text={value} />}
          </div>
          {onceOnly && (
            <p className="small dim secret-note">
              {value
                ? `${profile?.name ?? 'This provider'} shows a secret only once: copy it now, it will not be shown again after you leave Hookbench.`
                : `${profile?.name ?? 'This provider'} shows a secret only once, at creation. Rotate to get a new one.`}
            </p>
          )}
          {current && <div className="small dim">Created {formatTime(current.createdAt)}{current.label && current.label !== 'created' ? ` · ${current.label}` : ''}</div>}
        </>
      )}
      {previous.length > 0 && (
        <div className="secret-previous">
          <div className="secret-previous-title">Previous secrets</div>
          <ul className="plain-list">
            {previous.map((s, i) => (
              <li key={i} className={s.live ? '' : 'dim'}>
                <code>{mask(s.preview)}</code>{' '}
                {s.live && s.expiresAt ? (
                  <span className="small">
                    still signing until {formatTime(s.expiresAt)} <span className="dim">({relativeTime(s.expiresAt, now)})</span>
                  </span>
                ) : (
                  <span className="small">expired {s.expiresAt ? relativeTime(s.expiresAt, now) : ''}</span>
                )}
              </li>
            ))}
          </ul>
          {webhook.secretsOmitted > 0 && (
            <div className="small dim" data-testid="secrets-omitted">
              {webhook.secretsOmitted} older expired secret{webhook.secretsOmitted === 1 ? ' is' : 's are'} not listed.
            </div>
          )}
        </div>
      )}
      <RotateDialog open={rotating} onClose={() => setRotating(false)} webhook={webhook} profile={profile} onRotated={() => setShown(true)} />
    </Card>
  )
}

const ROTATE_FIELDS = ['secret', 'overlapSeconds'] as const

function RotateDialog({ open, onClose, webhook, profile, onRotated }: { open: boolean; onClose: () => void; webhook: Webhook; profile: Profile | undefined; onRotated: () => void }) {
  const { stores } = useApp()
  const [overlap, setOverlap] = useState(86_400)
  const [custom, setCustom] = useState('')
  const { errors, fail, clear, field } = useFormErrors(ROTATE_FIELDS)
  const { busy, run } = useAction(fail)
  const hasSecret = webhook.secrets.length > 0
  const multi = profile?.signature.multiSignature
  const rotate = () => {
    clear()
    void run(async () => {
      await stores.webhooks.getState().rotateSecret(webhook.id, { overlapSeconds: overlap, ...(custom.trim() ? { secret: custom.trim() } : {}) })
      setCustom('')
      onRotated()
      onClose()
    })
  }
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={hasSecret ? 'Rotate the signing secret' : 'Set a signing secret'}
      testId="rotate-dialog"
      footer={<DialogActions onCancel={onClose} label={hasSecret ? 'Rotate secret' : 'Set secret'} busyLabel="Rotating…" busy={busy} onConfirm={rotate} />}
    >
      {errors.general && <p className="error-banner">{errors.general}</p>}
      {hasSecret && (
        <Field
          label="Keep the previous secret signing for"
          htmlFor="rotate-overlap"
          error={field('overlapSeconds')}
          hint={
            multi
              ? 'During the overlap every delivery carries one signature per live secret, so receivers can switch without dropping events.'
              : 'This profile sends one signature: deliveries stay signed with the previous secret until the overlap ends, then with the new one. Give your receiver the new secret before then (or let it accept both).'
          }
        >
          <select id="rotate-overlap" value={overlap} onChange={(e) => setOverlap(Number(e.target.value))}>
            {OVERLAPS.map(([s, label]) => (
              <option key={s} value={s}>
                {label}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label="New secret" htmlFor="rotate-secret" error={field('secret')} hint={profile?.secret.format === 'whsec' ? 'Empty: a new whsec_… secret is generated.' : 'Empty: a random secret is generated.'}>
        <input id="rotate-secret" className="mono" value={custom} onChange={(e) => setCustom(e.target.value)} placeholder="generate" autoComplete="off" spellCheck={false} />
      </Field>
    </Dialog>
  )
}
