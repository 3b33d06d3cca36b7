import { contextBridge, ipcRenderer } from 'electron';
import { INVOKE_CHANNEL } from './ipc';

// The renderer's only way out: `window.standoff.invoke(method, input)`. No Node, no
// ipcRenderer, no arbitrary channels reach the page.
contextBridge.exposeInMainWorld('standoff', {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, method, input),
});
