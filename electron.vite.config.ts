// electron-vite: main (the Electron app, the trainer worker, and the Node entries of the CLI and the
// browser-mode server: one built JavaScript for every way of running), the sandboxed preload (one
// CommonJS file, nothing external but electron), and the Svelte renderer. Output goes to
// out/{main,preload,renderer}, each with build-inputs.json (what it was built from; scripts/build-inputs.mjs).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { buildInputsPlugin } from './scripts/build-inputs.mjs';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    plugins: [buildInputsPlugin(root)],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/index.ts'),
          'trainer-worker': resolve(root, 'src-main/trainer-worker.ts'),
          cli: resolve(root, 'src-main/cli/main.ts'),
          server: resolve(root, 'src-main/server/main.ts'),
        },
        external: [/^@tensorflow\//],
      },
    },
  },
  preload: {
    plugins: [buildInputsPlugin(root)],
    build: {
      outDir: 'out/preload',
      // A sandboxed preload may require only 'electron': bundle everything else into one CJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [svelte(), buildInputsPlugin(root)],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // minified; the views that load chart.js and the heatmaps are separate chunks (src-renderer/views/lazy-views.ts)
      minify: true,
      // the entry (editor, Svelte Flow, zod) is ~550 kB minified; the views come on demand
      chunkSizeWarningLimit: 700,
      rollupOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
