/**
 * An averaged perceptron over BIO tags with first-order transitions (Collins 2002), decoded with
 * Viterbi. One chain per label: claims hold actors and casualty figures, and one chain per label
 * lets spans of different labels nest or overlap as they do in the layers.
 *
 * Tags: 0 = O (outside), 1 = B (begins a span), 2 = I (continues it). An I never follows an O
 * nor starts the text. Confidence comes from max-marginals (the best path through each tag of
 * each token): a token's margin is how much the best path beats the best path with another tag
 * there; 0 means the tagger could as well have said otherwise.
 */

export const O = 0;
export const B = 1;
export const I = 2;
export const TAGS = 3;
/** Transition rows: from O, B, I, and from the start. */
const START = 3;
const NEG = -Infinity;

const allowed = (from: number, to: number) => !(to === I && (from === O || from === START));

/** A chain's weights: emissions (feature × tag) and transitions ((O, B, I, start) × tag). */
export interface ChainWeights {
  emit: Float64Array;
  trans: Float64Array;
}

/** Emission scores per token and tag, from the token's feature ids (unknown features are -1). */
export function emissions(w: ChainWeights, feats: readonly Int32Array[]): Float64Array {
  const e = new Float64Array(feats.length * TAGS);
  for (let t = 0; t < feats.length; t++) {
    const f = feats[t]!;
    let o = 0, b = 0, i = 0;
    for (let k = 0; k < f.length; k++) {
      const id = f[k]!;
      if (id < 0) continue;
      o += w.emit[id * TAGS]!;
      b += w.emit[id * TAGS + 1]!;
      i += w.emit[id * TAGS + 2]!;
    }
    e[t * TAGS] = o;
    e[t * TAGS + 1] = b;
    e[t * TAGS + 2] = i;
  }
  return e;
}

/** The best tag sequence. */
export function viterbi(trans: Float64Array, e: Float64Array, n: number): Uint8Array {
  const score = new Float64Array(n * TAGS);
  const back = new Uint8Array(n * TAGS);
  for (let y = 0; y < TAGS; y++) score[y] = allowed(START, y) ? trans[START * TAGS + y]! + e[y]! : NEG;
  for (let t = 1; t < n; t++) {
    for (let y = 0; y < TAGS; y++) {
      let best = NEG, arg = 0;
      for (let p = 0; p < TAGS; p++) {
        if (!allowed(p, y)) continue;
        const s = score[(t - 1) * TAGS + p]! + trans[p * TAGS + y]!;
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      score[t * TAGS + y] = best + e[t * TAGS + y]!;
      back[t * TAGS + y] = arg;
    }
  }
  const path = new Uint8Array(n);
  if (n === 0) return path;
  let y = 0;
  for (let k = 1; k < TAGS; k++) if (score[(n - 1) * TAGS + k]! > score[(n - 1) * TAGS + y]!) y = k;
  for (let t = n - 1; t >= 0; t--) {
    path[t] = y;
    y = back[t * TAGS + y]!;
  }
  return path;
}

/** Per token, the best score of a whole path through each tag (max-marginals), then the margin of the best tag over the next. */
export function margins(trans: Float64Array, e: Float64Array, n: number): Float64Array {
  const alpha = new Float64Array(n * TAGS);
  const beta = new Float64Array(n * TAGS);
  for (let y = 0; y < TAGS; y++) alpha[y] = allowed(START, y) ? trans[START * TAGS + y]! + e[y]! : NEG;
  for (let t = 1; t < n; t++) {
    for (let y = 0; y < TAGS; y++) {
      let best = NEG;
      for (let p = 0; p < TAGS; p++) if (allowed(p, y)) best = Math.max(best, alpha[(t - 1) * TAGS + p]! + trans[p * TAGS + y]!);
      alpha[t * TAGS + y] = best + e[t * TAGS + y]!;
    }
  }
  for (let t = n - 2; t >= 0; t--) {
    for (let y = 0; y < TAGS; y++) {
      let best = NEG;
      for (let x = 0; x < TAGS; x++) if (allowed(y, x)) best = Math.max(best, trans[y * TAGS + x]! + e[(t + 1) * TAGS + x]! + beta[(t + 1) * TAGS + x]!);
      beta[t * TAGS + y] = best;
    }
  }
  const m = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let first = NEG, second = NEG;
    for (let y = 0; y < TAGS; y++) {
      const s = alpha[t * TAGS + y]! + beta[t * TAGS + y]!;
      if (s > first) {
        second = first;
        first = s;
      } else if (s > second) second = s;
    }
    m[t] = second === NEG ? first - first : first - second;
  }
  return m;
}

