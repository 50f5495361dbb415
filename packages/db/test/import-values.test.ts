import { describe, expect, it } from 'vitest';
import { ImportInputError, parseDate, parseMoney } from '../src/import';
import { resolveColumns } from '../src/import/fields';
import { parseInteger, parseStatus } from '../src/import/values';

describe('reading import cells', () => {
  it('reads ISO 8601 dates, with or without a time and an offset', () => {
    expect(parseDate('2024-03-05', 'dmy')).toBe('2024-03-05T00:00:00');
    expect(parseDate('2024-03-05 14:30', 'dmy')).toBe('2024-03-05T14:30:00');
    expect(parseDate('2024-03-05T14:30:15.250Z', 'dmy')).toBe('2024-03-05T14:30:15.250Z');
    expect(parseDate('2024-03-05T14:30:00+0100', 'dmy')).toBe('2024-03-05T14:30:00+01:00');
    expect(parseDate('2024/3/5 9:05', 'dmy')).toBe('2024-03-05T09:05:00');
  });

  it('reads numeric dates day first unless told month first', () => {
    expect(parseDate('05/03/2024', 'dmy')).toBe('2024-03-05T00:00:00');
    expect(parseDate('5.3.2024 14:30', 'dmy')).toBe('2024-03-05T14:30:00');
    expect(parseDate('12/1/2010 8:26', 'mdy')).toBe('2010-12-01T08:26:00');
    // A US date read day first is refused rather than guessed.
    expect(parseDate('12/13/2010 8:26', 'dmy')).toBeNull();
  });

  it('refuses dates that do not exist or are not dates', () => {
    for (const bad of [
      '2024-02-30',
      '2023-02-29',
      '31/04/2024',
      'ayer',
      '2024-03-05 25:00',
      '1900-01-01',
      '',
    ]) {
      expect(parseDate(bad, 'dmy'), bad).toBeNull();
    }
    expect(parseDate('2024-02-29', 'dmy')).toBe('2024-02-29T00:00:00');
  });

  it('reads amounts with decimal points or commas and currency signs', () => {
    expect(parseMoney('12.5')).toBe(12.5);
    expect(parseMoney('12,50')).toBe(12.5);
    expect(parseMoney('€ 1.234,56')).toBe(1234.56);
    expect(parseMoney('$1,234.56')).toBe(1234.56);
    expect(parseMoney('1,250')).toBe(1250);
    expect(parseMoney('0')).toBe(0);
    for (const bad of ['', 'gratis', '-3', '1e400', '12.5.3']) expect(parseMoney(bad), bad).toBeNull();
  });

  it('reads whole quantities and order states', () => {
    expect(parseInteger('3')).toBe(3);
    expect(parseInteger('-2')).toBe(-2);
    expect(parseInteger('3.0')).toBe(3);
    expect(parseInteger('2.5')).toBeNull();
    expect(parseInteger('dos')).toBeNull();
    expect(parseStatus('')).toBe('paid');
    expect(parseStatus('Completed')).toBe('paid');
    expect(parseStatus('anulado')).toBe('cancelled');
    expect(parseStatus('refunded')).toBe('refunded');
    expect(parseStatus('pending')).toBeNull();
  });
});

describe('finding the columns of a file', () => {
  it('detects the UCI Online Retail columns and marks the file as UCI', () => {
    const uci = resolveColumns('transactions', [
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ]);
    expect(uci.index).toEqual({
      order_id: 0,
      sku: 1,
      product_name: 2,
      quantity: 3,
      date: 4,
      unit_price: 5,
      customer_id: 6,
    });
    expect(uci.uci).toBe(true);
  });

  it('detects Shopify-style and Spanish exports', () => {
    const shopify = resolveColumns('transactions', [
      'Name',
      'Email',
      'Financial Status',
      'Created at',
      'Lineitem quantity',
      'Lineitem name',
      'Lineitem price',
      'Lineitem sku',
      'Vendor',
    ]);
    expect(shopify.index).toMatchObject({
      order_id: 0,
      customer_email: 1,
      status: 2,
      date: 3,
      quantity: 4,
      product_name: 5,
      unit_price: 6,
      sku: 7,
      brand: 8,
    });
    expect(shopify.uci).toBe(false);
    const spanish = resolveColumns('transactions', [
      'Nº Pedido',
      'Fecha',
      'Cliente',
      'Referencia',
      'Descripción',
      'Categoría',
      'Cantidad',
      'Precio unitario',
    ]);
    expect(spanish.index).toEqual({
      order_id: 0,
      date: 1,
      customer_id: 2,
      sku: 3,
      product_name: 4,
      category: 5,
      quantity: 6,
      unit_price: 7,
    });
  });

  it('takes a mapping over detection and names what is missing', () => {
    const mapped = resolveColumns('transactions', ['Ticket', 'Día', 'Código', 'Uds', 'Importe'], {
      order_id: 'Ticket',
      date: 'Día',
      sku: 'Código',
      unit_price: 'Importe',
    });
    expect(mapped.index).toMatchObject({ order_id: 0, date: 1, sku: 2, quantity: 3, unit_price: 4 });
    expect(mapped.described.order_id).toBe('Ticket (mapped)');
    expect(() => resolveColumns('transactions', ['Ticket', 'Día'])).toThrow(/no column for order_id, date/);
    expect(() => resolveColumns('transactions', ['a'], { order_id: 'Missing' })).toThrow(ImportInputError);
    expect(() => resolveColumns('transactions', ['a'], { nonsense: 'a' })).toThrow(
      /unknown field "nonsense"/,
    );
  });
});
