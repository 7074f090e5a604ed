/** Test support: waiting for something to become true, the one way every test and launcher polls. */

/** Polls `condition` every `everyMs` until it holds; throws after `timeoutMs`, naming `what`. Returns how long it took. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMsOrOptions: number | { timeoutMs?: number; everyMs?: number; what?: string } = {},
): Promise<number> {
  const {
    timeoutMs = 10_000,
    everyMs = 20,
    what = "the condition",
  } = typeof timeoutMsOrOptions === "number" ? { timeoutMs: timeoutMsOrOptions } : timeoutMsOrOptions;
  const started = Date.now();
  for (;;) {
    // a check that throws (a server not up yet) counts as "not yet"
    if (
      await Promise.resolve()
        .then(condition)
        .catch(() => false)
    )
      return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
