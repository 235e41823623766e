import DataLoader from 'dataloader';
import type { Queryable } from '../../../subgraphs/shared/db';
import { lazyLoaders } from '../../../subgraphs/shared/loaders';

/** A database that answers every statement with its own text and counts them. */
function echoDatabase(): Queryable & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    async query<R extends object>(text: string): Promise<R[]> {
      statements.push(text);
      return [{ text } as unknown as R];
    },
  };
}

let built: string[] = [];

const notes = (db: Queryable) => {
  built.push('notes');
  return {
    noteById: new DataLoader(async (ids: readonly string[]) => {
      const [row] = await db.query<{ text: string }>('notes');
      return ids.map((id) => `${row!.text}:${id}`);
    }),
    notesByCase: new DataLoader(async (ids: readonly string[]) => ids.map(() => [])),
  };
};
const cases = (db: Queryable) => {
  built.push('cases');
  return {
    caseById: new DataLoader(async (ids: readonly string[]) => {
      await db.query('cases');
      return ids.map((id) => id);
    }),
  };
};

type Loaders = ReturnType<typeof notes> & ReturnType<typeof cases>;

describe('lazyLoaders', () => {
  beforeEach(() => {
    built = [];
  });

  it('builds a module’s loaders only when a resolver first asks for one of them', async () => {
    const create = lazyLoaders<Loaders>([notes, cases]);
    built = [];
    const db = echoDatabase();
    const loaders = create(db);
    expect(built).toEqual([]);
    await expect(loaders.noteById.load('n1')).resolves.toBe('notes:n1');
    expect(built).toEqual(['notes']);
    // The same set for the rest of the request: same instances, same cache, one build.
    expect(loaders.notesByCase).toBe(loaders.notesByCase);
    expect(loaders.noteById).toBe(loaders.noteById);
    await loaders.noteById.load('n1');
    expect(db.statements).toEqual(['notes']);
    expect(built).toEqual(['notes']);
    await loaders.caseById.load('c1');
    expect(built).toEqual(['notes', 'cases']);
  });

  it('gives every request its own loaders over its own database', async () => {
    const create = lazyLoaders<Loaders>([notes, cases]);
    const first = echoDatabase();
    const second = echoDatabase();
    const a = create(first);
    const b = create(second);
    expect(a.noteById).not.toBe(b.noteById);
    await a.noteById.load('n1');
    await b.noteById.load('n1');
    expect(first.statements).toEqual(['notes']);
    expect(second.statements).toEqual(['notes']);
  });

  it('lists every loader name, as the spread set did', () => {
    const loaders = lazyLoaders<Loaders>([notes, cases])(echoDatabase());
    const names: string[] = [];
    for (const name in loaders) names.push(name);
    expect(names).toEqual(expect.arrayContaining(['noteById', 'notesByCase', 'caseById']));
  });

  it('refuses two modules that define the same loader name', () => {
    const again = () => ({ caseById: new DataLoader(async (ids: readonly string[]) => ids) });
    expect(() => lazyLoaders([cases, again])).toThrow('loader "caseById" is defined twice');
  });

  it('refuses a factory that uses the database while building its loaders', () => {
    const eager = (db: Queryable) => {
      void db.query('SELECT 1');
      return {};
    };
    expect(() => lazyLoaders([eager])).toThrow('used the database while building');
  });
});
