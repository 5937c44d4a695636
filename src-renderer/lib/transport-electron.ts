// The Electron transport, seen from the page: the channel (contract/channel.ts) over the preload's
// `window.gradscope` pipe. Every frame is turned into plain data first: Electron's contextBridge
// refuses Proxies, and Svelte `$state` objects are Proxies, so a store object passed straight
// through would fail in the desktop app while browser mode (which serialises to JSON) kept working.
// The JSON round trip makes both transports carry exactly the same data.
import type { ApiResult, AppEvent, GradscopeApi, Method, Params, Results } from '../../src-main/contract/api';
import { ChannelClient } from '../../src-main/contract/channel';
import type { PreloadBridge } from '../../src-main/contract/channels';

/** A deep copy with no Proxies, functions or class instances left: what JSON would carry. */
export function toPlain<T>(value: T): T {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value)) as T;
}

export function bridgeApi(bridge: PreloadBridge): GradscopeApi {
  const channel = new ChannelClient<AppEvent>((frame) => {
    void bridge.post(toPlain(frame)).then(
      (reply) => channel.receive(reply),
      (e: unknown) =>
        'id' in frame &&
        channel.receive({
          kind: 'result',
          id: frame.id,
          result: { ok: false, kind: 'lost', error: `the call did not reach Gradscope: ${e instanceof Error ? e.message : String(e)}` },
        }),
    );
    return true;
  });
  bridge.onMessage((frame) => channel.receive(frame));
  return {
    call: <M extends Method>(method: M, params: Params<M>, signal?: AbortSignal) => channel.call(method, params, { signal }) as Promise<ApiResult<Results[M]>>,
    onEvent: (listener) => channel.listen(listener),
  };
}
