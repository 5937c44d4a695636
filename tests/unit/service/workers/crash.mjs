// A trainer that dies on its first command, as a crashed trainer process would.
import { parentPort } from 'node:worker_threads';
parentPort.on('message', () => process.exit(3));
