/** The file view the scanner reads: the disk, with in-memory texts from earlier hops laid over it. */
import fs from 'node:fs';
import path from 'node:path';
import { decode, type TextFile } from '../util/text';
import { readSourceFile } from '../util/limits';
import { XmlError } from './xml';

export class FileView {
  private readonly cache = new Map<string, TextFile | Error>();
  constructor(private readonly overlay: ReadonlyMap<string, string> = new Map()) {}

  exists(file: string): boolean {
    return this.overlay.has(file) || fs.existsSync(file);
  }

  isFile(file: string): boolean {
    if (this.overlay.has(file)) return true;
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  }

  /** Decoded text; throws with the file name when it cannot be decoded losslessly. */
  read(file: string): TextFile {
    let hit = this.cache.get(file);
    if (!hit) {
      const raw = readSourceFile(file, { followLinks: true });
      const decoded = raw.ok ? decode(raw.bytes) : raw;
      hit = decoded.ok ? decoded.file : new XmlError(file, 1, decoded.reason);
      this.cache.set(file, hit);
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
