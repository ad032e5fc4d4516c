// Kernels of this group, re-exported by assembly/index.ts: export only kernels and their lookbacks.
