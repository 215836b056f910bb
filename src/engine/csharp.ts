/** The one place that knows about web-tree-sitter: load the C# grammar once, parse, report error spots. */
import fs from 'node:fs';
import path from 'node:path';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node, Tree };

let parserPromise: Promise<Parser> | undefined;

/** The build copies the grammar into dist/grammar/, so an installed tool needs no tree-sitter-c-sharp (and runs no install script). */
function grammarPath(): string {
  const bundled = path.join(__dirname, '..', '..', 'grammar', 'tree-sitter-c_sharp.wasm');
  return fs.existsSync(bundled) ? bundled : require.resolve('tree-sitter-c-sharp/tree-sitter-c_sharp.wasm');
}

export function csharpParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    // Bytes, not a path: given a path, web-tree-sitter reads it through a dynamic import() that jest's CommonJS runtime refuses.
    const language = await Language.load(fs.readFileSync(grammarPath()));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

/** Parses, hands the tree to `use`, and always frees the wasm memory of the tree. */
export async function withTree<T>(text: string, use: (tree: Tree) => T): Promise<T> {
  const parser = await csharpParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

export interface ErrorSpot {
  start: number;
  end: number;
  kind: 'ERROR' | 'MISSING';
}

/** Iterative (like `walk`): a 50,000-term concatenation nests that deep, and JS recursion would overflow the stack. */
export function errorSpots(root: Node): ErrorSpot[] {
  const spots: ErrorSpot[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (!n.hasError && !n.isMissing) continue;
    if (n.isMissing) spots.push({ start: n.startIndex, end: n.endIndex, kind: 'MISSING' });
    else if (n.type === 'ERROR') spots.push({ start: n.startIndex, end: n.endIndex, kind: 'ERROR' });
    const children = n.children;
    for (let i = children.length - 1; i >= 0; i--) if (children[i]) stack.push(children[i]!);
  }
  return spots;
}

/** Depth-first walk in document order; return false from `enter` to skip a subtree. Iterative: trees can be deeper than the JS stack. */
export function walk(node: Node, enter: (n: Node) => boolean | void): void {
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (enter(n) === false) continue;
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) if (children[i]) stack.push(children[i]!);
  }
}
