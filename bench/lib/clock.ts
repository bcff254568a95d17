// One clock for every bench process: CLOCK_MONOTONIC (process.hrtime) is system-wide on Linux, so
// a time taken in the sender process and one taken in a socket process can be subtracted.
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
