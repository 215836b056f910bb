/**
 * Progress on a terminal: one line on stderr, rewritten in place (files looked at / total, per hop), throttled,
 * erased when done. Nothing at all when stderr is not a terminal, so pipes and logs stay clean; stdout is never used.
 */
import type { Progress } from '../engine/run';

export interface ProgressSink {
  write: (s: string) => void;
  isTty: boolean;
}

export interface ProgressLine {
  hop: (p: Progress) => void;
  read: (label: string, done: number, total: number) => void;
  done: () => void;
}

export function progressLine(sink: ProgressSink, now: () => number = Date.now, intervalMs = 80): ProgressLine {
  if (!sink.isTty) return { hop: () => undefined, read: () => undefined, done: () => undefined };
  let last = -Infinity;
  let shown = false;
  const show = (text: string, force: boolean) => {
    const t = now();
    if (!force && t - last < intervalMs) return;
    last = t;
    shown = true;
    sink.write(`\r\x1b[2K${text}`);
  };
  return {
    hop(p) {
      const step = p.step.startsWith('fixup:') ? `${p.step.slice(6).replace('-', ' → ')} fix-ups` : p.step.replace('-', ' → ');
      show(`idsrv-codemod: ${step}: ${p.done}/${p.total} files`, p.done === p.total);
    },
    read(label, done, total) {
      show(`idsrv-codemod: ${label}: ${done}/${total}`, done === total);
    },
    done() {
      if (shown) sink.write('\r\x1b[2K');
      shown = false;
    },
  };
}
