// glibc's sin and cos on the only arguments where TA-Lib's output depends on their last bit: the angles of the
// Hilbert-phase DFT (ta_HT_DCPHASE.c, ta_HT_SINE.c, ta_HT_TRENDMODE.c), angle(d, i) = (i·(8·atan 1))/d for
// 1 ≤ d ≤ 50 (the rounded smoothed period, clamped to 6..50 by the period update) and 0 ≤ i < d — 1275 (d, i)
// pairs, 803 distinct doubles. On a flat price series the DFT sums are pure rounding noise and the phase is
// atan(noise/noise), so every bit of every sin/cos term matters.
// Reference: glibc 2.36 sysdeps/ieee754/dbl-64/s_sin.c as x86-64 runs it (the ifunc picks the FMA+AVX2 build on
// CPUs that have them, as this project's machines do; the SSE2 build differs on 7 of these angles and TA-Lib
// itself then gives other values on flat series). AssemblyScript's NativeMath (musl) agrees with it on all
// angles but the 34 listed below, where glibc's result is one ulp away (neither is always correctly rounded:
// glibc's sin is not on 7 of them). The table is exhaustive: tests/unit/indicators/cycle.test.ts compares all
// 2550 values with python3's math module (glibc's libm). The other libm calls of those functions (atan of the
// phase and period ratios, sin of the phase) differ from glibc's by at most one ulp with no amplification, so
// they stay NativeMath's.
// NOT re-exported by index.ts. The table is static data, filled once per instance on first use: kernels stay
// allocation-free.

/** Largest DFT length: TA-Lib's period is clamped to 6..50, so int(smoothPeriod + 0.5) ≤ 50. */
export const DFT_MAX: i32 = 50;
// sin/cos of angle(d, i) at index d·(d−1)/2 + i.
const DFT_SIZE: i32 = (DFT_MAX * (DFT_MAX + 1)) >> 1;
const DFT_SIN: usize = memory.data(DFT_SIZE * 8);
const DFT_COS: usize = memory.data(DFT_SIZE * 8);
let dftReady = false;

// (angle bits, glibc's result bits) where glibc's sin differs from NativeMath.sin, angles ascending.
const SIN_FIX_COUNT: i32 = 18;
const SIN_FIX: usize = memory.data<u64>([
  0x3fe4ccacafab2e26, 0x3fe35d9650d47853, // sin(0.6499846869496124) = 0.6051742151937652
  0x3fe9f18790ca8121, 0x3fe73180a4b0d2ff, // sin(0.8107335880231724) = 0.7247927872291199
  0x4000c152382d7366, 0x3febb67ae8584ca9, // sin(2.0943951023931957) = 0.8660254037844385
  0x400129f05285f955, 0x3feadc14e1d4278f, // sin(2.145477909768639) = 0.83936542613195
  0x4001475cc9eedf00, 0x3fea9b66290ea1a5, // sin(2.1598449493429825) = 0.8314696123025455
  0x400284d42324c2e9, 0x3fe78b0cdee73e11, // sin(2.3148577447503738) = 0.7357239106731318
  0x40039da4f0991cf4, 0x3fe45c191c43d4e9, // sin(2.451974754021302) = 0.6362424423265597
  0x400b4977458bd930, 0xbfd106bf67cf5a0f, // sin(3.4108720238974897) = -0.266036845566675
  0x400e6c81152a1ba3, 0xbfe3a7a16b39441f, // sin(3.802980580661328) = -0.6142127126896674
  0x400ffcb43cb3dc4e, 0xbfe82f19bb3a28a3, // sin(3.9983906500233735) = -0.7557495743542585
  0x4010909431b89216, 0xbfeaeb8c8764f0ba, // sin(4.141190316095637) = -0.8412535328311812
  0x4010c152382d7365, 0xbfebb67ae8584ca8, // sin(4.1887902047863905) = -0.8660254037844384
  0x40115a82dec15c17, 0xbfedc9b7be64378f, // sin(4.338389854957334) = -0.9308737486442044
  0x40147a80ef53fed1, 0xbfed6206beb6c24c, // sin(5.1196324725167) = -0.9182161068802741
  0x40150ea22401c4ea, 0xbfeb3fba08c4fb1d, // sin(5.264290392501815) = -0.8515291377333117
  0x4015e91cbf9de5ac, 0xbfe7141727a4610b, // sin(5.47764872933605) = -0.7212024473438147
  0x401646d8f36af96c, 0xbfe4f49e7f77588b, // sin(5.569186976818269) = -0.6548607339452855
  0x4018961cd26f373f, 0xbfc16de8a4564f00, // sin(6.1465943222409) = -0.13616664909624632
]);

