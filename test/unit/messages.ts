// Helpers for tests that read a matcher's failure message: the message without ANSI colours.

/** The text without ANSI colour codes. */
export function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colours
  return text.replace(/\u001b\[\d+m/g, '')
}

/** The plain message of the assertion `f` makes, which must fail. */
export function messageOf(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    return plain((e as Error).message)
  }
  throw new Error('expected the assertion to fail')
}

/** The plain message of an async assertion (a promise, or a function returning one), which must fail. */
export async function asyncMessageOf(p: unknown): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (e) {
    return plain((e as Error).message)
  }
  throw new Error('expected the assertion to fail')
}
