/** The file view the scanner reads: the disk, with in-memory texts from earlier hops laid over it. */
import fs from 'node:fs';
import path from 'node:path';
import { decode, type TextFile } from '../util/text';
import { readSourceFile } from '../util/limits';
import { XmlError } from './xml';

/**
 * What the disk holds, asked once: nothing on disk changes while a run plans (writes come after), so the views of
 * every hop of one run share it. One per run, never longer (a later run must see the disk afresh).
 */
export class DiskCache {
  readonly texts = new Map<string, TextFile | Error>();
  readonly files = new Map<string, boolean>();
}

export class FileView {
  constructor(
    private readonly overlay: ReadonlyMap<string, string> = new Map(),
    private readonly disk: DiskCache = new DiskCache(),
  ) {}

  exists(file: string): boolean {
    return this.overlay.has(file) || fs.existsSync(file);
  }

  isFile(file: string): boolean {
    if (this.overlay.has(file)) return true;
    let known = this.disk.files.get(file);
    if (known === undefined) {
      try {
        known = fs.statSync(file).isFile();
      } catch {
        known = false;
      }
      this.disk.files.set(file, known);
    }
    return known;
  }

  /** Decoded text; throws with the file name when it cannot be decoded losslessly. */
  read(file: string): TextFile {
    let hit = this.disk.texts.get(file);
    if (!hit) {
      const raw = readSourceFile(file, { followLinks: true });
      const decoded = raw.ok ? decode(raw.bytes) : raw;
      hit = decoded.ok ? decoded.file : new XmlError(file, 1, decoded.reason);
      this.disk.texts.set(file, hit);
    }
    if (hit instanceof Error) throw hit;
    const over = this.overlay.get(file);
    return over === undefined ? hit : { ...hit, text: over };
  }

  /** [MSBuild]::GetPathOfFileAbove: the file in startDir or the nearest directory above it. */
  fileAbove(name: string, startDir: string): string | undefined {
    let dir = path.resolve(startDir);
    for (;;) {
      const candidate = path.join(dir, name);
      if (this.isFile(candidate)) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

/** MSBuild paths use `\` on every platform; make them usable here. */
export function msbuildPath(p: string, baseDir: string): string {
  const unix = p.trim().replace(/\\/g, '/');
  return path.resolve(baseDir, unix);
}