// (angle bits, glibc's result bits) where glibc's cos differs from NativeMath.cos, angles ascending.
const COS_FIX_COUNT: i32 = 16;
const COS_FIX: usize = memory.data<u64>([
  0x3fd17bd03a9ebb32, 0x3feed037ea3d2dbb, // cos(0.2731819698773733) = 0.9629172873477992
  0x3fee98ac6695c798, 0x3fe2742a4a775cfb, // cos(0.9561368945708066) = 0.5766803221148672
  0x3ff197c987c952c4, 0x3fdd0e2e2b44de01, // cos(1.0995574287564276) = 0.4539904997395468
  0x3ffaf8c2cad287ce, 0xbfbd5be4997ab8f2, // cos(1.685732643389645) = -0.11468342539840018
  0x40005616905f83b6, 0xbfdd0e2e2b44ddff, // cos(2.0420352248333655) = -0.4539904997395467
  0x4001a92d267518c5, 0xbfe3073c27aafe0f, // cos(2.2076056484685034) = -0.5946331763042866
  0x4002ab87806d28d0, 0xbfe61d2f6a9c57bf, // cos(2.3337545426667035) = -0.6910626489868646
  0x4002fd3b0c77c70d, 0xbfe704d4e6a54d39, // cos(2.3736477827122884) = -0.7193398003386512
  0x400310f3a10794f7, 0xbfe73b5ae5db4e0e, // cos(2.3832771854819117) = -0.7259954919231306
  0x40037525ac97e0d9, 0xbfe847bf1d5146cc, // cos(2.4322007640695174) = -0.7587581226927909
  0x400d276b38c9f6df, 0xbfec0ab44e81c058, // cos(3.6442474781641603) = -0.8763066800438635
  0x400dbfbbc70254b9, 0xbfead19e2535aa97, // cos(3.7186198756777142) = -0.8380881048918408
  0x400e28c731eb6950, 0xbfe9e3779b97f4a9, // cos(3.7699111843077517) = -0.8090169943749476
  0x400f2a232b0cdbc1, 0xbfe753b603d2b818, // cos(3.895574890451343) = -0.7289686274214118
  0x40131f6bc01d9cbf, 0x3fb17855b599f3b9, // cos(4.780684472854033) = 0.06824241336467098
  0x40162d0aefffeb8d, 0x3fe7a5f6075d487f, // cos(5.543987035746693) = 0.7390089172206585
]);

/** `fallback`, or the listed glibc result when `angle`'s bits are in the (angle, result) list at `fix`. */
function fixed(fix: usize, count: i32, angle: f64, fallback: f64): f64 {
  const bits = reinterpret<u64>(angle);
  for (let k = 0; k < count; k++) {
    const p = fix + (<usize>k << 4);
    if (load<u64>(p) == bits) return reinterpret<f64>(load<u64>(p, 8));
  }
  return fallback;
}

/** Fills the sin/cos table once: NativeMath's value, replaced by glibc's on the listed angles. */
function dftFill(): void {
  const constDeg2RadBy360 = Math.atan(1) * 8.0;
  let k = 0;
  for (let d = 1; d <= DFT_MAX; d++) {
    const div = <f64>d;
    for (let i = 0; i < d; i++, k++) {
      const angle = (<f64>i * constDeg2RadBy360) / div;
      store<f64>(DFT_SIN + (<usize>k << 3), fixed(SIN_FIX, SIN_FIX_COUNT, angle, Math.sin(angle)));
      store<f64>(DFT_COS + (<usize>k << 3), fixed(COS_FIX, COS_FIX_COUNT, angle, Math.cos(angle)));
    }
  }
  dftReady = true;
}

/**
 * Address of glibc's sin((i·8·atan 1)/d) for i = 0..d−1 (consecutive f64), 1 ≤ d ≤ DFT_MAX: TA-Lib's
 * std_sin of its DFT angle, bit for bit.
 */
export function dftSinRow(d: i32): usize {
  if (!dftReady) dftFill();
  return DFT_SIN + (<usize>((d * (d - 1)) >> 1) << 3);
}

/** Address of glibc's cos((i·8·atan 1)/d) for i = 0..d−1, as dftSinRow. */
export function dftCosRow(d: i32): usize {
  if (!dftReady) dftFill();
  return DFT_COS + (<usize>((d * (d - 1)) >> 1) << 3);
}
