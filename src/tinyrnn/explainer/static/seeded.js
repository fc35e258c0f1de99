/* Seeded random weights, the same numbers as tinyrnn.LSTMCell(I, H, seed=s).params.
 *
 * Python's random.Random(seed) is the Mersenne Twister MT19937 seeded with
 * init_by_array(the 32-bit words of |seed|); random() takes 53 bits from two
 * outputs; uniform(a, b) = a + (b − a)·random(). tinyrnn.params.init_params
 * draws uniform(−1/√H, 1/√H) key by key (in the layout's order), row by row.
 */
(function (TinyRNN) {
  "use strict";

  const N = 624, M = 397, UPPER = 0x80000000, LOWER = 0x7fffffff, MATRIX_A = 0x9908b0df;

  function MersenneTwister(seed) {
    this.mt = new Uint32Array(N);
    this.index = N;
    const key = [];
    let n = Math.abs(seed);
    do {
      key.push(n % 0x100000000);
      n = Math.floor(n / 0x100000000);
    } while (n > 0);
    this.initByArray(key);
  }

  MersenneTwister.prototype.initGenrand = function (s) {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
  };

  MersenneTwister.prototype.initByArray = function (key) {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1, j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    }
    mt[0] = 0x80000000;
  };

  MersenneTwister.prototype.uint32 = function () {
    const mt = this.mt;
    if (this.index >= N) {
      let kk = 0, y;
      for (; kk < N - M; kk++) {
        y = (mt[kk] & UPPER) | (mt[kk + 1] & LOWER);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        y = (mt[kk] & UPPER) | (mt[kk + 1] & LOWER);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      y = (mt[N - 1] & UPPER) | (mt[0] & LOWER);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };

  // random(): 53 random bits in [0, 1), as Python's random.random().
  MersenneTwister.prototype.random = function () {
    const a = this.uint32() >>> 5, b = this.uint32() >>> 6;
    return (a * 67108864 + b) * (1 / 9007199254740992);
  };

  MersenneTwister.prototype.uniform = function (a, b) {
    return a + (b - a) * this.random();
  };

  /* The columns of a parameter of shape "hx" (H + I), "x" (I), "h" (H); "b" (a bias) and "p" (a peephole)
   * are vectors of H numbers. */
  const VECTORS = new Set(["b", "p"]);
  function columns(shape, H, I) {
    return { hx: H + I, x: I, h: H }[shape];
  }

  /* tinyrnn.params.init_params(layout, H, I, random.Random(seed)); `layout` is {name: shape}, in order. */
  function initParams(layout, H, I, seed) {
    const rng = new MersenneTwister(seed);
    const bound = 1 / Math.sqrt(H);
    const draw = (n) => Array.from({ length: n }, () => rng.uniform(-bound, bound));
    const params = {};
    for (const [name, shape] of Object.entries(layout)) {
      params[name] = VECTORS.has(shape) ? draw(H) : Array.from({ length: H }, () => draw(columns(shape, H, I)));
    }
    return params;
  }

  function zeroParams(layout, H, I) {
    const params = {};
    for (const [name, shape] of Object.entries(layout)) {
      const zeros = (n) => new Array(n).fill(0);
      params[name] = VECTORS.has(shape) ? zeros(H) : Array.from({ length: H }, () => zeros(columns(shape, H, I)));
    }
    return params;
  }

  TinyRNN.seeded = { MersenneTwister, initParams, zeroParams, columns };
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
