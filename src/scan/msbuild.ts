/**
 * Evaluates an SDK-style project the way MSBuild does for the parts that decide package versions and
 * frameworks: the implicit Directory.Build.props / Directory.Packages.props / Directory.Build.targets
 * imports, explicit <Import>s, <Choose>, conditions, then items (Include / Update / Remove) with the
 * final property values. It records where every value was declared so edits land there.
 */
import path from 'node:path';
import type { Site } from './model';
import { attr, parseXml, type XmlElement } from './xml';
import { evaluateCondition, expand, frameworkIdentifier, frameworkVersion, UnknownExpression, type Lookup, type PathFunctions } from './condition';
import { FileView, msbuildPath } from './vfs';
import { lineCol } from '../util/text';

export interface PropertyRecord {
  name: string;
  value: string;
  raw: string;
  site?: Site; // the element's text content
}

export interface MetadataRecord {
  raw: string;
  value: string;
  site: Site;
  origin: 'attribute' | 'element';
}

export interface ItemRecord {
  type: string;
  id: string;
  idSite: Site;
  metadata: Map<string, MetadataRecord>; // keys lower-case
  /** `Update=` attributes that named this item later on (a rename must change them too). */
  updateSites: Site[];
}

export interface Evaluation {
  properties: Map<string, PropertyRecord>; // keys lower-case
  items: ItemRecord[];
  files: string[];
  notes: string[];
}

export const MAX_PROPERTY_CHARS = 1_000_000;

const ITEM_TYPES = new Set(['packagereference', 'packageversion', 'globalpackagereference', 'using', 'projectreference', 'compile']);

export function evaluateProject(projectPath: string, view: FileView, globals: Record<string, string> = {}): Evaluation {
  const ev = new Evaluator(projectPath, view, globals);
  return ev.run();
}

class Evaluator {
  private readonly props = new Map<string, PropertyRecord>();
  private readonly globals: Map<string, string>;
  private readonly pendingItems: { group: XmlElement; file: string }[] = [];
  private readonly files: string[] = [];
  private readonly notes: string[] = [];
  private readonly texts = new Map<string, string>();
  private thisFile = '';
  private readonly pathFns: PathFunctions;

  constructor(
    private readonly project: string,
    private readonly view: FileView,
    globals: Record<string, string>,
  ) {
    this.globals = new Map(Object.entries(globals).map(([k, v]) => [k.toLowerCase(), v]));
    this.pathFns = { pathOfFileAbove: (file, start) => view.fileAbove(file, msbuildPath(start || '.', path.dirname(this.thisFile))) ?? '' };
  }

  run(): Evaluation {
    const dir = path.dirname(this.project);
    const reserved: Record<string, string> = {
      MSBuildProjectDirectory: dir,
      MSBuildProjectFullPath: this.project,
      MSBuildProjectFile: path.basename(this.project),
      MSBuildProjectName: path.basename(this.project, path.extname(this.project)),
      MSBuildProjectExtension: path.extname(this.project),
    };
    for (const [k, v] of Object.entries(reserved)) this.props.set(k.toLowerCase(), { name: k, value: v, raw: v });

    // An SDK project imports Sdk.props first and Sdk.targets last, unless it names those imports itself.
    this.explicitSdk = !this.projectUsesImplicitSdk();
    if (!this.explicitSdk) this.sdkProps();
    this.processFile(this.project);
    if (!this.explicitSdk) this.sdkTargets();

    const items: ItemRecord[] = [];
    for (const { group, file } of this.pendingItems) this.withFile(file, () => this.evaluateItemGroup(group, file, items));
    return { properties: this.props, items, files: this.files, notes: this.notes };
  }

  private explicitSdk = false;

  private projectUsesImplicitSdk(): boolean {
    const root = parseXml(this.project, this.text(this.project)).children.find((c) => c.name === 'Project');
    return !!root && (!!attr(root, 'Sdk') || root.children.some((c) => c.name === 'Sdk'));
  }

  /** What Sdk.props contributes that matters here: Directory.Build.props, then Directory.Packages.props. */
  private sdkProps(): void {
    const dir = path.dirname(this.project);
    this.implicitImport('Directory.Build.props', 'ImportDirectoryBuildProps', dir);
    const custom = this.lookup('DirectoryPackagesPropsPath');
    if (custom && this.lookup('ImportDirectoryPackagesProps')?.toLowerCase() !== 'false') {
      const file = msbuildPath(custom, dir);
      if (this.view.isFile(file)) this.processFile(file);
    } else this.implicitImport('Directory.Packages.props', 'ImportDirectoryPackagesProps', dir);
    if (!this.lookup('Configuration')) this.props.set('configuration', { name: 'Configuration', value: 'Debug', raw: 'Debug' });
  }

