// A trainer that accepts commands and never answers (hung).
import { parentPort } from 'node:worker_threads';
parentPort.on('message', () => undefined);
