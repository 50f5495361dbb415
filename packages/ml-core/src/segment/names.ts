/**
 * # Naming the clusters
 *
 * Each cluster's centroid, in the standardised log space the clustering uses (so days, counts and money
 * are comparable; the order of the clusters on every feature is the same as in original units), gets a
 * score per segment type: a weighted sum of its coordinates, with the weight vectors below scaled to
 * unit length so no type wins by having bigger weights.
 *
 * | type       | recency | orders | spent | avg order | frequency | tenure | reads as                          |
 * |------------|---------|--------|-------|-----------|-----------|--------|-----------------------------------|
 * | vip        |   −1    |   +1   |  +2   |    +1     |    +1     |   0    | spends most, still buying         |
 * | frequent   |   −1    |   +2   |   0   |   −0.5    |    +1     |   0    | many orders, still buying         |
 * | occasional |   −1    |  −0.5  |   0   |     0     |    −1     |   +1   | known for long, buys rarely       |
 * | at_risk    |   +2    |   +1   |   0   |     0     |    +1     |   0    | had a rhythm, silent for longer   |
 * | new        |   −1    |  −0.5  |   0   |     0     |     0     |   −2   | first orders, recently            |
 * | inactive   |   +2    |   −1   |   0   |     0     |    −1     |   0    | little history, long ago          |
 *
 * (at_risk: log recency + log frequency is the log of "purchases missed since the last one" at the
 * customer's own pace, so a long silence counts more for a customer who used to buy often.)
 *
 * The names are the assignment with the highest total score over all clusters, found exhaustively:
 * - **k = 6**: every type exactly once (the best of the 720 permutations);
 * - **k < 6**: distinct types;
 * - **k > 6**: every type at least once. Six clusters carry the plain type names; every other cluster
 *   takes its own best type with a suffix in cluster order (`frequent_2`, then `frequent_3`).
 * Ties go to the first candidate in search order, so names are a deterministic function of the centroids.
 */
import { SEGMENT_FEATURES } from './features';

