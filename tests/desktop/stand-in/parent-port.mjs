// Loaded with --import into the stand-in's utility processes: Electron's `process.parentPort`, an
// EventEmitter whose 'message' events carry { data, ports }. As in Electron, messages that arrive
// before a 'message' listener exists are queued and delivered once one is added.
import { EventEmitter } from 'node:events';

const port = new EventEmitter();
const queued = [];
const deliver = (data) => port.emit('message', { data, ports: [] });

process.on('message', (data) => {
  if (port.listenerCount('message') > 0) deliver(data);
  else queued.push(data);
});
port.on('newListener', (name) => {
  if (name !== 'message' || queued.length === 0) return;
  setImmediate(() => {
    for (const data of queued.splice(0)) deliver(data);
  });
});
port.postMessage = (message) => process.send(message);

Object.defineProperty(process, 'parentPort', { value: port, enumerable: false });
