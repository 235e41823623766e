import { resolve } from 'node:path';

const TYPESCRIPT = /\.[cm]?ts$/;

/**
 * Loads a module the operator names on the command line (`--policies FILE`,
 * `--input-limits FILE`). JavaScript loads with plain node. TypeScript loads when the
 * process already runs through tsx (a checkout of the repository), else through tsx when
 * it is installed, else when node itself strips types (Node 22.18+); otherwise the error
 * says to compile the file or install tsx.
 */
export function loadOperatorModule(file: string): unknown {
  const path = resolve(file);
  if (TYPESCRIPT.test(path) && !require.extensions['.ts']) registerTsx();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path) as unknown;
  } catch (error) {
    if (!TYPESCRIPT.test(path) || require.extensions['.ts']) throw error;
    throw new Error(
      `${file} is TypeScript, which this node cannot load: compile it to JavaScript or install tsx (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function registerTsx(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('tsx/cjs/api') as { register(): unknown }).register();
  } catch {
    // No tsx: node may still strip the types itself.
  }
}