export const SEGMENT_TYPES = ['vip', 'frequent', 'occasional', 'at_risk', 'new', 'inactive'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

/** Weights per type, in SEGMENT_FEATURES order (recency, orders, spent, avg order, frequency, tenure). */
export const SEGMENT_TYPE_WEIGHTS: Record<SegmentType, readonly number[]> = {
  vip: [-1, 1, 2, 1, 1, 0],
  frequent: [-1, 2, 0, -0.5, 1, 1],
  occasional: [-0.5, -1, 0, 0, -1, 0],
  at_risk: [2, 1, 0, 0, 1, 0],
  new: [-1, -0.5, 0, 0, 0, -2],
  inactive: [2, -1, 0, 0, -1, 0],
};

/** score[c][t]: how well cluster c (standardised centroid, row-major k × 6) fits type t. */
export function segmentTypeScores(centroids: ArrayLike<number>, k: number): number[][] {
  const d = SEGMENT_FEATURES.length;
  const unit = SEGMENT_TYPES.map((type) => {
    const w = SEGMENT_TYPE_WEIGHTS[type];
    const norm = Math.hypot(...w);
    return w.map((v) => v / norm);
  });
  return Array.from({ length: k }, (_, c) =>
    unit.map((w) => w.reduce((sum, wj, j) => sum + wj * centroids[c * d + j]!, 0)),
  );
}

/**
 * The injective map rows → columns (rows ≤ columns) with the highest total of `value(row, column)`,
 * by exhaustive search (at most 12 · 11 · … · 7 ≈ 665k leaves); the first best in search order wins.
 */
function bestInjection(
  rows: number,
  columns: number,
  value: (row: number, column: number) => number,
): number[] {
  const used = new Uint8Array(columns);
  const current = new Array<number>(rows).fill(-1);
  let best: number[] = [];
  let bestTotal = Number.NEGATIVE_INFINITY;
  const search = (row: number, total: number): void => {
    if (row === rows) {
      if (total > bestTotal) {
        bestTotal = total;
        best = [...current];
      }
      return;
    }
    for (let col = 0; col < columns; col++) {
      if (used[col]) continue;
      used[col] = 1;
      current[row] = col;
      search(row + 1, total + value(row, col));
      used[col] = 0;
    }
  };
  search(0, 0);
  return best;
}

/** Segment type names of k clusters from their standardised centroids (module comment). */
export function nameClusters(centroids: ArrayLike<number>, k: number): string[] {
  const scores = segmentTypeScores(centroids, k);
  const types = SEGMENT_TYPES.length;
  const base = new Array<number>(k).fill(-1);
  const primary = new Uint8Array(k);
  if (k <= types) {
    bestInjection(k, types, (c, t) => scores[c]![t]!).forEach((t, c) => {
      base[c] = t;
      primary[c] = 1;
    });
  } else {
    // Every other cluster takes its best type, so a cluster given type t instead gives up
    // best(c) − score(c, t): the injection that gives up least is the best "each type at least once".
    const best = scores.map((row) => Math.max(...row));
    bestInjection(types, k, (t, c) => scores[c]![t]! - best[c]!).forEach((c, t) => {
      base[c] = t;
      primary[c] = 1;
    });
    for (let c = 0; c < k; c++) {
      if (base[c]! >= 0) continue;
      const row = scores[c]!;
      base[c] = row.indexOf(Math.max(...row));
    }
  }
  const seen = new Array<number>(types).fill(1);
  return base.map((t, c) => {
    const name = SEGMENT_TYPES[t]!;
    if (primary[c]) return name;
    seen[t]! += 1;
    return `${name}_${seen[t]}`;
  });
}

/** The segment type a (possibly suffixed) segment name stands for: 'frequent_2' → 'frequent'. */
export function baseSegmentType(segmentType: string): SegmentType {
  const base = segmentType.replace(/_\d+$/, '');
  if (!(SEGMENT_TYPES as readonly string[]).includes(base)) {
    throw new RangeError(`unknown segment type: ${JSON.stringify(segmentType)}`);
  }
  return base as SegmentType;
}

const ACTIONS: Record<SegmentType, { en: string[]; es: string[] }> = {
  vip: {
    en: [
      'Offer exclusive VIP discounts',
      'Give early access to new collections',
      'Invite them to a premium loyalty programme',
    ],
    es: [
      'Ofrecer descuentos exclusivos VIP',
      'Acceso anticipado a nuevas colecciones',
      'Programa de lealtad premium',
    ],
  },
  frequent: {
    en: [
      'Reward every purchase with loyalty points',
      'Recommend complementary items to grow the basket',
      'Invite them to move up to the VIP programme',
    ],
    es: [
      'Recompensar cada compra con puntos de fidelidad',
      'Recomendar productos complementarios para aumentar el ticket',
      'Invitar a subir al programa VIP',
    ],
  },
  occasional: {
    en: [
      'Send personalised recommendations based on past purchases',
      'Offer a time-limited discount on the next purchase',
      'Remind them of seasonal collections and sales',
    ],
    es: [
      'Enviar recomendaciones personalizadas según compras anteriores',
      'Ofrecer un descuento por tiempo limitado en la próxima compra',
      'Recordar las colecciones de temporada y las rebajas',
    ],
  },
  at_risk: {
    en: [
      'Send a win-back campaign with a personal offer',
      'Ask for feedback on their last purchase',
      'Offer free shipping or a gift on their return',
    ],
    es: [
      'Enviar una campaña de recuperación con una oferta personal',
      'Pedir su opinión sobre la última compra',
      'Ofrecer envío gratis o un regalo al volver',
    ],
  },
  new: {
    en: [
      'Send a welcome series that introduces the brand',
      'Offer a discount on the second purchase',
      'Recommend bestsellers that go with the first purchase',
    ],
    es: [
      'Enviar una serie de bienvenida que presente la marca',
      'Ofrecer un descuento en la segunda compra',
      'Recomendar los más vendidos que combinen con la primera compra',
    ],
  },
  inactive: {
    en: [
      'Run a reactivation campaign with a strong incentive',
      'Ask why they stopped buying',
      'Clean the mailing list if there is no response',
    ],
    es: [
      'Lanzar una campaña de reactivación con un incentivo fuerte',
      'Preguntar por qué dejaron de comprar',
      'Depurar la lista de correo si no hay respuesta',
    ],
  },
};

/** Suggested actions for a segment (suffixes like `_2` ignored); RangeError for an unknown type. */
export function segmentActions(segmentType: string, language: 'en' | 'es'): string[] {
  return [...ACTIONS[baseSegmentType(segmentType)][language]];
}
