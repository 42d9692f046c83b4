import type { Inbox } from '../../../src-shared/api/inboxes'
import type { RequestDetail } from '../../../src-shared/api/requests'
import { SIGNING_SCHEME_LABELS, type ContentSample, type Diagnosis, type DiagnosisCode } from '../../../src-shared/signing-schemes'
import { CopyButton } from '../../components/copy-button'
import { SafeText } from '../../components/safe-text'
import { VerdictBadge } from '../../components/verdict-badge'
import { formatBytes, formatDuration } from '../../lib/format'
import { ageWords, timestampDate } from './timestamp-words'

/** Diagnosis codes in words, for the "also" list (every code: a new one fails the type check, not the user). */
const CODE_WORDS: Record<DiagnosisCode, string> = {
  reserialized_json: 'JSON re-serialized',
  reserialized_json_pretty: 'JSON pretty-printed',
  trailing_newline_added: 'trailing newline added',
  trailing_newline_removed: 'trailing newline removed',
  charset_latin1: 'Latin-1 instead of UTF-8',
  signed_decoded_body: 'signed before compressing',
  encoding_base64_vs_hex: 'base64 vs hex',
  encoding_noncanonical: 'non-canonical encoding',
  prefix_missing: 'prefix missing',
  prefix_doubled: 'prefix doubled',
  prefix_unexpected: 'unexpected prefix',
  whsec_literal: 'whsec_ secret used as literal text',
  whsec_decoded: 'whsec_ secret base64-decoded',
  secret_whitespace: 'whitespace around the secret',
  rotated_secret: 'rotated (expired) secret',
  algorithm_sha1: 'SHA-1',
  algorithm_sha256: 'SHA-256',
  algorithm_sha512: 'SHA-512',
  timestamp_ms: 'timestamp in milliseconds',
  timestamp_seconds: 'timestamp in seconds',
  timestamp_mismatch: 'another timestamp signed than sent',
  content_without_id: 'signed content without the id',
  content_without_timestamp: 'signed content without the timestamp',
  content_body_only: 'signed the body only',
  truncated: 'signature cut short',
  no_match: 'no known mistake reproduces it',
  header_repeated: 'signature header sent more than once',
}

/** The mistakes the engine tries before it says none reproduces the signature. */
const TRIED =
  "re-serialized JSON, a trailing newline, another charset, hex vs base64, the prefix, the secret's format, a previous secret, another algorithm, a timestamp in milliseconds, a different signed-content layout, a signature cut short"

/**
 * The diagnosis in one plain sentence. The engine's `no_match` sentence also spells out the
 * signatures and an escaped excerpt of the signed bytes, which the panel shows in its table and
 * sample: here it stays a sentence.
 */
export function diagnosisSentence(diag: Diagnosis): string {
  return diag.code === 'no_match' ? 'No known mistake reproduces the received signature, so the secret probably differs or the body changed on the way.' : diag.sentence
}

function Sample({ text, encoding, bytes, truncated, label }: { text: string; encoding: 'utf8' | 'base64'; bytes?: number; truncated?: boolean; label: string }) {
  return (
    <figure className="sample">
      <figcaption>
        <span>{label}</span>
        <span className="muted">
          {bytes !== undefined && formatBytes(bytes)}
          {encoding === 'base64' && ' · not UTF-8, shown as base64'}
          {truncated && ' · first 64 KiB'}
        </span>
        <CopyButton text={text} />
      </figcaption>
      <pre className="raw-text wrap sample-text">
        <SafeText text={text} strict={encoding === 'utf8'} />
      </pre>
    </figure>
  )
}

const sampleProps = (s: ContentSample) => ({ text: s.text, encoding: s.encoding, bytes: s.bytes, truncated: s.truncated })

/**
 * Why a signature passed or failed: the verdict and its sentence, which secret matched, the
 * signed content, expected vs received signatures, the timestamp, and the diagnosis with its fix.
 */