  /** What Sdk.targets contributes that matters here: framework inference, then Directory.Build.targets. */
  private sdkTargets(): void {
    const tf = this.lookup('TargetFramework') ?? '';
    const set = (name: string, value: string) => {
      if (!this.lookup(name)) this.props.set(name.toLowerCase(), { name, value, raw: value });
    };
    if (tf) {
      set('TargetFrameworkIdentifier', frameworkIdentifier(tf));
      set('TargetFrameworkVersion', frameworkVersion(tf));
    }
    this.implicitImport('Directory.Build.targets', 'ImportDirectoryBuildTargets', path.dirname(this.project));
  }

  private implicitImport(name: string, switchProperty: string, dir: string): void {
    if (this.lookup(switchProperty)?.toLowerCase() === 'false') return;
    const found = this.view.fileAbove(name, dir);
    if (found) this.processFile(found);
  }

  private lookup: Lookup = (name) => {
    const l = name.toLowerCase();
    if (this.globals.has(l)) return this.globals.get(l);
    if (l === 'msbuildthisfiledirectory') return path.dirname(this.thisFile) + path.sep;
    if (l === 'msbuildthisfile') return path.basename(this.thisFile);
    if (l === 'msbuildthisfilefullpath') return this.thisFile;
    if (l === 'msbuildthisfilename') return path.basename(this.thisFile, path.extname(this.thisFile));
    return this.props.get(l)?.value;
  };

  private withFile<T>(file: string, fn: () => T): T {
    const saved = this.thisFile;
    this.thisFile = file;
    try {
      return fn();
    } finally {
      this.thisFile = saved;
    }
  }

  private text(file: string): string {
    let t = this.texts.get(file);
    if (t === undefined) {
      t = this.view.read(file).text;
      this.texts.set(file, t);
    }
    return t;
  }

  private site(file: string, start: number, end: number): Site {
    return { file, start, end, line: lineCol(this.text(file), start).line };
  }

  private processFile(file: string): void {
    if (this.files.includes(file)) {
      this.notes.push(`${file} is imported more than once; later imports ignored (as MSBuild does, with warning MSB4011)`);
      return;
    }
    this.files.push(file);
    const doc = parseXml(file, this.text(file));
    const projectEl = doc.children.find((c) => c.name === 'Project');
    if (!projectEl) {
      this.notes.push(`${file}: no <Project> root element`);
      return;
    }
    this.withFile(file, () => this.processChildren(projectEl, file));
  }

  private processChildren(parent: XmlElement, file: string): void {
    for (const el of parent.children) {
      switch (el.name) {
        case 'PropertyGroup':
          if (this.condition(el, file)) for (const p of el.children) this.setProperty(p, file);
          break;
        case 'ItemGroup':
          this.pendingItems.push({ group: el, file });
          break;
        case 'Import':
          if (this.condition(el, file)) this.processImport(el, file);
          break;
        case 'Choose':
          this.processChoose(el, file);
          break;
        case 'ImportGroup':
          if (this.condition(el, file)) for (const i of el.children.filter((c) => c.name === 'Import')) if (this.condition(i, file)) this.processImport(i, file);
          break;
      }
    }
  }

  private processChoose(choose: XmlElement, file: string): void {
    for (const branch of choose.children) {
      if (branch.name === 'When' && !this.condition(branch, file)) continue;
      if (branch.name !== 'When' && branch.name !== 'Otherwise') continue;
      this.processChildren(branch, file);
      return;
    }
  }

