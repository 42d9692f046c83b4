import { Fragment } from 'react'

/**
 * An event type such as `customer.subscription.created`: in a narrow column it breaks after a
 * dot (never inside a word), so it reads whole on two lines instead of ending in an ellipsis.
 */
export function DottedName({ name }: { name: string }) {
  const parts = name.split('.')
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && (
            <>
              .<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  )
}
