/** The engine's version; kept equal to package.json's "version" (tests/unit/engine.test.ts checks it). */
export const ENGINE_VERSION = '0.1.0';
