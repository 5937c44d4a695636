// The trainer process entry. Runs as a Node worker_threads worker (parentPort; messages arrive as the
// data itself) or as an Electron utilityProcess (process.parentPort; messages arrive as { data }).
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { ChannelServer, eventFrame, type ReplyFrame } from './contract/channel';
import { parseRequestFrame } from './contract/request-frame';
import { activationsView } from './lesson/activations-view';
import type { TrainerEvent } from './contract/events';
import type { LoadDataset } from './data/dataset-types';
import {
  createTrainerService,
  type ComputeActivations,
  type ComputeLandscape,
  type ComputeSurface,
  type ExportModel,
  type KeepModel,
  type LoadKeptModel,
  type MeasureEnsemble,
} from './trainer/trainer-service';

interface Port {
  post(message: ReplyFrame<TrainerEvent>): void;
  onMessage(listener: (data: unknown) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

function connect(): Port | null {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return { post: (m) => electronPort.postMessage(m), onMessage: (l) => electronPort.on('message', (e) => l(e.data)) };
  }
  if (parentPort) {
    const port = parentPort;
    return { post: (m) => port.postMessage(m), onMessage: (l) => port.on('message', l) };
  }
  return null;
}

// The trainer process's entry composes the trainer with the data loaders, the model exporter and the
// surface lab (data/, export/ and lesson/ sit on floors around the trainer, see .dependency-cruiser.cjs);
// each loads on first use.
const loadDataset: LoadDataset = async (...args) => (await import('./data/index')).loadDataset(...args);
const exportModel: ExportModel = async (model, dir, metadata) => (await import('./export/tfjs-layers')).exportModel(model, dir, metadata);
const keepModel: KeepModel = async (...args) => (await import('./export/kept-model')).writeKeptModel(...args);
const loadKeptModel: LoadKeptModel = async (dir) => (await import('./export/kept-model')).readKeptModel(dir);
const computeSurface: ComputeSurface = async (req, signal) => (await import('./lesson/surface-view')).computeSurfaceForRequest(req, signal);
// statically imported: it is synchronous (a tensor computation on a model the trainer already holds)
const computeActivations: ComputeActivations = activationsView;
const computeLandscape: ComputeLandscape = async (...args) => (await import('./lesson/landscape')).computeLandscape(...args);
const measureEnsemble: MeasureEnsemble = async (...args) => (await import('./lesson/dropout-ensemble')).measureOnDataset(...args);

/** Tests may point the worker at another dataset loader module (exporting loadDataset). */
function datasetLoader(): LoadDataset {
  const mod = (workerData as { datasetModule?: string } | null)?.datasetModule;
  if (!mod) return loadDataset;
  const url = mod.startsWith('file:') ? mod : pathToFileURL(mod).href;
  return async (...args) => ((await import(url)) as { loadDataset: LoadDataset }).loadDataset(...args);
}

const port = connect();
if (!port) {
  console.error('gradscope trainer: start me as a worker thread or an Electron utilityProcess');
  process.exitCode = 1;
} else {
  const service = createTrainerService({
    post: (event) => port.post(eventFrame(event)),
    loadDataset: datasetLoader(),
    exportModel,
    keepModel,
    loadKeptModel,
    computeSurface,
    computeActivations,
    computeLandscape,
    measureEnsemble,
  });
  const channel = new ChannelServer((method, params, signal) => service.call(method, params, signal));
  port.onMessage((data) => {
    const frame = parseRequestFrame(data);
    if (frame.kind === 'reply') return port.post(frame.message as ReplyFrame<never>);
    void channel.receive(frame.request).then((reply) => reply && port.post(reply));
  });
}
