// Progress while paging through long listings: one self-overwriting line on stderr, only on a terminal, so
// pipes and scripts get clean output.

/** Where progress goes: a stream that may be a TTY. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Reports `label: done/total jobs` at most every 100 ms, and clears the line when done. */
export function createProgress(stream: ProgressStream, now: () => number = Date.now) {
  const enabled = stream.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(label: string, done: number, total: number) {
      if (!enabled) return;
      const t = now();
      if (t - last < 100 && done < total) return;
      last = t;
      shown = true;
      stream.write(`\r\x1b[K${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} jobs`);
    },
    clear() {
      if (enabled && shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
