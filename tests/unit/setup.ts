// Property tests explore new random cases on every local run; in CI (or with FC_SEED set) they replay one fixed seed so a
// red build is reproducible. A failure prints its seed and path: rerun with FC_SEED=<seed> to replay it.
import fc from 'fast-check';

if (process.env.FC_SEED || process.env.CI) fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261125) });
