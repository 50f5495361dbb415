import type { Random } from './random';

/** What a boutique sells, and how each kind of piece behaves over the year. */
export interface CategorySpec {
  name: string;
  /** SKU prefix: `DRS-0001`. */
  code: string;
  /** Price range in whole currency units; prices are log-uniform inside it. */
  price: readonly [number, number];
  /** Relative share of first picks in a basket. */
  popularity: number;
  /** Month multipliers (January first): coats sell in winter, sandals in summer. */
  season: readonly number[];
  sizes: readonly string[];
  materials: readonly string[];
  nouns: readonly string[];
}

const FLAT = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] as const;
const SUMMER = [0.7, 0.75, 0.9, 1.05, 1.25, 1.4, 1.4, 1.2, 0.95, 0.8, 0.75, 0.85] as const;
const WINTER = [1.4, 1.2, 0.95, 0.75, 0.6, 0.5, 0.5, 0.65, 0.95, 1.25, 1.45, 1.5] as const;
const GIFTS = [0.9, 1, 0.95, 0.95, 1.05, 1, 0.95, 0.9, 0.95, 1, 1.2, 1.6] as const;
const CLOTHING = ['XS', 'S', 'M', 'L', 'XL'] as const;
const ONE_SIZE = ['One size'] as const;

export const CATEGORIES: readonly CategorySpec[] = [
  {
    name: 'dresses',
    code: 'DRS',
    price: [59, 249],
    popularity: 1.3,
    season: [0.75, 0.8, 0.95, 1.05, 1.2, 1.3, 1.3, 1.1, 0.95, 0.85, 0.9, 1.2],
    sizes: CLOTHING,
    materials: ['cotton', 'linen', 'silk', 'viscose', 'crepe', 'satin'],
    nouns: ['Wrap Dress', 'Midi Dress', 'Slip Dress', 'Shirt Dress', 'Maxi Dress', 'Cocktail Dress'],
  },
  {
    name: 'tops',
    code: 'TOP',
    price: [25, 95],
    popularity: 1.4,
    season: [0.85, 0.9, 1, 1.05, 1.1, 1.15, 1.15, 1.05, 1, 0.95, 0.9, 1],
    sizes: CLOTHING,
    materials: ['cotton', 'silk', 'linen', 'jersey', 'viscose'],
    nouns: ['Blouse', 'Tee', 'Camisole', 'Tank Top', 'Silk Shirt', 'Bodysuit'],
  },
  {
    name: 'jeans',
    code: 'JNS',
    price: [69, 179],
    popularity: 1.1,
    season: FLAT,
    sizes: ['25', '26', '27', '28', '29', '30', '31', '32'],
    materials: ['denim', 'stretch denim', 'organic denim'],
    nouns: ['Straight Jeans', 'Skinny Jeans', 'Wide-Leg Jeans', 'Mom Jeans', 'Flared Jeans'],
  },
  {
    name: 'trousers',
    code: 'TRS',
    price: [59, 169],
    popularity: 0.8,
    season: FLAT,
    sizes: ['34', '36', '38', '40', '42', '44'],
    materials: ['wool', 'cotton twill', 'linen', 'crepe'],
    nouns: ['Tailored Trousers', 'Wide-Leg Trousers', 'Cigarette Pants', 'Culottes', 'Cargo Pants'],
  },
  {
    name: 'skirts',
    code: 'SKT',
    price: [39, 139],
    popularity: 0.7,
    season: SUMMER,
    sizes: CLOTHING,
    materials: ['cotton', 'linen', 'satin', 'wool', 'leather'],
    nouns: ['Pleated Skirt', 'Midi Skirt', 'Mini Skirt', 'Pencil Skirt', 'Wrap Skirt'],
  },
  {
    name: 'jackets',
    code: 'JKT',
    price: [99, 399],
    popularity: 0.7,
    season: WINTER,
    sizes: CLOTHING,
    materials: ['wool', 'leather', 'cotton', 'down', 'denim'],
    nouns: ['Blazer', 'Trench Coat', 'Leather Jacket', 'Wool Coat', 'Denim Jacket', 'Puffer Jacket'],
  },
  {
    name: 'knitwear',
    code: 'KNT',
    price: [49, 219],
    popularity: 0.8,
    season: WINTER,
    sizes: CLOTHING,
    materials: ['cashmere', 'merino wool', 'cotton knit', 'alpaca'],
    nouns: ['Cashmere Sweater', 'Cardigan', 'Turtleneck', 'Knit Vest', 'Cable Knit Jumper'],
  },
  {
    name: 'shoes',
    code: 'SHO',
    price: [69, 289],
    popularity: 1,
    season: FLAT,
    sizes: ['36', '37', '38', '39', '40', '41'],
    materials: ['leather', 'suede', 'canvas', 'patent leather'],
    nouns: ['Ankle Boots', 'Loafers', 'Ballet Flats', 'Sandals', 'Pumps', 'Sneakers', 'Mules'],
  },
  {
    name: 'bags',
    code: 'BAG',
    price: [49, 349],
    popularity: 0.9,
    season: GIFTS,
    sizes: ONE_SIZE,
    materials: ['leather', 'suede', 'canvas', 'raffia'],
    nouns: ['Tote Bag', 'Crossbody Bag', 'Clutch', 'Shoulder Bag', 'Bucket Bag', 'Backpack'],
  },
  {
    name: 'jewelry',
    code: 'JWL',
    price: [19, 149],
    popularity: 0.8,
    season: GIFTS,
    sizes: ONE_SIZE,
    materials: ['gold-plated brass', 'sterling silver', 'freshwater pearl', 'enamel'],
    nouns: ['Necklace', 'Hoop Earrings', 'Bracelet', 'Signet Ring', 'Pendant'],
  },
  {
    name: 'accessories',
    code: 'ACC',
    price: [19, 129],
    popularity: 0.5,
    season: FLAT,
    sizes: ONE_SIZE,
    materials: ['acetate', 'straw', 'leather', 'wool felt'],
    nouns: ['Sunglasses', 'Straw Hat', 'Leather Gloves', 'Hair Clip', 'Beret'],
  },
  {
    name: 'scarves',
    code: 'SCF',
    price: [25, 119],
    popularity: 0.5,
    season: WINTER,
    sizes: ONE_SIZE,
    materials: ['silk', 'wool', 'cashmere', 'modal'],
    nouns: ['Silk Scarf', 'Wool Scarf', 'Bandana', 'Cashmere Wrap'],
  },
  {
    name: 'belts',
    code: 'BLT',
    price: [29, 99],
    popularity: 0.4,
    season: FLAT,
    sizes: ['S', 'M', 'L'],
    materials: ['leather', 'suede', 'woven leather', 'metal chain'],
    nouns: ['Leather Belt', 'Chain Belt', 'Woven Belt', 'Waist Belt'],
  },
];

