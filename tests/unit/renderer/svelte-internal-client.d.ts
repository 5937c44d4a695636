// The one function of Svelte's untyped client internals that state-proxy.ts uses.
declare module 'svelte/internal/client' {
  export function proxy<T>(value: T): T;
}
