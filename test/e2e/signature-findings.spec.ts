import { createHmac } from 'node:crypto'
import { expect, test } from './fixtures'
import { post, postRaw, RequestsPage, stripeSignature } from './pages/requests'

const SECRET = 'whsec_e2e_signature_findings'

/** What a wrong signature looks like in the Signature tab: the verdict, its reason, the diagnosis. */
test.describe('signature findings in the request detail', () => {
  test('a Stripe t= in milliseconds reads future-dated and looks like milliseconds, with a short age', async ({ app, engine }) => {
    const { body: inbox } = await engine.call('POST', '/api/inboxes', { name: 'Stripe ms', verification: { profileId: 'stripe', secrets: [SECRET] } })
    const body = JSON.stringify({ id: 'evt_ms_timestamp', type: 'invoice.paid', data: { object: { id: 'in_1' } } })
    await post(inbox.url, body, { 'stripe-signature': stripeSignature(SECRET, body, Date.now()) })

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('evt_ms_timestamp')
    await requests.tab(/^Signature/)
    const verdict = app.getByTestId('signature-verdict')
    await expect(verdict.locator('.badge')).toHaveText('future-dated')
    await expect(app.getByTestId('detail-verdict')).toHaveText('future-dated')
    await expect(app.getByTestId('verdict-reason')).toContainText('is far in the future, beyond the 5 min tolerance: it looks like milliseconds where this scheme expects unix seconds.')
    await expect(app.getByTestId('diagnosis')).toHaveAttribute('data-code', 'timestamp_ms')
    await expect(app.getByTestId('signature-timestamp')).toContainText(/· [\d,]+ years in the future/)
    await expect(app.getByTestId('signature-timestamp')).not.toContainText(' h in the future')
    // The list says the same as the detail, for a row loaded with the page and for one that arrives live.
    await expect(requests.row('evt_ms_timestamp').getByTestId('row-verdict')).toHaveText('future-dated')
    const live = JSON.stringify({ id: 'evt_ms_live', type: 'invoice.paid', data: { object: { id: 'in_2' } } })
    await post(inbox.url, live, { 'stripe-signature': stripeSignature(SECRET, live, Date.now()) })
    await expect(requests.row('evt_ms_live').getByTestId('row-verdict')).toHaveText('future-dated')
    // An old timestamp is still stale.
    const old = JSON.stringify({ id: 'evt_old_timestamp', type: 'invoice.paid', data: { object: { id: 'in_3' } } })
    await post(inbox.url, old, { 'stripe-signature': stripeSignature(SECRET, old, Math.floor(Date.now() / 1000) - 3600) })
    await expect(requests.row('evt_old_timestamp').getByTestId('row-verdict')).toHaveText('stale')
  })

  test('a TaskHub signature cut short is said to be cut short, and the beginning of the expected one', async ({ app, engine }) => {
    const secret = 'taskhub_e2e_secret'
    const { body: inbox } = await engine.call('POST', '/api/inboxes', { name: 'TaskHub cut', verification: { profileId: 'taskhub', secrets: [secret] } })
    const body = JSON.stringify({ event: 'task.created', timestamp: '2026-01-01T00:00:00Z', webhook_id: 'wh_cut', data: { id: 'task_cut_short' } })
    const digest = createHmac('sha256', secret).update(body).digest('hex')
    await post(`${inbox.url}/cut-short`, body, { 'x-webhook-signature': `sha256=${digest.slice(0, 20)}`, 'x-webhook-id': 'wh_cut', 'x-webhook-timestamp': String(Math.floor(Date.now() / 1000)) })

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('/cut-short')
    await requests.tab(/^Signature/)
    const diagnosis = app.getByTestId('diagnosis')
    await expect(diagnosis).toHaveAttribute('data-code', 'truncated')
    await expect(app.getByTestId('diagnosis-sentence')).toContainText('The signature in X-Webhook-Signature is 20 hex characters after "sha256="; HMAC-SHA256 in hex is 64. It was cut short')
    await expect(app.getByTestId('diagnosis-sentence')).toContainText('What arrived is the beginning of the expected value, so the secret and the signed bytes are right')
    await expect(app.getByTestId('diagnosis-sentence')).toHaveAttribute('title', 'Diagnosis: signature cut short (truncated)')
    await expect(diagnosis).not.toContainText('No known mistake')
  })

  test('a signature header sent twice stays valid, and the Signature tab warns that a handler sees the two lines joined', async ({ app, engine }) => {
    const secret = 'workestra_e2e_secret'
    const { body: inbox } = await engine.call('POST', '/api/inboxes', { name: 'Workestra twice', verification: { profileId: 'workestra', secrets: [secret] } })
    const body = JSON.stringify({ id: 'evt_sent_twice', type: 'deal.created', data: { id: 'deal_1' } })
    const right = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
    await postRaw(`${inbox.url}/twice`, body, { 'x-workestra-signature': [right, 'sha256=abc'] })

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('evt_sent_twice')
    await expect(requests.verdict()).toHaveText('valid')
    await expect(app.getByTestId('verdict-callout')).toHaveCount(0)
    await requests.tab('Signature ⚠')
    const diagnosis = app.getByTestId('diagnosis')
    await expect(diagnosis).toHaveAttribute('data-code', 'header_repeated')
    await expect(diagnosis).toHaveClass(/note-warn/)
    await expect(app.getByTestId('diagnosis-sentence')).toContainText('The X-Workestra-Signature header arrived 2 times.')
    await expect(app.getByTestId('diagnosis-sentence')).toContainText(`sees "${right.slice(0, 28)}…${right.slice(-11)}, sha256=abc", which is not one signature, and rejects the request.`)
    await expect(diagnosis).toContainText('Fix: Send X-Workestra-Signature once, with one signature ("sha256=<hex digest>").')
  })

  test('a Standard Webhooks header with no v1 entry is malformed and says what a valid one holds', async ({ app, engine }) => {
    const { body: inbox } = await engine.call('POST', '/api/inboxes', { name: 'SW junk', verification: { profileId: 'standard-webhooks', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] } })
    const body = JSON.stringify({ type: 'user.created', data: { id: 'usr_junk_signature' } })
    await post(`${inbox.url}/junk-signature`, body, { 'webhook-id': 'msg_junk', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'garbage' })

    const requests = new RequestsPage(app)
    await app.goto(`${engine.ui.split('?')[0]}#/inboxes/${inbox.id}`)
    await requests.open('/junk-signature')
    await expect(requests.verdict()).toHaveText('malformed')
    await requests.tab(/^Signature/)
    await expect(app.getByTestId('verdict-reason')).toHaveText(
      'The webhook-signature header holds no "v1,<base64>" signature (found "garbage"); it should hold "v1,<base64>" signatures separated by spaces.',
    )
  })
})
