/**
 * Which column of a CSV holds which field. Headers are matched after normalising (lower case, accents and
 * punctuation removed: "Invoice Date", "invoice_date" and "InvoiceDate" are one name); an explicit mapping
 * (`--map field=Column`) wins over the spellings below, which cover the UCI Online Retail files,
 * Shopify-style order exports and common Spanish names.
 */

/** The kinds of file an import reads. `orders` and `transactions` are one row per order line. */
export const IMPORT_KINDS = ['products', 'customers', 'orders', 'transactions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

interface FieldSpec {
  required: boolean;
  names: readonly string[];
}

const LINE_FIELDS = {
  order_id: {
    required: true,
    names: [
      'order_id',
      'order_number',
      'order_no',
      'order',
      'invoice_no',
      'invoice',
      'invoice_number',
      'transaction_id',
      'id_pedido',
      'numero_pedido',
      'num_pedido',
      'n_pedido',
      'pedido',
      'numero_factura',
      'num_factura',
      'factura',
    ],
  },
  date: {
    required: true,
    names: [
      'date',
      'order_date',
      'invoice_date',
      'created_at',
      'paid_at',
      'processed_at',
      'datetime',
      'timestamp',
      'fecha',
      'fecha_pedido',
      'fecha_factura',
      'fecha_compra',
    ],
  },
  customer_id: {
    required: false,
    names: [
      'customer_id',
      'customer_number',
      'customer_code',
      'client_id',
      'customer',
      'id_cliente',
      'codigo_cliente',
      'num_cliente',
      'cliente',
    ],
  },
  customer_email: {
    required: false,
    names: ['email', 'customer_email', 'correo', 'correo_electronico', 'email_cliente'],
  },
  customer_name: { required: false, names: ['customer_name', 'billing_name', 'nombre_cliente'] },
  sku: {
    required: true,
    names: [
      'sku',
      'stock_code',
      'product_id',
      'product_sku',
      'item_id',
      'item_code',
      'lineitem_sku',
      'variant_sku',
      'referencia',
      'ref',
      'codigo_producto',
      'id_producto',
      'codigo',
      'cod_articulo',
    ],
  },
  product_name: {
    required: false,
    names: [
      'product_name',
      'description',
      'lineitem_name',
      'item_name',
      'product_title',
      'title',
      'product',
      'item',
      'nombre_producto',
      'producto',
      'descripcion',
      'articulo',
      'nombre',
    ],
  },
  category: {
    required: false,
    names: ['category', 'product_category', 'product_type', 'categoria', 'familia', 'tipo'],
  },
  brand: { required: false, names: ['brand', 'vendor', 'lineitem_vendor', 'marca', 'fabricante'] },
  quantity: {
    required: true,
    names: ['quantity', 'qty', 'lineitem_quantity', 'units', 'cantidad', 'unidades', 'uds'],
  },
  unit_price: {
    required: true,
    names: [
      'unit_price',
      'price',
      'lineitem_price',
      'item_price',
      'precio_unitario',
      'precio',
      'pvp',
      'importe_unitario',
    ],
  },
  status: {
    required: false,
    names: ['status', 'order_status', 'financial_status', 'estado_pedido', 'estado'],
  },
} as const satisfies Record<string, FieldSpec>;

const PRODUCT_FIELDS = {
  sku: {
    required: true,
    names: [
      'sku',
      'product_id',
      'stock_code',
      'item_code',
      'variant_sku',
      'referencia',
      'ref',
      'codigo',
      'id_producto',
    ],
  },
  name: {
    required: true,
    names: ['name', 'product_name', 'title', 'description', 'nombre', 'producto', 'descripcion'],
  },
  category: { required: false, names: ['category', 'product_type', 'type', 'categoria', 'familia', 'tipo'] },
  brand: { required: false, names: ['brand', 'vendor', 'marca'] },
  color: { required: false, names: ['color', 'colour', 'option1_value'] },
  size: { required: false, names: ['size', 'talla', 'option2_value'] },
  material: { required: false, names: ['material', 'tejido'] },
  price: { required: true, names: ['price', 'unit_price', 'variant_price', 'precio', 'pvp'] },
  cost: { required: false, names: ['cost', 'unit_cost', 'cost_per_item', 'coste', 'costo'] },
  stock: {
    required: false,
    names: ['stock', 'quantity', 'inventory', 'on_hand', 'variant_inventory_qty', 'existencias', 'cantidad'],
  },
  lead_time_days: { required: false, names: ['lead_time_days', 'lead_time', 'plazo_entrega', 'plazo'] },
  image_url: { required: false, names: ['image_url', 'image', 'image_src', 'imagen'] },
  active: { required: false, names: ['active', 'published', 'status', 'activo', 'estado'] },
} as const satisfies Record<string, FieldSpec>;

const CUSTOMER_FIELDS = {
  customer_id: {
    required: true,
    names: [
      'customer_id',
      'customer_number',
      'customer_code',
      'id',
      'id_cliente',
      'codigo_cliente',
      'cliente',
    ],
  },
  name: {
    required: false,
    names: ['name', 'customer_name', 'full_name', 'nombre', 'nombre_completo', 'nombre_cliente'],
  },
  first_name: { required: false, names: ['first_name', 'nombre_pila'] },
  last_name: { required: false, names: ['last_name', 'apellidos', 'apellido'] },
  email: { required: false, names: ['email', 'correo', 'correo_electronico'] },
  created_at: {
    required: false,
    names: ['created_at', 'signup_date', 'registered', 'fecha_alta', 'fecha_registro', 'alta'],
  },
} as const satisfies Record<string, FieldSpec>;

export type LineField = keyof typeof LINE_FIELDS;
export type ProductField = keyof typeof PRODUCT_FIELDS;
export type CustomerField = keyof typeof CUSTOMER_FIELDS;

const FIELDS: Record<ImportKind, Record<string, FieldSpec>> = {
  products: PRODUCT_FIELDS,
  customers: CUSTOMER_FIELDS,
  orders: LINE_FIELDS,
  transactions: LINE_FIELDS,
};

/** Every field name a mapping may use, by kind (for help texts and validation). */
export function fieldNames(kind: ImportKind): string[] {
  return Object.keys(FIELDS[kind]);
}

/** A whole-file problem (no column for a required field, unknown mapping...): nothing is imported. */
export class ImportInputError extends Error {
  override readonly name = 'ImportInputError';
}

export const normalizeHeader = (h: string) =>
  h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

export interface ResolvedColumns<F extends string> {
  /** Column index of each field found; absent fields are not keys. */
  index: Partial<Record<F, number>>;
  /** How each field was found, for the report: "InvoiceNo (detected)" or "Invoice (mapped)". */
  described: Record<string, string>;
  /** The file looks like the UCI Online Retail export (cancelled invoices start with "C"). */
  uci: boolean;
}

/**
 * Finds the column of every field of `kind` in `header`. `mapping` (field → column header, matched
 * exactly or after normalising) overrides detection. Throws ImportInputError naming what is missing.
 */
export function resolveColumns<F extends string>(
  kind: ImportKind,
  header: readonly string[],
  mapping: Readonly<Record<string, string>> = {},
): ResolvedColumns<F> {
  const specs = FIELDS[kind];
  const normalized = header.map(normalizeHeader);
  const index: Record<string, number> = {};
  const described: Record<string, string> = {};
  const used = new Set<number>();
  for (const [field, column] of Object.entries(mapping)) {
    if (!(field in specs)) {
      throw new ImportInputError(
        `unknown field "${field}" in the mapping for a ${kind} file; fields: ${Object.keys(specs).join(', ')}`,
      );
    }
    let at = header.indexOf(column);
    if (at < 0) at = normalized.indexOf(normalizeHeader(column));
    if (at < 0) {
      throw new ImportInputError(
        `the mapping says ${field}=${column}, but the ${kind} file has no column "${column}"; ` +
          `its columns: ${header.join(', ')}`,
      );
    }
    index[field] = at;
    described[field] = `${header[at]} (mapped)`;
    used.add(at);
  }
  // Shopify's order exports call the order number "Name" (#1001); elsewhere "name" is a product's.
  const shopify = normalized.includes('lineitemquantity') || normalized.includes('lineitemname');
  for (const [field, spec] of Object.entries(specs)) {
    if (field in index) continue;
    const names = field === 'order_id' && shopify ? ['name', ...spec.names] : spec.names;
    for (const name of names) {
      const at = normalized.indexOf(normalizeHeader(name));
      if (at >= 0 && !used.has(at)) {
        index[field] = at;
        described[field] = `${header[at]} (detected)`;
        used.add(at);
        break;
      }
    }
  }
  const missing = Object.entries(specs)
    .filter(([field, spec]) => spec.required && !(field in index))
    .map(([field]) => field);
  if (missing.length > 0) {
    throw new ImportInputError(
      `the ${kind} file has no column for ${missing.join(', ')}; name it with a mapping ` +
        `(e.g. --map ${missing[0]}=<column>); its columns: ${header.join(', ')}`,
    );
  }
  const orderColumn = index.order_id === undefined ? '' : (normalized[index.order_id] ?? '');
  return {
    index: index as Partial<Record<F, number>>,
    described,
    uci:
      (kind === 'orders' || kind === 'transactions') &&
      (orderColumn === 'invoiceno' || orderColumn === 'invoice'),
  };
}
