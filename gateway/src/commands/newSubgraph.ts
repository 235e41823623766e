import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { subgraphCodegenTarget } from '../../../lib/codegenTarget';
import { DEFAULT_DOMAIN_FILE, domainFromFile } from '../domain/domainConfig';
import { printLine, type CommandIo } from './commandIo';

/** Help text of the `new-subgraph` command. */
export const NEW_SUBGRAPH_HELP = `customer-context-gateway new-subgraph NAME [--port N] [--dir DIR] [--templates DIR] [--no-codegen]

Scaffolds a working subgraph by filling the templates ({{name}}, {{Name}}, {{NAME}},
{{port}} in file names and text); the bundled ones (scaffold/subgraph) write this
repository's layout and extend its main entity:
  subgraphs/NAME/{codegen.json, src/{index.ts, context.ts, schema.graphql, seed/index.ts,
  migrations/0001_NAME.sql, modules/NAME/{repository,loaders,resolvers}.ts}},
  test/unit/NAME/NAME.test.ts; adds NAME to schema/supergraph.yaml, to
  subgraphs/registry.ts and, with its port, to subgraphs/subgraphPorts.ts; then generates
  its resolver types (src/generated/graphql.ts).
  NAME             lowercase letters and digits, starting with a letter (it is also the
                   PostgreSQL schema name and the NAME_PORT variable's prefix)
  --port N         default port (default: one above the highest in supergraph.yaml)
  --dir DIR        repository root to write into (default .)
  --templates DIR  the templates (default: \`scaffold.templates\` of DIR/schema/domain.json,
                   relative to DIR; else the bundled scaffold/subgraph)
  --no-codegen     skip type generation; run \`npm run codegen\` before starting it
Then: npm run compose, and see docs/adding-a-subgraph.md.
Exit codes: 0 written, 2 bad usage (invalid or existing name, no repository at DIR).`;

const NAME = /^[a-z][a-z0-9]*$/;

/** The bundled templates: scaffold/subgraph at this package's root. */
const BUNDLED_TEMPLATES = resolve(__dirname, '../../../scaffold/subgraph');

/** Placeholder values for one subgraph. */
interface Names {
  name: string;
  Name: string;
  NAME: string;
  port: string;
}

/**
 * The `new-subgraph` command. Returns the exit code; progress lines go to `io.stdout`,
 * and `--dir` is read against `io.cwd`.
 */
export async function runNewSubgraph(args: string[], io: CommandIo): Promise<number> {
  const print = (line: string): void => printLine(io.stdout, line);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      dir: { type: 'string', default: '.' },
      templates: { type: 'string' },
      'no-codegen': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    print(NEW_SUBGRAPH_HELP);
    return 0;
  }
  const root = resolve(io.cwd, values.dir);
  const yamlPath = join(root, 'schema/supergraph.yaml');
  const templates = templatesDir(root, values.templates);
  const problem =
    usageProblem(positionals, root, yamlPath, values.port) ??
    (typeof templates !== 'string'
      ? templates.problem
      : existsSync(templates)
        ? null
        : `no templates at ${templates}`);
  if (problem !== null || typeof templates !== 'string') {
    printLine(io.stderr, `new-subgraph: ${problem}\n\n${NEW_SUBGRAPH_HELP}`);
    return 2;
  }
  const name = positionals[0] ?? '';
  const yaml = readFileSync(yamlPath, 'utf8');
  const names: Names = {
    name,
    Name: name.charAt(0).toUpperCase() + name.slice(1),
    NAME: name.toUpperCase(),
    port: values.port ?? String(nextPort(yaml)),
  };
  for (const file of templateFiles(templates)) {
    const target = join(root, fill(relative(templates, file).replace(/\.tmpl$/, ''), names));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await formatted(target, fill(readFileSync(file, 'utf8'), names)));
    print(`wrote ${relative(root, target)}`);
  }
  writeFileSync(yamlPath, addToSupergraphYaml(yaml, names));
  print('added it to schema/supergraph.yaml');
  const registryPath = join(root, 'subgraphs/registry.ts');
  if (existsSync(registryPath)) {
    const updated = addToRegistry(readFileSync(registryPath, 'utf8'), name);
    if (updated) {
      writeFileSync(registryPath, updated);
      print('added it to subgraphs/registry.ts');
    } else {
      print(`subgraphs/registry.ts: add \`${name}Subgraph\` (./${name}/src) by hand`);
    }
  }
  const portsPath = join(root, 'subgraphs/subgraphPorts.ts');
  if (existsSync(portsPath)) {
    const updated = addToSubgraphPorts(readFileSync(portsPath, 'utf8'), name, names.port);
    if (updated) {
      writeFileSync(portsPath, updated);
      print('added its port to subgraphs/subgraphPorts.ts');
    } else {
      print(`subgraphs/subgraphPorts.ts: add \`${name}: ${names.port}\` by hand`);
    }
  }
  if (!values['no-codegen']) {
    await generateTypes(root, name);
    print(`generated subgraphs/${name}/src/generated/graphql.ts`);
  }
  return 0;
}

