/**
 * `global using N;` directives in a project's C# files. They import N into every file of the project, as
 * `<Using Include="N">` items do, but the MSBuild scan cannot see them: the engine adds them to the project's usings
 * before the rules run, so `fileSees` and the library-namespace gate see what the compiler sees.
 */
import fs from 'node:fs';
import { MAX_SOURCE_BYTES } from '../util/limits';

// At the start of a line (they must precede everything but other usings); aliases and `static` import no namespace.
const GLOBAL_USING = /^[ \t]*global[ \t]+using[ \t]+(?:global::)?([A-Za-z_][\w.]*)[ \t]*;/gm;

export function globalUsingsOf(files: readonly string[]): string[] {
  const found = new Set<string>();
  for (const file of files) {
    if (!file.endsWith('.cs')) continue;
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_SOURCE_BYTES) continue;
      text = fs.readFileSync(file, 'latin1').replace(/^\xef\xbb\xbf/, ''); // namespaces are ASCII in practice; any byte decodes; no BOM
    } catch {
      continue; // the file rules report what cannot be read
    }
    if (!text.includes('global')) continue;
    for (const m of text.matchAll(GLOBAL_USING)) found.add(m[1]);
  }
  return [...found].sort();
}
