/** Text edits: minimal splices at exact offsets, and the checks that keep several rules' edits apart. */

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface OwnedEdit extends Edit {
  ruleId: string;
  /** A heuristic edit: listed for review in the run summary. */
  review?: boolean;
}

export class EditConflictError extends Error {
  constructor(
    readonly file: string,
    readonly a: OwnedEdit,
    readonly b: OwnedEdit,
  ) {
    super(`${file}: edits of ${a.ruleId} [${a.start},${a.end}) and ${b.ruleId} [${b.start},${b.end}) overlap`);
  }
}

/** Sorts, drops exact duplicates (two projects sharing one props file ask for the same edit), rejects overlaps. */
export function normalizeEdits(file: string, edits: OwnedEdit[]): OwnedEdit[] {
  const sorted = [...edits].sort((x, y) => x.start - y.start || x.end - y.end);
  const out: OwnedEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.start === e.start && prev.end === e.end && prev.text === e.text) continue;
    if (prev && (e.start < prev.end || (e.start === prev.start && e.start === e.end && prev.start === prev.end))) {
      throw new EditConflictError(file, prev, e);
    }
    out.push(e);
  }
  return out;
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}
