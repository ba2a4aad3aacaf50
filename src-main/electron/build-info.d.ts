/** Replaced at build time by electron.vite.config.ts: the ISO date the shell was built. */
declare const __FRONTDOOR_BUILD_DATE__: string;
