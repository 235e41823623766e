import { Writable } from 'node:stream';
import { createLogger } from '../../../lib/logger';

/** A logger writing into an array of lines, as the tests' log capture does. */
function capturing(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: createLogger({ name: 'test', destination }) };
}

/** What node-postgres throws for a value PostgreSQL refuses: the value is in `where`/`detail`. */
function postgresError(): Error {
  return Object.assign(new Error('invalid input syntax for type json'), {
    code: '22P02',
    where: 'JSON data, line 1: {"topic":"call me at +14155550134 \\ud800',
    detail: 'Key (value)=(dana.reyes@example.com) already exists.',
  });
}

describe('log redaction', () => {
  it('keeps the data a PostgreSQL error quotes out of the line, and its code in', () => {
    const { lines, logger } = capturing();
    logger.error({ err: postgresError() }, 'unexpected resolver error');
    logger.error({ err: new Error('wrapped', { cause: postgresError() }) }, 'wrapped');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain('4155550134');
      expect(line).not.toContain('dana.reyes@example.com');
    }
    expect(lines[0]).toContain('22P02');
  });
});
