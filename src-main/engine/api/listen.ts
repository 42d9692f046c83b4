import { EngineError, PortInUseError } from '../errors'
import { listLanAddresses } from '../network'

/** A listener's address is not one of this machine's; `plane` lets the CLI name the flag. */
export class HostUnavailableError extends EngineError {
  constructor(
    readonly plane: 'control' | 'ingest',
    readonly host: string,
  ) {
    const addresses = ['127.0.0.1', '0.0.0.0', ...listLanAddresses().map((a) => a.address)]
    super('HB_ERR_HOST_UNAVAILABLE', 400, `${host} is not an address of this machine; use one of ${addresses.join(', ')}.`, '/host')
  }
}

/** Listens, turning the two address errors a user can cause into errors that say what to change. */
export async function listenOrExplain(
  app: { listen(o: { host: string; port: number }): Promise<string> },
  host: string,
  port: number,
  plane: 'control' | 'ingest',
): Promise<void> {
  try {
    await app.listen({ host, port })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') throw new PortInUseError(plane, host, port)
    if (code === 'EADDRNOTAVAIL') throw new HostUnavailableError(plane, host)
    throw err
  }
}
