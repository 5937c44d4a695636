// Types for what the tests touch of the stand-in Electron (electron.mjs is plain JavaScript because
// Node loads it natively, beside the built app).
export interface ElectronEventLike {
  defaultPrevented: boolean;
}
export interface Frame {
  url: string;
}
export interface LoadedPage {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}
export interface Contents {
  id: number;
  mainFrame: Frame;
  sent: { channel: string; args: unknown[] }[];
  loaded: LoadedPage | null;
  pageRefusesUnload: boolean;
  invoke(channel: string, args: unknown[], frame?: Frame): Promise<unknown>;
  childFrame(url: string): Frame;
  navigate(url: string): boolean;
  openWindow(url: string): { action: string };
  on(event: string, listener: (...args: unknown[]) => void): void;
  off(event: string, listener: (...args: unknown[]) => void): void;
  isDestroyed(): boolean;
}
export interface Window {
  options: { webPreferences?: Record<string, unknown>; show?: boolean };
  webContents: Contents;
  isDestroyed(): boolean;
  isVisible(): boolean;
  close(): void;
}
export interface MenuItem {
  label?: string;
  role?: string;
  accelerator?: string;
  click?: (...args: unknown[]) => void;
  submenu?: { items: MenuItem[] };
}
export interface UtilityChild {
  pid: number | undefined;
  exited: boolean;
  child: { spawnargs: string[] };
}
export interface StandInState {
  ready: boolean;
  quit: boolean;
  lockRequested: boolean;
  paths: Record<string, string>;
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[] | null;
  protocolHandlers: Map<string, (req: Request) => Promise<Response>>;
  windows: Window[];
  openedExternal: string[];
  messageBoxes: { buttons?: string[]; message?: string; cancelId?: number; defaultId?: number }[];
  messageBoxAnswers: number[];
  openDialogAnswers: { canceled: boolean; filePaths: string[] }[];
  dialogsAsked: { kind: string; options: unknown }[];
  headersReceived: ((details: unknown, callback: (r: unknown) => void) => void) | null;
  permissionRequest: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null;
  permissionCheck: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | null;
  devicePermission: ((details: unknown) => boolean) | null;
  utilityProcesses: UtilityChild[];
}
export interface StandInModule {
  standIn: { state: StandInState; ready(): void; menuItem(...labels: string[]): MenuItem };
  app: { quit(): void; on(event: string, listener: (...args: unknown[]) => void): void };
  BrowserWindow: new (options?: unknown) => Window;
}