export interface Example {
  /** Feature ids of each token. */
  feats: Int32Array[];
  /** The right tag of each token. */
  gold: Uint8Array;
}

/**
 * Trains one chain. `examples` are visited in a fixed shuffled order per epoch (seeded: the same
 * data gives the same model). Returns the averaged weights.
 */
export function trainChain(
  examples: readonly Example[],
  featureCount: number,
  epochs: number,
  seed: number,
  onEpoch?: (epoch: number) => void,
): ChainWeights {
  const w: ChainWeights = { emit: new Float64Array(featureCount * TAGS), trans: new Float64Array((TAGS + 1) * TAGS) };
  // Averaging by the usual trick: keep the sum of (step × change), subtract its mean at the end.
  const uEmit = new Float64Array(featureCount * TAGS);
  const uTrans = new Float64Array((TAGS + 1) * TAGS);
  let step = 1;
  const order = examples.map((_, i) => i);
  let random = seed >>> 0 || 1;
  const next = () => ((random = (Math.imul(random, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const { feats, gold } = examples[index]!;
      const n = feats.length;
      const path = viterbi(w.trans, emissions(w, feats), n);
      for (let t = 0; t < n; t++) {
        const g = gold[t]!, p = path[t]!;
        if (g !== p) {
          for (const id of feats[t]!) {
            if (id < 0) continue;
            w.emit[id * TAGS + g]! += 1;
            w.emit[id * TAGS + p]! -= 1;
            uEmit[id * TAGS + g]! += step;
            uEmit[id * TAGS + p]! -= step;
          }
        }
        const gp = t === 0 ? START : gold[t - 1]!, pp = t === 0 ? START : path[t - 1]!;
        if (gp !== pp || g !== p) {
          w.trans[gp * TAGS + g]! += 1;
          w.trans[pp * TAGS + p]! -= 1;
          uTrans[gp * TAGS + g]! += step;
          uTrans[pp * TAGS + p]! -= step;
        }
      }
      step++;
    }
    onEpoch?.(epoch + 1);
  }
  for (let k = 0; k < w.emit.length; k++) w.emit[k] = w.emit[k]! - uEmit[k]! / step;
  for (let k = 0; k < w.trans.length; k++) w.trans[k] = w.trans[k]! - uTrans[k]! / step;
  return w;
}

/** Tags and margins of one chain over a token sequence. */
export function decode(w: ChainWeights, feats: readonly Int32Array[]): { path: Uint8Array; margin: Float64Array } {
  return decodeScores(w.trans, emissions(w, feats), feats.length);
}

/** Tags and margins of one chain over n tokens, from their emission scores. */
export function decodeScores(trans: Float64Array, e: Float64Array, n: number): { path: Uint8Array; margin: Float64Array } {
  return { path: viterbi(trans, e, n), margin: margins(trans, e, n) };
}

/**
 * Emission scores of several chains at once, from their weights side by side (feature × chain ×
 * tag): one pass over the features instead of one per chain (a 1 MB text has millions of them).
 * Writes the scores of tokens offset … offset + feats.length into `out` (one array per chain).
 */
export function emissionsOfAll(weights: Float64Array, chains: number, feats: readonly Int32Array[], out: Float64Array[], offset: number): void {
  const n = feats.length;
  const row = chains * TAGS;
  const sum = new Float64Array(row);
  for (let t = 0; t < n; t++) {
    sum.fill(0);
    const f = feats[t]!;
    for (let k = 0; k < f.length; k++) {
      const id = f[k]!;
      if (id < 0) continue;
      const base = id * row;
      for (let x = 0; x < row; x++) sum[x]! += weights[base + x]!;
    }
    const at = (offset + t) * TAGS;
    for (let c = 0; c < chains; c++) {
      const e = out[c]!;
      e[at] = sum[c * TAGS]!;
      e[at + 1] = sum[c * TAGS + 1]!;
      e[at + 2] = sum[c * TAGS + 2]!;
    }
  }
}
