import { runCli } from './cli';
import { processIo } from './commands/commandIo';

// Listens; nothing else. A negative code means "keep running" (a server started).
runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
