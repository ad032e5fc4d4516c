/** Launch arguments for headless Chromium on a closed-network machine. */
export const CHROMIUM_ARGS: string[];
/** Path of the Chromium to use ($CHROMIUM_PATH or /usr/bin/chromium), or null. */
export function findChromium(): string | null;
/** A Chromium path, installing Debian's package when root with apt; exits with advice otherwise. */
export function ensureChromium(): string;
