/** The one place that knows about web-tree-sitter: load the C# grammar once, parse, report error spots. */
import fs from 'node:fs';
import path from 'node:path';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node, Parser, Tree };

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
    rememberNodeTypes(language);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

/** What the parser did in this process (for `npm run bench`). */
export const parseStats = { parses: 0 };

/** The one call that parses C#: counted, so that the benchmark can report parses per file. */
export function parseCsharp(parser: Parser, text: string): Tree | undefined {
  parseStats.parses++;
  const tree = parser.parse(text);
  if (!tree) return undefined;
  // One root Node object per tree: web-tree-sitter caches a node's children on the Node object, so every rule (and
  // every later hop given the same tree) walks JS arrays instead of asking wasm again; `rootNode` makes a new one each time.
  Object.defineProperty(tree, 'rootNode', { value: tree.rootNode });
  return tree;
}

/**
 * A node's type never changes, but web-tree-sitter's `type` getter asks wasm on every read; rules read it on every node
 * they walk. Remember it on the node the first time.
 */
function rememberNodeTypes(language: Language): void {
  const probe = new Parser();
  probe.setLanguage(language);
  const sample = probe.parse('class A {}');
  const proto = sample ? Object.getPrototypeOf(sample.rootNode) : undefined;
  sample?.delete();
  probe.delete();
  const getter = proto && Object.getOwnPropertyDescriptor(proto, 'type')?.get;
  if (!getter) return;
  Object.defineProperty(proto, 'type', {
    configurable: true,
    get(this: Node) {
      const type = getter.call(this) as string;
      Object.defineProperty(this, 'type', { value: type });
      return type;
    },
  });
}

/** Parses, hands the tree to `use`, and always frees the wasm memory of the tree. */
export async function withTree<T>(text: string, use: (tree: Tree) => T): Promise<T> {
  const parser = await csharpParser();
  const tree = parseCsharp(parser, text);
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

/**
 * Depth-first walk over the named nodes below and including `node`, in document order; return false from `enter` to
 * skip a subtree. Iterative (an explicit stack), so deep trees cannot overflow the call stack. `namedChildren` is the
 * cheapest way down in web-tree-sitter: a tree cursor costs several calls into wasm per anonymous token as well.
 */
export function walk(node: Node, enter: (n: Node) => boolean | void): void {
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (enter(n) === false) continue;
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c) stack.push(c);
    }
  }
}
