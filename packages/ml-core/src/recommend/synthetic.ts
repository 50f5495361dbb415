/**
 * A synthetic store with known structure, for the recommender's tests: products grouped into outfits of
 * 2–4 pieces from different categories, outfits grouped into styles (a style's pieces share a brand
 * and mostly a color), and customers loyal to one style. A basket is 1–3 pieces of one outfit — of the
 * customer's style with probability `loyalty`, else a popular outfit of any style — so the next order
 * is predictable from earlier ones (same style) and from the store (popular outfits).
 */
import { createRng } from '../random/prng';
import { addDays } from '../time/days';
import type { Basket, RecProduct } from './options';

export interface OutfitStoreOptions {
  seed: number;
  products: number;
  categories: number;
  styles: number;
  customers: number;
  baskets: number;
  /** Share of a customer's baskets drawn from their own style (default 0.8). */
  loyalty?: number;
  /** First day of the history; baskets spread over `days` days (default 365). */
  start?: string;
  days?: number;
}

export interface OutfitStore {
  products: RecProduct[];
  baskets: Basket[];
  /** Product ids of each outfit. */
  outfits: string[][];
  styleOfProduct: Map<string, number>;
}

const COLORS = ['black', 'white', 'navy', 'red', 'green', 'camel', 'grey', 'pink', 'blue', 'olive'];
const SIZES = ['S', 'M', 'L'];
const MATERIALS = ['cotton', 'wool', 'silk', 'leather', 'linen'];

export function outfitStore(options: OutfitStoreOptions): OutfitStore {
  const rng = createRng(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
  const width = String(options.products).length;
  const products: RecProduct[] = [];
  const outfits: string[][] = [];
  const outfitStyle: number[] = [];
  const styleOfProduct = new Map<string, number>();
  let category = 0;
  while (products.length < options.products) {
    const style = outfits.length % options.styles;
    const size = Math.min(options.products - products.length, int(2, 4));
    const outfit: string[] = [];
    for (let k = 0; k < size; k++) {
      const id = `p${String(products.length).padStart(width, '0')}`;
      products.push({
        id,
        category: `c${(category++ % options.categories).toString().padStart(2, '0')}`,
        brand: `brand-${style}`,
        color: rng() < 0.7 ? COLORS[style % COLORS.length]! : pick(COLORS),
        size: pick(SIZES),
        material: pick(MATERIALS),
        price: Math.round(20 + 200 * rng()),
        active: true,
        stock: 10,
      });
      outfit.push(id);
      styleOfProduct.set(id, style);
    }
    outfits.push(outfit);
    outfitStyle.push(style);
  }

  // Outfit popularity: Zipf-like weights in a shuffled order, so popular outfits are spread over styles.
  const weights = outfits.map((_, o) => 1 / (1 + ((o * 7919) % outfits.length)) ** 0.8);
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += w;
    cumulative.push(total);
  }
  const popularOutfit = () => {
    const u = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const byStyle = Array.from({ length: options.styles }, () => [] as number[]);
  outfitStyle.forEach((s, o) => {
    byStyle[s]!.push(o);
  });

  const loyalty = options.loyalty ?? 0.8;
  const days = options.days ?? 365;
  const start = options.start ?? '2025-01-01';
  const customerStyle = Array.from({ length: options.customers }, () => int(0, options.styles - 1));
  const perDay = options.baskets / days;
  const baskets: Basket[] = [];
  const dates = Array.from({ length: days }, (_, d) => addDays(start, d));
  for (let b = 0; b < options.baskets; b++) {
    const c = int(0, options.customers - 1);
    const style = customerStyle[c]!;
    const own = byStyle[style]!;
    const outfit = outfits[rng() < loyalty && own.length > 0 ? pick(own) : popularOutfit()]!;
    const count = Math.min(outfit.length, int(1, 3));
    const chosen = new Set<string>();
    while (chosen.size < count) chosen.add(pick(outfit));
    baskets.push({
      orderId: `o${b}`,
      customerId: `u${c}`,
      date: dates[Math.min(days - 1, Math.floor(b / perDay))]!,
      productIds: [...chosen],
    });
  }
  return { products, baskets, outfits, styleOfProduct };
}
