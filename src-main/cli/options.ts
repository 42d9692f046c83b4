import { InvalidArgumentError } from 'commander'

/** Parses a TCP port flag: 0 asks the OS for a free one. */
export function parsePort(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port: use a whole number from 0 to 65535 (0 picks a free port).`)
  }
  return n
}

export function parsePositiveNumber(value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`"${value}" must be a positive number.`)
  return n
}

/** Collects a repeatable flag into an array. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value]
