// A Svelte 5 `$state` object as the page holds it. Unit tests compile .svelte.ts for the server,
// where `$state(v)` is just `v`; in the browser it compiles to `$.proxy(v)` from
// svelte/internal/client (see `svelte/compiler` compileModule with generate: 'client'), a deep Proxy.
// eslint-disable-next-line svelte/no-svelte-internal -- the test needs the very proxy the browser build makes; no public API exposes it
import { proxy } from 'svelte/internal/client';

export function stateOf<T extends object>(value: T): T {
  return proxy(value);
}
