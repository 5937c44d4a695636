// The Electron transport, seen from the page: the preload's `window.gradscope` bridge, with every
// call's params turned into plain data first. Electron's contextBridge refuses Proxies, and Svelte
// `$state` objects are Proxies: a store object passed straight through would fail in the desktop app
// while browser mode (which serialises to JSON anyway) kept working. The JSON round trip makes both
// transports carry exactly the same data.
import type { GradscopeApi, Method, Params } from '../../src-main/contract/api';

/** A deep copy with no Proxies, functions or class instances left: what JSON would carry. */
export function toPlain<T>(value: T): T {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value)) as T;
}

export function bridgeApi(bridge: GradscopeApi): GradscopeApi {
  return {
    call: <M extends Method>(method: M, params: Params<M>) => bridge.call(method, toPlain(params)),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
