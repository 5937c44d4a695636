// A stand-in for the `electron` module, for loading the BUILT main process (out/main/index.js) under
// plain Node in tests (Electron's own binary cannot run here). It implements the part of Electron's
// main-process API the app uses, with Electron's rules where they matter to the app (privileged
// schemes only before ready, protocol handlers only after, one handler per IPC channel, IPC payloads
// structured-cloned, cancellable close/quit, beforeunload → will-prevent-unload), and it lets a test
// act as the user and the renderer: make the app ready, click menu items, answer dialogs, invoke IPC
// from a chosen frame, navigate, open windows, close, quit. The trainer's utilityProcess is a real
// child process whose `process.parentPort` queues messages as Electron's does (parent-port.mjs).
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';

class ElectronEvent {
  defaultPrevented = false;
  preventDefault() {
    this.defaultPrevented = true;
  }
}

const state = {
  ready: false,
  quitting: false,
  quit: false,
  lockRequested: false,
  paths: /** @type {Record<string, string>} */ ({}),
  privilegedSchemes: /** @type {unknown[] | null} */ (null),
  protocolHandlers: new Map(),
  ipcHandlers: new Map(),
  windows: /** @type {BrowserWindow[]} */ ([]),
  applicationMenu: /** @type {Menu | null} */ (null),
  openedExternal: /** @type {string[]} */ ([]),
  messageBoxes: /** @type {unknown[]} */ ([]),
  messageBoxAnswers: /** @type {number[]} */ ([]),
  openDialogAnswers: /** @type {{ canceled: boolean, filePaths: string[] }[]} */ ([]),
  saveDialogAnswers: /** @type {{ canceled: boolean, filePath?: string }[]} */ ([]),
  dialogsAsked: /** @type {{ kind: string, options: unknown }[]} */ ([]),
  headersReceived: /** @type {Function | null} */ (null),
  permissionRequest: /** @type {Function | null} */ (null),
  permissionCheck: /** @type {Function | null} */ (null),
  devicePermission: /** @type {Function | null} */ (null),
  utilityProcesses: /** @type {UtilityProcess[]} */ ([]),
};

let readyResolve = () => {};
const readyPromise = new Promise((resolve) => (readyResolve = resolve));
let nextId = 1;

// ---------------------------------------------------------------- app
class App extends EventEmitter {
  whenReady() {
    return readyPromise;
  }
  isReady() {
    return state.ready;
  }
  getVersion() {
    return '0.0.0-stand-in';
  }
  getName() {
    return 'Gradscope';
  }
  getPath(name) {
    const p = state.paths[name];
    if (!p) throw new Error(`stand-in electron: no path set for app.getPath('${name}')`);
    return p;
  }
  requestSingleInstanceLock() {
    state.lockRequested = true;
    return true;
  }
  /** Electron's order: before-quit, close every window (any may refuse, which cancels the quit), will-quit, quit. */
  quit() {
    if (state.quit) return;
    const before = new ElectronEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    state.quitting = true;
    for (const w of [...state.windows]) w.close();
    if (state.windows.length > 0) {
      state.quitting = false;
      return;
    }
    const will = new ElectronEvent();
    this.emit('will-quit', will);
    if (will.defaultPrevented) {
      state.quitting = false;
      return;
    }
    state.quit = true;
    this.emit('quit', new ElectronEvent(), 0);
  }
  exit() {
    state.quit = true;
  }
}
export const app = new App();

// ---------------------------------------------------------------- frames, webContents, windows
class WebFrameMain {
  constructor(contents, url, parent) {
    this.contents = contents;
    this.url = url;
    this.parent = parent;
    this.routingId = nextId++;
    this.processId = 1;
  }
  get top() {
    return this.parent ? this.parent.top : this;
  }
}

