// The preload: exposes exactly `window.gradscope = { call, onEvent }` (a GradscopeApi) to the page
// through contextBridge. ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AppEvent, GradscopeApi } from '../contract/api';
import { CHANNEL_CALL, CHANNEL_EVENT } from '../contract/channels';

const api = {
  call: (method, params) => ipcRenderer.invoke(CHANNEL_CALL, method, params),
  onEvent(listener: (event: AppEvent) => void) {
    const relay = (_e: IpcRendererEvent, event: AppEvent) => listener(event);
    ipcRenderer.on(CHANNEL_EVENT, relay);
    return () => {
      ipcRenderer.removeListener(CHANNEL_EVENT, relay);
    };
  },
} satisfies GradscopeApi;

contextBridge.exposeInMainWorld('gradscope', api);
