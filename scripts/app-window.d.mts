// Types of scripts/app-window.mjs for the TypeScript tests that import it.
export interface FoundBrowser {
  name: string;
  path: string;
}
export interface Bounds {
  width: number;
  height: number;
  left?: number;
  top?: number;
}
export type Env = Record<string, string | undefined>;
export declare const NO_WINDOW_FLAG: '--no-window';
export declare const DEFAULT_SIZE: Bounds;
export declare function gradscopeHome(env?: Env, home?: string): string;
export declare function noDisplayReason(env?: Env, platform?: string): string | null;
export declare function browserCandidates(env?: Env, platform?: string): FoundBrowser[];
export declare function findBrowser(
  env?: Env,
  platform?: string,
  exists?: (path: string) => boolean,
): { browser: FoundBrowser; why?: undefined } | { browser: null; why: string };
export declare function decideWindow(
  args: readonly string[],
  env?: Env,
  platform?: string,
  exists?: (path: string) => boolean,
): { kind: 'window'; browser: FoundBrowser } | { kind: 'print'; why: string };
export declare function profileDir(home: string, browser: FoundBrowser): string;
export declare function browserArgs(opts: { url: string; profile: string; bounds: Bounds; asRoot?: boolean; devtools?: boolean; wayland?: boolean }): string[];
export declare function savedBounds(preferencesText: string | null): Bounds;
export declare function servedUrl(output: string): string | null;
export declare function startBrowserMode(args: readonly string[]): Promise<number>;
