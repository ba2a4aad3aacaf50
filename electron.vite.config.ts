import react from '@vitejs/plugin-react';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The packaged kiosk: the Electron shell (main + preload) and the same screens the hub serves. */
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    define: { __FRONTDOOR_BUILD_DATE__: JSON.stringify(new Date().toISOString()) },
    build: { outDir: here('./out/main'), lib: { entry: here('./src-main/electron/main.ts'), formats: ['es'] } },
  },
  preload: {
    // Sandboxed preloads cannot require other files, so it is bundled whole.
    build: { outDir: here('./out/preload'), lib: { entry: here('./src-main/electron/preload.ts'), formats: ['cjs'] } },
  },
  renderer: {
    root: here('./src-renderer'),
    plugins: [react()],
    build: { outDir: here('./out/renderer'), rollupOptions: { input: here('./src-renderer/index.html') } },
  },
});
