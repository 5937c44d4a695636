// Loaded by Node itself (vitest.desktop.config.ts marks it external), so the import() below is
// Node's own: the built app's files load exactly as Node (and Electron) would load them, and Node's
// module-resolution hooks (stand-in/hooks.mjs) apply.
export const nativeImport = (url) => import(url);
