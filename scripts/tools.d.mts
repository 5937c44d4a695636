// Types of scripts/tools.mjs for the TypeScript tests and scripts that import it.
export declare const root: string;
export declare const bin: { electronVite: string; vitest: string; tsc: string; svelteCheck: string };
export declare function run(command: string, args: string[], options?: object): Promise<number>;
export declare function buildAll(options?: { quiet?: boolean }): Promise<number>;
export declare function canBuild(): boolean;
export declare function staleness(targets?: Array<'main' | 'preload' | 'renderer'>): string | null;
export declare function ensureBuilt(targets: Array<'main' | 'preload' | 'renderer'>, options?: { quiet?: boolean }): Promise<number>;
export declare function electronBinary(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): { path: string | null; why: string | null };
export declare function notBuilt(what: string): string;