const BY_NAME = new Map(CATEGORIES.map((c, i) => [c.name, i]));

function categoryIndex(name: string): number {
  const i = BY_NAME.get(name);
  if (i === undefined) throw new Error(`unknown category ${name}`);
  return i;
}

/** Outfits the shop styles together: an anchor piece and what customers buy with it. */
interface OutfitTemplate {
  theme: string;
  weight: number;
  anchor: number;
  companions: readonly number[];
  palette: readonly string[];
}

const template = (
  theme: string,
  weight: number,
  anchor: string,
  companions: string[],
  palette: string[],
): OutfitTemplate => ({
  theme,
  weight,
  anchor: categoryIndex(anchor),
  companions: companions.map(categoryIndex),
  palette,
});

export const OUTFITS: readonly OutfitTemplate[] = [
  template('evening', 1.2, 'dresses', ['shoes', 'bags', 'jewelry'], ['black', 'emerald', 'burgundy', 'navy']),
  template(
    'day dress',
    1.1,
    'dresses',
    ['shoes', 'bags', 'accessories'],
    ['floral', 'sky blue', 'coral', 'white'],
  ),
  template('denim', 1.2, 'jeans', ['tops', 'belts', 'shoes', 'jackets'], ['indigo', 'white', 'black']),
  template(
    'office',
    1,
    'trousers',
    ['tops', 'jackets', 'belts', 'shoes'],
    ['charcoal', 'camel', 'navy', 'ivory'],
  ),
  template(
    'winter',
    1,
    'knitwear',
    ['scarves', 'jackets', 'trousers', 'accessories'],
    ['oatmeal', 'grey', 'forest green'],
  ),
  template(
    'city skirt',
    0.8,
    'skirts',
    ['tops', 'bags', 'shoes', 'belts'],
    ['sand', 'olive', 'black', 'blush'],
  ),
  template('weekend', 0.9, 'jeans', ['knitwear', 'bags', 'scarves'], ['stone', 'mid blue', 'cream']),
  template(
    'riviera',
    0.8,
    'skirts',
    ['tops', 'accessories', 'jewelry', 'bags'],
    ['white', 'terracotta', 'lemon'],
  ),
];

const NEUTRALS = ['black', 'white', 'beige', 'camel', 'grey', 'navy'] as const;
const METALS = ['gold', 'silver', 'rose gold'] as const;

