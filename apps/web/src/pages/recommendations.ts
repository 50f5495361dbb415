import { ApiError, api } from '../api';
import { fmt, h, notice, show } from '../dom';
import { jobButton } from '../jobs';
import type { Paginated, ProductRow, Recommendation, Recommendations } from '../types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long typing pauses before the catalogue is asked (one request per pause, not per key). */
const SEARCH_DELAY_MS = 250;

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
  const search = h('input', {
    id: 'product-search',
    name: 'search',
    type: 'search',
    autocomplete: 'off',
    placeholder: 'name or SKU',
    'aria-controls': 'product-pick',
    'aria-describedby': 'product-matches',
  });
  const matches = h('span', { id: 'product-matches', class: 'muted', role: 'status' });
  const productInput = h('input', {
    id: 'product-id',
    name: 'product_id',
    autocomplete: 'off',
    placeholder: 'a product id, or pick one',
  });
  const picker = h('select', { id: 'product-pick' }, h('option', { value: '' }, 'Choose a product…'));
  // A select is as wide as its longest option: long names must not widen a phone's page.
  picker.style.maxWidth = '100%';
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
    // The picker follows (a card's button may lead to a product the current search does not list).
    picker.value = [...picker.options].some((o) => o.value === productId) ? productId : '';
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

  // The catalogue's first 100 matches, by name; the status says how many there are in all.
  let latest = 0;
  const fillPicker = async (text: string): Promise<ProductRow[]> => {
    const mine = ++latest;
    const query = new URLSearchParams({ page_size: '100' });
    if (text) query.set('search', text);
    const page = await api<Paginated<ProductRow>>('GET', `/api/ml/products/?${query}`);
    if (mine !== latest) return page.results;
    picker.replaceChildren(
      h('option', { value: '' }, page.count ? 'Choose a product…' : 'No product matches'),
      ...page.results.map((p) =>
        h('option', { value: p.id }, `${p.name} · ${p.sku}${p.active ? '' : ' (inactive)'}`),
      ),
    );
    matches.textContent =
      page.count > page.results.length
        ? `${fmt.int(page.count)} products, the first ${page.results.length} listed`
        : `${fmt.int(page.count)} product${page.count === 1 ? '' : 's'}`;
    return page.results;
  };
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => void fillPicker(search.value.trim()).catch(() => {}), SEARCH_DELAY_MS);
  });
  // Enter in the search box: one match is chosen at once; otherwise the list takes the focus.
  search.addEventListener('keydown', async (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    clearTimeout(typing);
    const found = await fillPicker(search.value.trim());
    if (found.length === 1 && found[0]) {
      picker.value = found[0].id;
      void load(found[0].id);
    } else {
      picker.focus();
    }
  });

  const form = h(
    'form',
    { class: 'controls' },
    h('label', { for: 'product-search' }, 'Search products'),
    search,
    h('label', { for: 'product-pick' }, 'Product'),
    picker,
    h('label', { for: 'product-id' }, 'or id'),
    productInput,
    h('label', { for: 'method' }, 'Method'),
    method,
    h('button', { type: 'submit', class: 'primary' }, 'Show'),
    matches,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(productInput.value.trim() || picker.value);
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
  await fillPicker('');
  const fromUrl = new URLSearchParams(location.search).get('product');
  if (fromUrl) await load(fromUrl);
}