  private processImport(el: XmlElement, file: string): void {
    const project = attr(el, 'Project');
    if (!project) return;
    if (attr(el, 'Sdk')) {
      if (!this.explicitSdk) return;
      if (/sdk\.props$/i.test(project.value)) this.sdkProps();
      else if (/sdk\.targets$/i.test(project.value)) this.sdkTargets();
      return;
    }
    let target: string;
    try {
      target = expand(project.value, this.lookup, this.pathFns);
    } catch (err) {
      this.note(file, el, `import of ${project.value} not followed: ${(err as Error).message}`);
      return;
    }
    if (!target.trim()) return;
    if (/[*?]/.test(target)) {
      for (const match of this.wildcard(target, path.dirname(file))) this.processFile(match);
      return;
    }
    const resolved = msbuildPath(target, path.dirname(file));
    if (!this.view.isFile(resolved)) {
      if (!/\$\(MSBuild(ExtensionsPath|ToolsPath|SDKsPath|BinPath)/i.test(project.value)) this.note(file, el, `imported file ${target} does not exist`);
      return;
    }
    this.processFile(resolved);
  }

  /** Files matching a wildcard in the last path segment, in the order MSBuild imports them (sorted). */
  private wildcard(pattern: string, baseDir: string): string[] {
    const full = msbuildPath(pattern, baseDir);
    const dir = path.dirname(full);
    if (/[*?]/.test(dir)) return [];
    const re = new RegExp(`^${path.basename(full).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    let names: string[] = [];
    try {
      names = require('node:fs').readdirSync(dir);
    } catch {
      return [];
    }
    return names.filter((n) => re.test(n)).sort().map((n) => path.join(dir, n)).filter((f) => this.view.isFile(f));
  }

  private setProperty(el: XmlElement, file: string): void {
    if (!this.condition(el, file)) return;
    const name = el.name;
    if (this.globals.has(name.toLowerCase())) return; // global properties cannot be overridden
    const raw = el.text?.value ?? '';
    let value: string;
    try {
      value = expand(raw.trim(), this.lookup, this.pathFns);
    } catch (err) {
      this.note(file, el, `property ${name} = '${raw.trim()}' not evaluated: ${(err as Error).message}`);
      value = '';
    }
    if (value.length > MAX_PROPERTY_CHARS) {
      // A property that doubles itself forty times would need gigabytes: the same attack as a DTD's entity expansion.
      this.note(file, el, `property ${name} is longer than ${MAX_PROPERTY_CHARS} characters; treated as empty`);
      value = '';
    }
    const lead = raw.length - raw.trimStart().length;
    const site = el.text ? this.site(file, el.text.start + lead, el.text.start + lead + raw.trim().length) : undefined;
    this.props.set(name.toLowerCase(), { name, value, raw: raw.trim(), site });
  }

  private condition(el: XmlElement, file: string): boolean {
    const c = attr(el, 'Condition');
    if (!c || !c.value.trim()) return true;
    try {
      return evaluateCondition(c.value, this.lookup, (p) => this.view.exists(msbuildPath(p, path.dirname(file))), this.pathFns);
    } catch (err) {
      if (!(err instanceof UnknownExpression)) throw err;
      this.note(file, el, `condition "${c.value}" not understood (${err.message}); treated as false`);
      return false;
    }
  }

  private note(file: string, el: XmlElement, message: string): void {
    const line = lineCol(this.text(file), el.start).line;
    const text = `${file}:${line}: ${message}`;
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  private evaluateItemGroup(group: XmlElement, file: string, items: ItemRecord[]): void {
    if (!this.condition(group, file)) return;
    for (const el of group.children) {
      if (!ITEM_TYPES.has(el.name.toLowerCase()) || !this.condition(el, file)) continue;
      const type = el.name;
      const include = attr(el, 'Include');
      const update = attr(el, 'Update');
      const remove = attr(el, 'Remove');
      const spec = include ?? update ?? remove;
      if (!spec) continue;
      for (const { id, start } of this.splitIds(spec.value, file, el)) {
        const idSite = this.site(file, spec.valueStart + start, spec.valueStart + start + id.length);
        const matches = (i: ItemRecord) => i.type.toLowerCase() === type.toLowerCase() && i.id.toLowerCase() === id.toLowerCase();
        if (spec === remove) {
          for (let i = items.length - 1; i >= 0; i--) if (matches(items[i])) items.splice(i, 1);
          continue;
        }
        const metadata = this.metadata(el, file);
        if (spec === update) {
          for (const item of items.filter(matches)) {
            for (const [k, v] of metadata) item.metadata.set(k, v);
            item.updateSites.push(idSite);
          }
        } else {
          items.push({ type, id, idSite, metadata, updateSites: [] });
        }
      }
    }
  }

  private splitIds(value: string, file: string, el: XmlElement): { id: string; start: number }[] {
    if (el.name === 'ProjectReference') value = this.tryExpand(value);
    if (value.includes('$(') || value.includes('@(')) {
      this.note(file, el, `item ${value} uses properties or item lists; not followed`);
      return [];
    }
    const out: { id: string; start: number }[] = [];
    let offset = 0;
    for (const part of value.split(';')) {
      const id = part.trim();
      if (id) out.push({ id, start: offset + part.indexOf(id) });
      offset += part.length + 1;
    }
    return out;
  }

  private tryExpand(value: string): string {
    try {
      return expand(value, this.lookup, this.pathFns);
    } catch {
      return value;
    }
  }

  private metadata(el: XmlElement, file: string): Map<string, MetadataRecord> {
    const md = new Map<string, MetadataRecord>();
    const skip = new Set(['include', 'update', 'remove', 'exclude', 'condition']);
    const add = (name: string, raw: string, start: number, end: number, origin: MetadataRecord['origin']) => {
      let value: string;
      try {
        value = expand(raw.trim(), this.lookup, this.pathFns);
      } catch (err) {
        this.note(file, el, `${name} = '${raw}' not evaluated: ${(err as Error).message}`);
        return;
      }
      md.set(name.toLowerCase(), { raw: raw.trim(), value, site: this.site(file, start, end), origin });
    };
    for (const a of el.attrs) if (!skip.has(a.name.toLowerCase())) add(a.name, a.value, a.valueStart, a.valueEnd, 'attribute');
    for (const child of el.children) {
      if (!child.text || !this.condition(child, file)) continue;
      const lead = child.text.value.length - child.text.value.trimStart().length;
      const trimmed = child.text.value.trim();
      add(child.name, child.text.value, child.text.start + lead, child.text.start + lead + trimmed.length, 'element');
    }
    return md;
  }
}