/**
 * The templates folder: `--templates`, else `scaffold.templates` of the domain file in
 * `root` (both relative to `root`), else the bundled ones; `{ problem }` when the domain
 * file cannot be read.
 */
function templatesDir(root: string, option: string | undefined): string | { problem: string } {
  if (option !== undefined) return resolve(root, option);
  const domainFile = join(root, DEFAULT_DOMAIN_FILE);
  if (!existsSync(domainFile)) return BUNDLED_TEMPLATES;
  try {
    const configured = domainFromFile(domainFile).scaffold?.templates;
    return configured === undefined ? BUNDLED_TEMPLATES : resolve(root, configured);
  } catch (error) {
    return { problem: `${domainFile}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Why the arguments cannot be used, or null when they can. */
function usageProblem(
  positionals: string[],
  root: string,
  yamlPath: string,
  port: string | undefined,
): string | null {
  const name = positionals[0];
  if (positionals.length !== 1 || !name) return 'give exactly one NAME';
  if (!NAME.test(name)) {
    return `invalid name ${JSON.stringify(name)}: use lowercase letters and digits, starting with a letter`;
  }
  if (!existsSync(yamlPath)) return `no schema/supergraph.yaml under ${root}`;
  if (existsSync(join(root, 'subgraphs', name))) return `subgraphs/${name} already exists`;
  if (new RegExp(`^  ${name}:`, 'm').test(readFileSync(yamlPath, 'utf8'))) {
    return `${name} is already in schema/supergraph.yaml`;
  }
  if (port !== undefined && !/^\d{2,5}$/.test(port))
    return `invalid --port ${JSON.stringify(port)}`;
  return null;
}

/** Every template file under `dir`, recursively, in a stable order. */
function templateFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return templateFiles(path);
      return path.endsWith('.tmpl') ? [path] : [];
    });
}

/** `text` with every `{{placeholder}}` replaced. */
function fill(text: string, names: Names): string {
  return text.replace(/\{\{(name|Name|NAME|port)\}\}/g, (_match, key: keyof Names) => names[key]);
}

/** One above the highest `localhost:PORT` in supergraph.yaml (4001 when none). */
function nextPort(yaml: string): number {
  const ports = [...yaml.matchAll(/localhost:(\d+)/g)].map((match) => Number(match[1]));
  return ports.length > 0 ? Math.max(...ports) + 1 : 4001;
}

/** supergraph.yaml with the new subgraph appended to `subgraphs:`. */
export function addToSupergraphYaml(yaml: string, names: Pick<Names, 'name' | 'port'>): string {
  return (
    `${yaml.trimEnd()}\n  ${names.name}:\n` +
    `    routing_url: http://localhost:${names.port}/graphql\n` +
    `    schema:\n      file: ../subgraphs/${names.name}/src/schema.graphql\n`
  );
}

/**
 * registry.ts with the subgraph imported and appended to `SUBGRAPHS`, or null when
 * the file does not have the expected shape.
 */
export function addToRegistry(source: string, name: string): string | null {
  const list = /(export const SUBGRAPHS[^=]*= \[\n(?:[^\]]*\n)?)(\];)/;
  const lastImport = /^(import [^\n]*\n)(?![\s\S]*^import )/m;
  if (!list.test(source) || !lastImport.test(source)) return null;
  return source
    .replace(lastImport, `$1import { ${name}Subgraph } from './${name}/src';\n`)
    .replace(list, `$1  ${name}Subgraph,\n$2`);
}

/**
 * subgraphPorts.ts with `name: port` appended to `SUBGRAPH_PORTS`, or null when the
 * file does not have the expected shape.
 */
export function addToSubgraphPorts(source: string, name: string, port: string): string | null {
  const list = /(export const SUBGRAPH_PORTS[^=]*= Object\.freeze\(\{\n(?:[^}]*\n)?)(\}\);)/;
  if (!list.test(source)) return null;
  return source.replace(list, `$1  ${name}: ${port},\n$2`);
}

/**
 * Generates `subgraphs/NAME/src/generated/graphql.ts` exactly as `npm run codegen`
 * does (codegen.ts) for this one subgraph, formatted with the repository's Prettier.
 */
async function generateTypes(root: string, name: string): Promise<void> {
  const { generate } = await import('@graphql-codegen/cli');
  // generate() is typed `any`; with saveToFile false it returns the files it made.
  const outputs = (await generate(
    {
      cwd: root,
      overwrite: true,
      silent: true,
      // Plugins resolve from this installation, so DIR needs no node_modules of its own.
      pluginLoader: (plugin: string) => import(plugin) as Promise<never>,
      generates: Object.fromEntries([subgraphCodegenTarget(root, name)]),
    },
    false,
  )) as { filename: string; content: string }[];
  for (const output of outputs) {
    const path = resolve(root, output.filename);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await formatted(path, output.content));
  }
}

/**
 * `text` formatted by Prettier as the repository configures it, so the scaffold passes
 * `npm run lint` whatever the name's length; files Prettier does not know stay as they are.
 */
async function formatted(path: string, text: string): Promise<string> {
  const prettier = await import('prettier');
  const info = await prettier.getFileInfo(path);
  if (!info.inferredParser) return text;
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, filepath: path });
}
