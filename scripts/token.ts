import { processIo } from '../gateway/src/commands/commandIo';
import { runToken } from './runToken';

// `npm run token`: the only part that reads the process; the command is runToken.
runToken(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
