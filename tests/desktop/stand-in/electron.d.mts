// Types of the stand-in Electron for TypeScript callers (what the tests touch is in types.ts).
import type { StandInModule } from './types';
export declare const standIn: StandInModule['standIn'];
export declare const app: StandInModule['app'];
export declare const BrowserWindow: StandInModule['BrowserWindow'];
export declare const ipcMain: unknown;
export declare const Menu: unknown;
export declare const dialog: unknown;
export declare const shell: unknown;
export declare const protocol: unknown;
export declare const session: unknown;
export declare const utilityProcess: unknown;