export const BRANDS = [
  'Maison Lumière',
  'Atelier Nord',
  'Velvet & Oak',
  'Côte Sauvage',
  'Linea Bianca',
  'Studio Mara',
  'Hollis & Finch',
  'Rue Verte',
  'Nomad Muse',
  'Alba Rossi',
  'Kinfolk Label',
  'Silo Denim',
] as const;

const COLLECTION_NAMES = [
  'Riviera',
  'Atelier',
  'Montmartre',
  'Portofino',
  'Nordic',
  'Soho',
  'Amalfi',
  'Camden',
  'Saint-Germain',
  'Tulum',
  'Kyoto',
  'Marrakech',
  'Biarritz',
  'Capri',
  'Brooklyn',
  'Lisboa',
  'Highland',
  'Provence',
  'Havana',
  'Oslo',
  'Seville',
  'Marais',
  'Santorini',
  'Savile',
] as const;

/** One product before ids, stock and dates: the catalog part of a row. */
export interface CatalogItem {
  sku: string;
  name: string;
  category: string;
  categoryIndex: number;
  brand: string;
  color: string;
  size: string;
  material: string;
  priceCents: number;
  costCents: number;
  leadTimeDays: number;
  collection: number;
}

export interface CatalogCollection {
  name: string;
  theme: string;
  /** Indices into the catalog's items. */
  items: number[];
}

export interface Catalog {
  items: CatalogItem[];
  collections: CatalogCollection[];
}

function priceCents(rng: Random, [lo, hi]: readonly [number, number]): number {
  const raw = Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
  // Shop prices end in .99, .90 or .00.
  const whole = Math.max(lo, Math.round(raw));
  const ending = rng.weightedPick([1, 10, 100], [6, 2, 2]);
  return whole * 100 - (ending === 100 ? 0 : ending);
}

/**
 * Builds `count` products grouped into outfits of 2–4 pieces (an anchor plus companions), the structure
 * that later drives which products are bought together.
 */
export function buildCatalog(rng: Random, count: number): Catalog {
  const items: CatalogItem[] = [];
  const collections: CatalogCollection[] = [];
  const perCategory = new Array<number>(CATEGORIES.length).fill(0);
  const outfitWeights = OUTFITS.map((o) => o.weight);

  while (items.length < count) {
    const remaining = count - items.length;
    let size = Math.min(remaining, rng.int(2, 4));
    // Never leave a lone product at the end: it would have no outfit to be bought with.
    if (remaining - size === 1) size = Math.min(remaining, size + 1);
    const outfit = rng.weightedPick(OUTFITS, outfitWeights);
    const round = Math.floor(collections.length / COLLECTION_NAMES.length);
    const baseName = COLLECTION_NAMES[collections.length % COLLECTION_NAMES.length]!;
    const name = round === 0 ? baseName : `${baseName} ${round + 1}`;
    const color = rng.pick(outfit.palette);
    const brand = rng.pick(BRANDS);
    const companions = rng.shuffle([...outfit.companions]);
    const pieces = [outfit.anchor, ...companions];
    const collection: CatalogCollection = { name, theme: outfit.theme, items: [] };

    for (let k = 0; k < size; k++) {
      // Outfits larger than the template repeat its pieces (a second top, other shoes).
      const ci = pieces[k % pieces.length]!;
      const category = CATEGORIES[ci]!;
      perCategory[ci]! += 1;
      const sku = `${category.code}-${String(perCategory[ci]).padStart(4, '0')}`;
      const pieceColor =
        category.name === 'jewelry' ? rng.pick(METALS) : rng.chance(0.6) ? color : rng.pick(NEUTRALS);
      const price = priceCents(rng, category.price);
      const noun = rng.pick(category.nouns);
      collection.items.push(items.length);
      items.push({
        sku,
        name: `${name} ${capitalize(pieceColor)} ${noun}`,
        category: category.name,
        categoryIndex: ci,
        brand: rng.chance(0.75) ? brand : rng.pick(BRANDS),
        color: pieceColor,
        size: rng.pick(category.sizes),
        material: rng.pick(category.materials),
        priceCents: price,
        costCents: Math.round(price * rng.uniform(0.35, 0.6)),
        leadTimeDays: rng.int(3, 30),
        collection: collections.length,
      });
    }
    collections.push(collection);
  }
  return { items, collections };
}

function capitalize(word: string): string {
  return word.replace(/(^|\s)\p{L}/gu, (m) => m.toUpperCase());
}

export function imageUrl(sku: string): string {
  return `https://images.boutique-ml.example/products/${sku}.jpg`;
}
