import { contextBridge } from 'electron';

// The kiosk page talks to the hub over HTTP like every other screen; it only needs to know it is in the shell.
contextBridge.exposeInMainWorld('frontDoorShell', Object.freeze({ kind: 'electron' }));