export function SignaturePanel({ r, inbox, onEditInbox }: { r: RequestDetail; inbox: Inbox | undefined; onEditInbox?: () => void }) {
  const a = r.analysis
  const d = a.details
  const diag = a.diagnosis
  if (a.verdict === 'not_configured') {
    return (
      <div className="signature-panel" data-testid="signature-panel">
        <p className="verdict-line">
          <VerdictBadge verdict={a.verdict} /> {a.reason}
        </p>
        <p className="muted">
          This inbox checks no signature. Choose a provider profile or a scheme and a secret; every stored request is then analysed again.
        </p>
        {onEditInbox && (
          <button type="button" className="btn" onClick={onEditInbox}>
            Set up verification
          </button>
        )}
      </div>
    )
  }
  const expected = d?.expected ?? []
  const received = d?.received ?? []
  return (
    <div className="signature-panel" data-testid="signature-panel">
      <p className="verdict-line" data-testid="signature-verdict">
        <VerdictBadge verdict={a.verdict} ageSec={d?.ageSec} /> <span data-testid="verdict-reason">{a.reason}</span>
      </p>
      {diag && (
        <div className={a.verdict === 'valid' ? 'diagnosis note note-warn' : 'diagnosis note note-err'} data-testid="diagnosis" data-code={diag.code} role="note">
          <p className="diagnosis-sentence" data-testid="diagnosis-sentence" title={`Diagnosis: ${CODE_WORDS[diag.code]} (${diag.code})`}>
            {diagnosisSentence(diag)}
          </p>
          {diag.code === 'no_match' && (
            <p className="muted small" data-testid="diagnosis-tried">
              Tried: {TRIED}. The expected and received signatures and the signed bytes are below.
            </p>
          )}
          <p className="diagnosis-fix">
            <strong>Fix: </strong>
            {diag.fix}
          </p>
          {(diag.secret || diag.also?.length) && (
            <p className="muted small">
              {diag.secret && <>Reproduced with secret {diag.secret}. </>}
              {diag.also?.length ? <>Combined with: {diag.also.map((c) => CODE_WORDS[c] ?? c).join(', ')}.</> : null}
            </p>
          )}
        </div>
      )}
      {!diag && a.diagnosisPending && (
        <p className="muted small" data-testid="diagnosis-pending">
          Why it does not match is not worked out yet: the inbox&apos;s verification changed after this request was analysed. Its re-analysis explains it; open the request again in a moment.
        </p>
      )}
      <dl className="kv sig-kv">
        <div className="kv-row">
          <dt>Scheme</dt>
          <dd>
            {a.scheme ? SIGNING_SCHEME_LABELS[a.scheme] : '—'}
            {a.profileId && <span className="muted"> · profile {a.profileId}</span>}
          </dd>
        </div>
        {d?.signatureHeader && (
          <div className="kv-row">
            <dt>Signature header</dt>
            <dd className="mono">{d.signatureHeader}</dd>
          </div>
        )}
        {d?.template && (
          <div className="kv-row">
            <dt>Signed content</dt>
            <dd className="mono">{d.template}</dd>
          </div>
        )}
        <div className="kv-row">
          <dt>Matched secret</dt>
          <dd data-testid="matched-secret">{a.matchedSecret ?? <span className="muted">none</span>}</dd>
        </div>
        {d?.timestamp !== undefined && (
          <div className="kv-row">
            <dt>Timestamp</dt>
            <dd data-testid="signature-timestamp">
              <span className="mono">{d.timestampText ?? d.timestamp}</span>
              <span className="muted">
                {' '}
                · {timestampDate(d.timestamp)}
                {d.ageSec !== undefined && ` · ${ageWords(d.ageSec)}`}
                {d.toleranceSec !== undefined && ` · tolerance ${d.toleranceSec ? formatDuration(d.toleranceSec * 1000) : 'off'}`}
              </span>
            </dd>
          </div>
        )}
        {d?.id && (
          <div className="kv-row">
            <dt>Message id</dt>
            <dd className="mono">{d.id}</dd>
          </div>
        )}
      </dl>
      {(expected.length > 0 || received.length > 0) && (
        <table className="table sig-table" aria-label="Expected and received signatures">
          <thead>
            <tr>
              <th>Expected (per live secret)</th>
              <th>Received</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: Math.max(expected.length, received.length) }, (_, i) => {
              const e = expected[i]
              const rv = received[i]
              return (
                <tr key={i}>
                  <td className="mono sig-value">
                    {e ? (
                      <>
                        <span className={received.includes(e) ? 'sig-match' : undefined}>{e}</span>
                        {d?.expectedSecrets?.[i] && <span className="muted small"> · secret {d.expectedSecrets[i]}</span>}
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="mono sig-value">{rv ? <span className={expected.includes(rv) ? 'sig-match' : 'sig-nomatch'}>{rv}</span> : <span className="muted">—</span>}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {diag?.expected && diag.expected.length > 0 && !expected.length && (
        <p className="mono small">Expected: {diag.expected.join(', ')}</p>
      )}
      {d?.signedContent !== undefined && (
        <Sample
          label="Bytes the signature must cover"
          text={d.signedContent}
          encoding={d.signedContentEncoding ?? 'utf8'}
          bytes={d.signedContentBytes}
          truncated={d.signedContentTruncated}
        />
      )}
      {diag?.reproducedContent && <Sample label="Bytes the sender actually signed (reproduced)" {...sampleProps(diag.reproducedContent)} />}
      {diag?.signedContent && !d?.signedContent && <Sample label="Signed content" {...sampleProps(diag.signedContent)} />}
      {inbox?.verification && (
        <p className="muted small">
          {(() => {
            const live = inbox.verification.secrets.filter((s) => s.live).length
            return `The inbox holds ${live} live secret${live === 1 ? '' : 's'}; secrets are tried newest first.`
          })()}
        </p>
      )}
    </div>
  )
}
