import { ApiError, api } from '../api';
import { fmt, h, notice, show } from '../dom';
import { jobButton } from '../jobs';
import type {
  InventoryAlert,
  Paginated,
  Recommendation,
  Recommendations,
  ReorderRecommendations,
} from '../types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The API has no product catalogue endpoint, so the picker offers the products the latest inventory
 * analysis knows (to reorder or with alerts); any product id can be typed, and every recommended product
 * leads on to its own recommendations.
 */
async function knownProducts(): Promise<{ id: string; name: string }[]> {
  const [reorder, alerts] = await Promise.all([
    api<ReorderRecommendations>('GET', '/api/ml/reorder-recommendations/').catch(() => null),
    api<Paginated<InventoryAlert>>('GET', '/api/ml/inventory-alerts/?page_size=100').catch(() => null),
  ]);
  const byId = new Map<string, string>();
  for (const r of reorder?.recommendations ?? []) byId.set(r.product_id, r.product_name);
  for (const a of alerts?.results ?? []) byId.set(a.product_id, a.product_name);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The product photo, or a placeholder when there is none or it does not load. */
function photo(r: Recommendation): HTMLElement {
  const placeholder = () =>
    h(
      'div',
      { class: 'photo placeholder', role: 'img', 'aria-label': `No photo of ${r.product_name}` },
      r.category,
    );
  if (!r.image_url) return placeholder();
  const img = h('img', { class: 'photo', src: r.image_url, alt: r.product_name, loading: 'lazy' });
  img.addEventListener('error', () => img.replaceWith(placeholder()), { once: true });
  return img;
}

/** Recommendations for a chosen product, with photos, score and price. */
export async function recommendationsPage(root: HTMLElement): Promise<void> {
  const productInput = h('input', {
    id: 'product-id',
    name: 'product_id',
    autocomplete: 'off',
    placeholder: 'a product id, or pick one',
  });
  const picker = h('select', { id: 'product-pick' }, h('option', { value: '' }, 'Choose a product…'));
  const method = h(
    'select',
    { id: 'method' },
    ...['hybrid', 'bought_together', 'similar'].map((m) => h('option', { value: m }, fmt.label(m))),
  );
  const results = h('div', { id: 'recommendations', 'aria-live': 'polite' });

  const load = async (productId: string) => {
    if (!UUID.test(productId)) {
      show(results, notice('Enter a product id (a uuid) or pick a product.', 'error'));
      return;
    }
    productInput.value = productId;
    try {
      const r = await api<Recommendations>(
        'GET',
        `/api/ml/product-recommendations/${productId}/?top_n=12&method=${method.value}`,
      );
      show(
        results,
        h('h2', {}, `Customers who look at ${r.source_product_name} may also like`),
        r.recommendations.length
          ? h(
              'ul',
              { class: 'products' },
              ...r.recommendations.map((p) => {
                const next = h('button', { type: 'button' }, 'Recommendations for this');
                next.addEventListener('click', () => void load(p.product_id));
                return h(
                  'li',
                  { class: 'product' },
                  photo(p),
                  h('strong', {}, p.product_name),
                  h('span', { class: 'muted' }, `${p.category} · ${p.sku}`),
                  h(
                    'span',
                    {},
                    `${fmt.money(p.price)} · score ${fmt.num(p.similarity_score)} · ${fmt.int(p.stock)} in stock`,
                  ),
                  next,
                );
              }),
            )
          : h('p', {}, 'No recommendations for this product.'),
      );
    } catch (err) {
      const text =
        err instanceof ApiError && err.code === 'model_not_found'
          ? 'No recommendation model yet: train one below.'
          : (err as Error).message;
      show(results, notice(text, err instanceof ApiError && err.status === 404 ? 'info' : 'error'));
    }
  };

  const form = h(
    'form',
    { class: 'controls' },
    h('label', { for: 'product-pick' }, 'Product'),
    picker,
    h('label', { for: 'product-id' }, 'or id'),
    productInput,
    h('label', { for: 'method' }, 'Method'),
    method,
    h('button', { type: 'submit', class: 'primary' }, 'Show'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(productInput.value.trim());
  });
  picker.addEventListener('change', () => {
    if (picker.value) void load(picker.value);
  });

  show(
    root,
    h('h1', {}, 'Recommendations'),
    h('section', { class: 'card' }, form, results),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Train the recommender'),
      jobButton({ job: 'train-product-recommendation', label: 'Train recommendations' }),
    ),
  );
  const products = await knownProducts();
  for (const p of products) picker.append(h('option', { value: p.id }, p.name));
  const fromUrl = new URLSearchParams(location.search).get('product');
  if (fromUrl) await load(fromUrl);
}
