import type { Plugin } from 'vite';
export declare const MANIFEST: string;
export declare const CONFIG_FILES: string[];
export declare function sourcePath(id: string, root: string): string | null;
export declare function buildInputsPlugin(root: string): Plugin;
export declare function targetStaleness(root: string, target: 'main' | 'preload' | 'renderer'): string | null;
