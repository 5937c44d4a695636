// The renderer's one API object. In Electron the preload exposes `window.gradscope` (IPC); in a
// browser the same interface runs over a WebSocket to the local Gradscope server.
import './transport-csp';
import { WS_PATH, type GradscopeApi } from '../../src-main/contract/api';
import type { PreloadBridge } from '../../src-main/contract/channels';
import { bridgeApi } from './transport-electron';
import { createWsApi, type ConnectionStatus } from './transport-ws';

declare global {
  interface Window {
    gradscope?: PreloadBridge;
  }
}

export interface PickedApi {
  api: GradscopeApi;
  /** 'open' when calls can go through (always, in Electron) */
  status: () => ConnectionStatus;
  /** be told when the browser-mode connection drops or comes back */
  onStatus: (listener: (s: ConnectionStatus) => void) => () => void;
}

/** The API over the transport this page has (App.svelte calls it once and hands the result down). */
export function pickApi(): PickedApi {
  const preload = typeof window !== 'undefined' ? window.gradscope : undefined;
  if (preload) return { api: bridgeApi(preload), status: () => 'open', onStatus: () => () => undefined };
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = createWsApi(`${scheme}//${location.host}${WS_PATH}`);
  return { api: ws, status: ws.status, onStatus: ws.onStatus };
}

export type { ConnectionStatus };
