// The preload: exposes exactly `window.gradscope = { post, onMessage }` to the page through
// contextBridge: a pipe for the channel's frames (contract/channel.ts) on Gradscope's two IPC
// channels and no other. ipcRenderer itself never reaches the page; main checks the sender and
// validates every frame and payload.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_CALL, CHANNEL_EVENT, type PreloadBridge } from '../contract/channels';

const bridge: PreloadBridge = {
  post: (frame) => ipcRenderer.invoke(CHANNEL_CALL, frame),
  onMessage(listener) {
    const relay = (_e: IpcRendererEvent, frame: unknown) => listener(frame);
    ipcRenderer.on(CHANNEL_EVENT, relay);
    return () => {
      ipcRenderer.removeListener(CHANNEL_EVENT, relay);
    };
  },
};

contextBridge.exposeInMainWorld('gradscope', bridge);