class WebContents extends EventEmitter {
  constructor(window, webPreferences) {
    super();
    this.id = nextId++;
    this.window = window;
    this.webPreferences = webPreferences;
    this.mainFrame = new WebFrameMain(this, '', null);
    this.destroyed = false;
    /** what main sent to the page: { channel, args } */
    this.sent = [];
    /** the last page load: { url, status, headers, body } */
    this.loaded = null;
    this.windowOpenHandler = null;
    /** set by a test: the page's beforeunload handler cancels (App.svelte does with unsaved work) */
    this.pageRefusesUnload = false;
    this.editCommands = [];
    this.session = session.defaultSession;
  }
  async loadURL(url) {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = state.protocolHandlers.get(scheme);
    if (!handler) throw new Error(`stand-in electron: ERR_UNKNOWN_URL_SCHEME (${url}); only schemes given to protocol.handle load`);
    const res = await handler(new Request(url));
    const headers = Object.fromEntries(res.headers.entries());
    this.loaded = { url, status: res.status, headers, body: await res.text() };
    if (res.status !== 200) {
      this.emit('did-fail-load', new ElectronEvent(), -6, `HTTP ${res.status}`, url, true);
      throw new Error(`stand-in electron: ${url} answered ${res.status}`);
    }
    this.mainFrame.url = url;
    this.emit('dom-ready');
    this.emit('did-finish-load');
    this.window.emit('ready-to-show');
  }
  async loadFile(file) {
    throw new Error(`stand-in electron: loadFile(${file}) — the app must load its page from its own scheme, not file://`);
  }
  getURL() {
    return this.mainFrame.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel, ...args) {
    if (this.destroyed) throw new Error('stand-in electron: send() on a destroyed webContents');
    const copy = structuredClone(args);
    this.sent.push({ channel, args: copy });
    this.emit('stand-in:sent', channel, ...copy);
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  undo() {
    this.editCommands.push('undo');
  }
  redo() {
    this.editCommands.push('redo');
  }

  // ---- what the page (or an attacker in it) does, for tests
  /** ipcRenderer.invoke from `frame` (default: the top frame); args are structured-cloned like Electron's IPC. */
  async invoke(channel, args, frame = this.mainFrame) {
    const handler = state.ipcHandlers.get(channel);
    if (!handler) throw new Error(`stand-in electron: no handler registered for '${channel}'`);
    const cloned = structuredClone(args);
    const event = { sender: this, senderFrame: frame, frameId: frame.routingId, processId: frame.processId };
    return structuredClone(await handler(event, ...cloned));
  }
  /** A frame inside the page (an iframe) at `url`. */
  childFrame(url) {
    return new WebFrameMain(this, url, this.mainFrame);
  }
  /** The page tries to navigate; true when main let it. */
  navigate(url) {
    const e = new ElectronEvent();
    this.emit('will-navigate', e, url);
    if (!e.defaultPrevented) this.mainFrame.url = url;
    return !e.defaultPrevented;
  }
  /** window.open / target=_blank from the page: what the window-open handler decided. */
  openWindow(url) {
    if (!this.windowOpenHandler) return { action: 'allow' };
    return this.windowOpenHandler({
      url,
      frameName: '',
      features: '',
      disposition: 'foreground-tab',
      referrer: { url: this.getURL(), policy: 'strict-origin-when-cross-origin' },
    });
  }
  /** Unloading the page: true when it may unload (beforeunload not cancelled, or main overrode it in will-prevent-unload). */
  unload() {
    if (!this.pageRefusesUnload) return true;
    const e = new ElectronEvent();
    this.emit('will-prevent-unload', e);
    return e.defaultPrevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...state.windows];
  }
  static fromWebContents(contents) {
    return state.windows.find((w) => w.webContents === contents) ?? null;
  }
  constructor(options = {}) {
    super();
    if (!state.ready) throw new Error('stand-in electron: BrowserWindow before app ready');
    this.id = nextId++;
    this.options = options;
    this.destroyed = false;
    this.visible = false;
    this.minimized = false;
    this.webContents = new WebContents(this, options.webPreferences ?? {});
    state.windows.push(this);
    app.emit('web-contents-created', new ElectronEvent(), this.webContents);
    app.emit('browser-window-created', new ElectronEvent(), this);
  }
  loadURL(url) {
    return this.webContents.loadURL(url);
  }
  loadFile(file) {
    return this.webContents.loadFile(file);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  isVisible() {
    return this.visible;
  }
  restore() {
    this.minimized = false;
  }
  focus() {}
  show() {
    this.visible = true;
  }
  /** Electron: 'close' (cancellable), then the page's beforeunload, then 'closed'. */
  close() {
    if (this.destroyed) return;
    const e = new ElectronEvent();
    this.emit('close', e);
    if (e.defaultPrevented) return;
    if (!this.webContents.unload()) return;
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    state.windows = state.windows.filter((w) => w !== this);
    this.emit('closed');
    if (state.windows.length === 0 && !state.quitting) app.emit('window-all-closed');
  }
}

// ---------------------------------------------------------------- ipcMain, Menu, dialog, shell
export const ipcMain = {
  handle(channel, handler) {
    if (state.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    state.ipcHandlers.set(channel, handler);
  },
  removeHandler(channel) {
    state.ipcHandlers.delete(channel);
  },
  on() {
    throw new Error('stand-in electron: ipcMain.on is not used by the app');
  },
};

export class Menu {
  static buildFromTemplate(template) {
    return new Menu(template);
  }
  static setApplicationMenu(menu) {
    state.applicationMenu = menu;
  }
  static getApplicationMenu() {
    return state.applicationMenu;
  }
  constructor(template) {
    this.items = template.map((t) => ({ ...t, submenu: Array.isArray(t.submenu) ? new Menu(t.submenu) : t.submenu }));
  }
}

function answer(queue, kind, options, fallback) {
  state.dialogsAsked.push({ kind, options });
  return queue.length > 0 ? queue.shift() : fallback;
}
const optionsOf = (a, b) => (b === undefined ? a : b);
export const dialog = {
  async showOpenDialog(a, b) {
    return answer(state.openDialogAnswers, 'open', optionsOf(a, b), { canceled: true, filePaths: [] });
  },
  async showSaveDialog(a, b) {
    return answer(state.saveDialogAnswers, 'save', optionsOf(a, b), { canceled: true });
  },
  showMessageBoxSync(a, b) {
    const options = optionsOf(a, b);
    state.messageBoxes.push(options);
    return state.messageBoxAnswers.length > 0 ? state.messageBoxAnswers.shift() : (options.cancelId ?? 0);
  },
  showErrorBox(title, content) {
    state.messageBoxes.push({ title, content });
  },
};

export const shell = {
  async openExternal(url) {
    state.openedExternal.push(url);
  },
};

// ---------------------------------------------------------------- protocol, session
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (state.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    state.privilegedSchemes = structuredClone(schemes);
  },
  handle(scheme, handler) {
    if (!state.ready) throw new Error('protocol.handle may only be used after app is ready');
    if (state.protocolHandlers.has(scheme)) throw new Error(`protocol '${scheme}' is already handled`);
    state.protocolHandlers.set(scheme, handler);
  },
  isProtocolHandled(scheme) {
    return state.protocolHandlers.has(scheme);
  },
};

export const session = {
  defaultSession: {
    protocol,
    webRequest: {
      onHeadersReceived(listener) {
        state.headersReceived = listener;
      },
    },
    setPermissionRequestHandler(handler) {
      state.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler) {
      state.permissionCheck = handler;
    },
    setDevicePermissionHandler(handler) {
      state.devicePermission = handler;
    },
  },
};

// ---------------------------------------------------------------- utilityProcess
const parentPortBootstrap = new URL('./parent-port.mjs', import.meta.url).href;

class UtilityProcess extends EventEmitter {
  constructor(modulePath, args, options) {
    super();
    this.options = options;
    this.exited = false;
    this.child = fork(modulePath, args, {
      execArgv: ['--import', parentPortBootstrap],
      serialization: 'advanced',
      stdio: options?.stdio === 'inherit' ? 'inherit' : 'pipe',
      env: { ...process.env, ...(options?.env ?? {}) },
    });
    this.pid = undefined;
    this.child.on('spawn', () => {
      this.pid = this.child.pid;
      this.emit('spawn');
    });
    this.child.on('message', (m) => this.emit('message', m));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.pid = undefined;
      this.emit('exit', code ?? (signal ? 1 : 0));
    });
  }
  postMessage(message) {
    if (!this.exited) this.child.send(message);
  }
  kill() {
    return this.child.kill();
  }
}

export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    if (!state.ready) throw new Error('utilityProcess.fork may only be used after app is ready');
    const p = new UtilityProcess(modulePath, args, options);
    state.utilityProcesses.push(p);
    return p;
  },
};

// ---------------------------------------------------------------- the test's handle
export const standIn = {
  state,
  /** The app becomes ready (Electron: 'will-finish-launching', then 'ready'). */
  ready() {
    state.ready = true;
    app.emit('will-finish-launching');
    app.emit('ready', new ElectronEvent(), {});
    readyResolve();
  },
  /** The menu item with this label path, e.g. menuItem('File', 'Save'). */
  menuItem(...labels) {
    let menu = state.applicationMenu;
    let item;
    for (const label of labels) {
      item = menu?.items.find((i) => (i.label ?? '').replace('&', '') === label);
      if (!item) throw new Error(`stand-in electron: no menu item ${labels.join(' ▸ ')}`);
      menu = item.submenu;
    }
    return item;
  },
};

export default { app, BrowserWindow, ipcMain, Menu, dialog, shell, protocol, session, utilityProcess };
